import { describe, expect, it } from 'vitest';
import { formatRate, headRates, headsOf } from './heads';

describe('GST heads', () => {
  it('prints the heads of each tax system', () => {
    expect(headsOf('CGST_SGST')).toEqual(['cgst', 'sgst']);
    expect(headsOf('CGST_UTGST')).toEqual(['cgst', 'utgst']);
    expect(headsOf('IGST')).toEqual(['igst']);
  });

  it.each([
    ['9.00', '9%'],
    ['9', '9%'],
    ['2.50', '2.5%'],
    ['18.000', '18%'],
    ['0.00', '0%'],
    ['0.125', '0.125%'],
  ])('writes rate %s as %s', (rate, text) => expect(formatRate(rate)).toBe(text));

  it('lists the distinct rates the lines were charged at', () => {
    const line = (cgst: string) => ({
      taxes: {
        cgst: { rate: cgst, amount: '1.00' },
        sgst: { rate: cgst, amount: '1.00' },
        utgst: { rate: '0.00', amount: '0.00' },
        igst: { rate: '0.00', amount: '0.00' },
      },
    });
    const doc = { lines: [line('9.00'), line('9'), line('2.50')] } as never;
    expect(headRates(doc, 'cgst')).toBe('9%, 2.5%');
    expect(headRates(doc, 'igst')).toBe('0%');
  });
});
