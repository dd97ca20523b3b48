import type { MessageLocation } from '../../shared/domain.ts';

// Where a message lives (issue 6.5), in the words the list row, the reader and screen
// readers use.
export function locationText(location: MessageLocation): string {
  if (location === 'local') return 'on this computer';
  if (location === 'both') return 'on the server and this computer';
  return 'on the server';
}
