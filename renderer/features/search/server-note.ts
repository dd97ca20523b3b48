import type { ServerSearchReport } from '../../../shared/search/search-types.ts';

// One sentence on what the server search did, shown above the results.
export function serverNote(report: ServerSearchReport): string {
  if (report.notSearched !== null) return `Searched this device only. ${report.notSearched}`;
  const parts = [
    report.found === 1 ? 'The server found 1 message' : `The server found ${report.found} messages`,
    report.fetched > 0 ? `, ${report.fetched} of them new here.` : '.',
  ];
  if (report.localOnly.length > 0) parts.push(` ${report.localOnly.join(' and ')} ${report.localOnly.length === 1 ? 'was' : 'were'} checked on this device only.`);
  if (report.unreachable.length > 0) parts.push(` Could not reach ${report.unreachable.join(', ')}.`);
  return parts.join('');
}
