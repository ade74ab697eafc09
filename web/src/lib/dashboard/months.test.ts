import { describe, expect, it } from 'vitest';
import { monthLong, monthRange, monthShort } from './months';

describe('dashboard months', () => {
  it('names a month in Indian English', () => {
    expect(monthShort('2027-04')).toBe('Apr 2027');
    expect(monthLong('2026-12')).toBe('December 2026');
  });

  it('gives the first and last day, leap years included', () => {
    expect(monthRange('2027-04')).toEqual({ from: '2027-04-01', to: '2027-04-30' });
    expect(monthRange('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
    expect(monthRange('2027-02')).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(monthRange('2026-12')).toEqual({ from: '2026-12-01', to: '2026-12-31' });
  });
});
