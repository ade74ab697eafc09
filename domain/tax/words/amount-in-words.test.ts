import { describe, expect, it } from 'vitest';
import { D } from '../../shared/money.ts';
import { TaxError } from '../tax-error.ts';
import { amountInWords } from './amount-in-words.ts';

describe('amountInWords (Indian system)', () => {
  const examples: [string, string][] = [
    ['0', 'Rupees Zero Only'],
    ['0.01', 'Rupees Zero and One Paisa Only'],
    ['1', 'Rupees One Only'],
    ['15', 'Rupees Fifteen Only'],
    ['40.90', 'Rupees Forty and Ninety Paise Only'],
    ['101', 'Rupees One Hundred One Only'],
    ['1180', 'Rupees One Thousand One Hundred Eighty Only'],
    ['100000', 'Rupees One Lakh Only'],
    ['118500.50', 'Rupees One Lakh Eighteen Thousand Five Hundred and Fifty Paise Only'],
    [
      '9999999.99',
      'Rupees Ninety Nine Lakh Ninety Nine Thousand Nine Hundred Ninety Nine and Ninety Nine Paise Only',
    ],
    ['10000000', 'Rupees One Crore Only'],
    [
      '1234567890',
      'Rupees One Hundred Twenty Three Crore Forty Five Lakh Sixty Seven Thousand Eight Hundred Ninety Only',
    ],
    ['100000000000', 'Rupees Ten Thousand Crore Only'],
  ];
  for (const [amount, words] of examples) {
    it(`given ₹${amount}, then "${words}"`, () => expect(amountInWords(amount)).toBe(words));
  }

  it('rounds to paise half up first: 99.995 → Rupees One Hundred Only', () => {
    expect(amountInWords(new D('99.995'))).toBe('Rupees One Hundred Only');
  });

  it('refuses a negative amount: a document carries its sign in its type', () => {
    expect(() => amountInWords('-1')).toThrowError(TaxError);
  });
});

describe('amountInWords: every word of the tables, and the group edges', () => {
  it('one to nineteen, and the tens', () => {
    const ones = [
      'One',
      'Two',
      'Three',
      'Four',
      'Five',
      'Six',
      'Seven',
      'Eight',
      'Nine',
      'Ten',
      'Eleven',
      'Twelve',
      'Thirteen',
      'Fourteen',
      'Fifteen',
      'Sixteen',
      'Seventeen',
      'Eighteen',
      'Nineteen',
    ];
    ones.forEach((w, i) => expect(amountInWords(String(i + 1))).toBe(`Rupees ${w} Only`));
    const tens = ['Twenty', 'Thirty', 'Forty', 'Fifty', 'Sixty', 'Seventy', 'Eighty', 'Ninety'];
    tens.forEach((w, i) => expect(amountInWords(String((i + 2) * 10))).toBe(`Rupees ${w} Only`));
    expect(amountInWords('99')).toBe('Rupees Ninety Nine Only');
    expect(amountInWords('21')).toBe('Rupees Twenty One Only');
  });
  it.each([
    ['100', 'Rupees One Hundred Only'],
    ['999', 'Rupees Nine Hundred Ninety Nine Only'],
    ['1000', 'Rupees One Thousand Only'],
    ['99999', 'Rupees Ninety Nine Thousand Nine Hundred Ninety Nine Only'],
    ['1000000', 'Rupees Ten Lakh Only'],
    ['2000001', 'Rupees Twenty Lakh One Only'],
    ['0.20', 'Rupees Zero and Twenty Paise Only'],
    ['5.01', 'Rupees Five and One Paisa Only'],
    ['0.004', 'Rupees Zero Only'],
    ['0.005', 'Rupees Zero and One Paisa Only'],
  ])('given ₹%s, then "%s"', (amount, words) => expect(amountInWords(amount)).toBe(words));
  it('minus zero reads as zero; a negative or an infinite amount is refused, saying why', () => {
    expect(amountInWords('-0')).toBe('Rupees Zero Only');
    expect(amountInWords(new D('-0.00'))).toBe('Rupees Zero Only');
    for (const bad of ['-0.01', 'Infinity', 'NaN']) {
      let error: unknown;
      try {
        amountInWords(bad);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TaxError);
      expect(error).toMatchObject({
        code: 'AMOUNT_OUT_OF_RANGE',
        message: `Amount in words needs zero or a positive amount, got ${new D(bad).toString()}; documents show amounts without a sign.`,
      });
    }
  });
});
