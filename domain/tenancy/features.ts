/**
 * Parts of the portal a tenant can switch on or off. A switched-off feature disappears from the
 * sidebar and its operations are refused (each area names the operations a feature gates:
 * SchemaPart.features, e.g. graphql/wallet/features.ts). Only features the platform has are listed:
 * each is gated by an area or read by a rule (graphql/tenancy/features.test.ts holds that), so
 * Admin → Settings offers no switch for something that does not exist. A tenant's stored flag
 * for a feature no longer listed (Kubernetes, once) is ignored, never an error.
 */
export const FEATURES = [
  {
    key: 'wallet',
    label: 'Wallet and top-ups',
    description: 'Prepaid wallet, bank transfer top-ups and the ledger.',
  },
  {
    key: 'crypto-topups',
    label: 'Crypto top-ups',
    description: 'Customers may top up with a crypto transfer (needs the wallet).',
  },
  {
    key: 'team-accounts',
    label: 'Customer teams',
    description: 'Customers invite team members with a role to their account.',
  },
  {
    key: 'tickets',
    label: 'Support tickets',
    description: 'Customers open tickets with the support team.',
  },
] as const;

export type Feature = (typeof FEATURES)[number]['key'];

export const FEATURE_KEYS: readonly Feature[] = FEATURES.map((f) => f.key);

export const isFeature = (key: string): key is Feature =>
  (FEATURE_KEYS as readonly string[]).includes(key);

/** The features of a stored list the platform still has, in catalogue order (unknown ones dropped). */
export const knownFeatures = (stored: readonly string[]): Feature[] =>
  FEATURE_KEYS.filter((key) => stored.includes(key));
