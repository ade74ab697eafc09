import { describe, expect, it } from 'vitest';
import { FEATURE_KEYS } from '../../domain/tenancy/features.ts';
import { cryptoTopUpsOffered } from '../../domain/wallet/payment-methods.ts';
import { accessFeatureGates } from '../access/features.ts';
import { ticketsFeatureGates } from '../tickets/features.ts';
import { walletFeatureGates } from '../wallet/features.ts';

/**
 * A switch in Admin → Settings is a promise that something turns on: every feature of the
 * catalogue (domain/tenancy/features.ts) is gated by an area's operations or read by a rule.
 * A feature added to the catalogue with nothing behind it (Kubernetes, once) fails here.
 */
describe('the feature catalogue lists only features the platform has', () => {
  const gated = new Set(
    [accessFeatureGates, ticketsFeatureGates, walletFeatureGates].flatMap((g) => Object.values(g)),
  );

  it('each feature is gated by an area, or is the crypto rule of the wallet', () => {
    // crypto-topups gates no operation of its own: the wallet offers crypto only with it on.
    expect(cryptoTopUpsOffered({ cryptoEnabled: true }, ['wallet'])).toBe(false);
    expect(cryptoTopUpsOffered({ cryptoEnabled: true }, ['wallet', 'crypto-topups'])).toBe(true);
    const behind = new Set([...gated, 'crypto-topups']);
    expect(FEATURE_KEYS.filter((f) => !behind.has(f))).toEqual([]);
  });

  it('no gate names a feature the catalogue lacks', () => {
    expect([...gated].filter((f) => !(FEATURE_KEYS as readonly string[]).includes(f))).toEqual([]);
  });

  it('Kubernetes is not offered', () => expect(FEATURE_KEYS).not.toContain('kubernetes'));
});
