/**
 * Parts of the portal a tenant can switch on or off. A switched-off feature disappears from the
 * sidebar and its operations are refused (each area names the operations a feature gates:
 * SchemaPart.features, e.g. graphql/wallet/features.ts).
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
  {
    key: 'kubernetes',
    label: 'Kubernetes',
    description: 'Managed Kubernetes clusters in the catalogue.',
  },
] as const;

export type Feature = (typeof FEATURES)[number]['key'];

export const FEATURE_KEYS: readonly Feature[] = FEATURES.map((f) => f.key);

export const isFeature = (key: string): key is Feature =>
  (FEATURE_KEYS as readonly string[]).includes(key);
