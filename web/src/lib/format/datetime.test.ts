import { describe, expect, it } from 'vitest';
import { formatDate, formatInputDate, formatTime } from './datetime';

describe('formatInputDate', () => {
  it('words a date input the Indian way', () => {
    expect(formatInputDate('2026-12-02')).toBe('2 Dec 2026');
    expect(formatInputDate('2026-02-12')).toBe('12 Feb 2026');
  });

  it('words a datetime-local input with the time, in local time', () => {
    expect(formatInputDate('2026-12-02T10:30')).toBe('2 Dec 2026, 10:30 am');
    expect(formatInputDate('2026-12-02T18:05')).toBe('2 Dec 2026, 6:05 pm');
  });

  it('is empty for what is not a date', () => {
    expect(formatInputDate('')).toBe('');
    expect(formatInputDate('12/02/2026')).toBe('');
    expect(formatInputDate('2026-02-30')).toBe('');
  });
});

describe('formatTime', () => {
  it('is the time of day of the date formatDate gives', () => {
    const at = new Date(2026, 11, 2, 21, 7).toISOString();
    expect(`${formatDate(at)}, ${formatTime(at)}`).toBe('2 Dec 2026, 9:07 pm');
    expect(formatTime('not a date')).toBe('');
  });
});
