import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/decider.ts';
import { addDays, dayNumber, daysBetween } from './days.ts';

describe('Indian calendar days', () => {
  it('adds and counts days across month ends and leap days', () => {
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(daysBetween('2026-01-31', '2026-02-28')).toBe(28);
    expect(daysBetween('2028-01-31', '2028-02-29')).toBe(29);
    expect(daysBetween('2026-03-31', '2026-02-28')).toBe(-31);
    expect(dayNumber('1970-01-02')).toBe(1);
  });

  it('refuses a day that is not one, naming the field (date unless told)', () => {
    const field = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        expect(e).toBeInstanceOf(DomainError);
        return (e as DomainError).issues[0]!.path.join('.');
      }
      return null;
    };
    expect(field(() => addDays('2026-02-29', 1))).toBe('date');
    expect(field(() => daysBetween('2026-01-01', 'x'))).toBe('date');
    expect(field(() => dayNumber('2026-13-01', 'on'))).toBe('on');
  });
});
