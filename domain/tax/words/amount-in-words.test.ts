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
