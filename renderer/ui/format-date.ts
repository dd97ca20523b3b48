// Dates for the message list and the reader. Locale and time zone are parameters
// so tests are stable; the app passes undefined to use the user's own.
export type DateFormatOptions = {
  readonly locale?: string;
  readonly timeZone?: string;
};

function dayKey(epochMs: number, options: DateFormatOptions): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: options.timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(epochMs);
}

function yearOf(epochMs: number, options: DateFormatOptions): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: options.timeZone, year: 'numeric' }).format(epochMs);
}

// Today: the time; this year: day and month; older: with the year.
export function formatListDate(epochMs: number, nowMs: number, options: DateFormatOptions = {}): string {
  if (!Number.isFinite(epochMs) || epochMs <= 0) return '';
  const { locale, timeZone } = options;
  if (dayKey(epochMs, options) === dayKey(nowMs, options)) {
    return new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit' }).format(epochMs);
  }
  if (yearOf(epochMs, options) === yearOf(nowMs, options)) {
    return new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short' }).format(epochMs);
  }
  return new Intl.DateTimeFormat(locale, { timeZone, day: 'numeric', month: 'short', year: 'numeric' }).format(epochMs);
}

export function formatFullDate(epochMs: number, options: DateFormatOptions = {}): string {
  if (!Number.isFinite(epochMs) || epochMs <= 0) return 'Unknown date';
  return new Intl.DateTimeFormat(options.locale, {
    timeZone: options.timeZone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(epochMs);
}
