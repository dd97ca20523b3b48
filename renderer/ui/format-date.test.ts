import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatFullDate, formatListDate } from './format-date.ts';

const utc = { locale: 'en-GB', timeZone: 'UTC' };
const now = Date.UTC(2025, 5, 15, 18, 30);

describe('formatListDate', () => {
  it('shows only the time for a message from today', () => {
    assert.equal(formatListDate(Date.UTC(2025, 5, 15, 9, 5), now, utc), '09:05');
  });

  it('shows day and month for an earlier day this year', () => {
    assert.equal(formatListDate(Date.UTC(2025, 5, 14, 23, 59), now, utc), '14 Jun');
  });

  it('adds the year for a message from an earlier year', () => {
    assert.equal(formatListDate(Date.UTC(2023, 0, 3, 12), now, utc), '3 Jan 2023');
  });

  it('decides what today is in the given time zone', () => {
    // 14:00 UTC is still today in UTC, but yesterday evening in Tokyo, where it is already the 16th.
    const afternoonUtc = Date.UTC(2025, 5, 15, 14, 0);
    assert.equal(formatListDate(afternoonUtc, now, utc), '14:00');
    assert.equal(formatListDate(afternoonUtc, now, { locale: 'en-GB', timeZone: 'Asia/Tokyo' }), '15 Jun');
  });

  it('shows nothing for a missing date', () => {
    assert.equal(formatListDate(0, now, utc), '');
  });
});

describe('formatFullDate', () => {
  it('shows weekday, date and time', () => {
    const text = formatFullDate(Date.UTC(2025, 5, 15, 9, 5), utc);
    assert.match(text, /^Sunday\b/);
    assert.match(text, /15 June 2025/);
    assert.match(text, /09:05$/);
  });

  it('says the date is unknown when it is missing', () => {
    assert.equal(formatFullDate(0, utc), 'Unknown date');
  });
});
