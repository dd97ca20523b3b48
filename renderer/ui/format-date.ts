// Dates for the message list and the reader. Locale and time zone are parameters
// so tests are stable; the app passes undefined to use the user's own.
export type DateFormatOptions = {
  readonly locale?: string;
  readonly timeZone?: string;
};

// Making an Intl.DateTimeFormat costs far more than formatting with one, and the message
// list formats a date for every row it draws while scrolling: one formatter per kind,
// locale and time zone, made once.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(kind: string, locale: string | undefined, timeZone: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${kind}|${locale ?? ''}|${timeZone ?? ''}`;
  let found = formatters.get(key);
  if (found === undefined) {
    found = new Intl.DateTimeFormat(locale, { ...options, timeZone });
    formatters.set(key, found);
  }
  return found;
}

function dayKey(epochMs: number, options: DateFormatOptions): string {
  return formatter('day', 'en-CA', options.timeZone, { year: 'numeric', month: '2-digit', day: '2-digit' }).format(epochMs);
}

function yearOf(epochMs: number, options: DateFormatOptions): string {
  return formatter('year', 'en-CA', options.timeZone, { year: 'numeric' }).format(epochMs);
}

// Today: the time; this year: day and month; older: with the year.
export function formatListDate(epochMs: number, nowMs: number, options: DateFormatOptions = {}): string {
  if (!Number.isFinite(epochMs) || epochMs <= 0) return '';
  const { locale, timeZone } = options;
  if (dayKey(epochMs, options) === dayKey(nowMs, options)) {
    return formatter('time', locale, timeZone, { hour: '2-digit', minute: '2-digit' }).format(epochMs);
  }
  if (yearOf(epochMs, options) === yearOf(nowMs, options)) {
    return formatter('day-month', locale, timeZone, { day: 'numeric', month: 'short' }).format(epochMs);
  }
  return formatter('date', locale, timeZone, { day: 'numeric', month: 'short', year: 'numeric' }).format(epochMs);
}

export function formatFullDate(epochMs: number, options: DateFormatOptions = {}): string {
  if (!Number.isFinite(epochMs) || epochMs <= 0) return 'Unknown date';
  return new Intl.DateTimeFormat(options.locale, {
    timeZone: options.timeZone,
    dateStyle: 'full',
    timeStyle: 'short',
  }).format(epochMs);
}
