// How every benchmark reports: a table of figures, each beside its baseline from the same
// run and, where it has one, its target; and one BENCH_FIGURES line of JSON that
// bench/run-all.ts gathers into the suite's table and --json file. The exit code says
// whether every target was met.
export type Figure = {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baselineName: string | null;
  readonly baseline: number | null;
  // baseline / value for times (above 1: faster than the baseline); null where meaningless.
  readonly ratio: number | null;
  readonly target: string | null;
  readonly met: boolean | null;
};

export const figuresPrefix = 'BENCH_FIGURES ';

function format(value: number, unit: string): string {
  return `${value >= 100 ? value.toFixed(0) : value.toFixed(1)} ${unit}`;
}

export function figureRows(figures: readonly Figure[]): string[] {
  const rows = figures.map((figure) => [
    figure.name,
    format(figure.value, figure.unit),
    figure.baseline === null ? '' : `${format(figure.baseline, figure.unit)} (${figure.baselineName ?? 'baseline'})`,
    figure.ratio === null ? '' : figure.ratio.toFixed(2),
    figure.target ?? '',
    figure.met === null ? '' : figure.met ? 'MET' : 'NOT MET',
  ]);
  const header = ['figure', 'value', 'baseline (same run)', 'ratio', 'target', ''];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]) => `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(' | ')} |`;
  return [line(header), `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`, ...rows.map(line)];
}

export function reportFigures(title: string, figures: readonly Figure[]): void {
  console.log(`\n${title}`);
  for (const row of figureRows(figures)) console.log(row);
  console.log(`${figuresPrefix}${JSON.stringify({ title, figures })}`);
  if (figures.some((figure) => figure.met === false)) process.exitCode = 1;
}
