import { describe, expect, it } from 'vitest';
import {
  cryptoTopUpsOffered,
  paymentMethodLabel,
  topUpLedgerDescription,
} from './payment-methods.ts';

describe('payment methods', () => {
  it('labels each method once, and shows an unknown code as it is', () => {
    expect(paymentMethodLabel('BANK_TRANSFER')).toBe('Bank transfer');
    expect(paymentMethodLabel('CRYPTO')).toBe('Crypto');
    expect(paymentMethodLabel('CARD')).toBe('CARD');
  });

  it('words a top-up ledger entry with the method label and the reference', () => {
    expect(topUpLedgerDescription('BANK_TRANSFER', 'UTR-1')).toBe(
      'Wallet top-up · Bank transfer · ref UTR-1',
    );
    expect(topUpLedgerDescription('CRYPTO', '0xabc')).toBe('Wallet top-up · Crypto · ref 0xabc');
  });

  it('offers crypto top-ups only when the settings switch them on and the feature is enabled', () => {
    expect(cryptoTopUpsOffered({ cryptoEnabled: true }, ['wallet', 'crypto-topups'])).toBe(true);
    expect(cryptoTopUpsOffered({ cryptoEnabled: true }, ['wallet'])).toBe(false);
    expect(cryptoTopUpsOffered({ cryptoEnabled: false }, ['crypto-topups'])).toBe(false);
    expect(cryptoTopUpsOffered({}, ['crypto-topups'])).toBe(false);
  });
});
