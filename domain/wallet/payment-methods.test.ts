import { describe, expect, it } from 'vitest';
import { cryptoTopUpsOffered, paymentMethodLabel } from './payment-methods.ts';

describe('payment methods', () => {
  it('labels each method once, and shows an unknown code as it is', () => {
    expect(paymentMethodLabel('BANK_TRANSFER')).toBe('Bank transfer');
    expect(paymentMethodLabel('CRYPTO')).toBe('Crypto');
    expect(paymentMethodLabel('CARD')).toBe('CARD');
  });

  it('offers crypto top-ups only when the settings switch them on and the feature is enabled', () => {
    expect(cryptoTopUpsOffered({ cryptoEnabled: true }, ['wallet', 'crypto-topups'])).toBe(true);
    expect(cryptoTopUpsOffered({ cryptoEnabled: true }, ['wallet'])).toBe(false);
    expect(cryptoTopUpsOffered({ cryptoEnabled: false }, ['crypto-topups'])).toBe(false);
    expect(cryptoTopUpsOffered({}, ['crypto-topups'])).toBe(false);
  });
});
