/**
 * The features a tenant may switch on, in the words the admin pages show (the server's
 * catalogue, domain/tenancy/features.ts, is the source; features.test.ts holds the two equal).
 */
export const FEATURE_LABELS: Readonly<Record<string, string>> = {
  wallet: 'Wallet and top-ups',
  'crypto-topups': 'Crypto top-ups',
  'team-accounts': 'Customer teams',
  tickets: 'Support tickets',
};

/** The features the create-tenant form offers. */
export const FEATURE_CHOICES = Object.entries(FEATURE_LABELS).map(([key, label]) => ({
  key,
  label,
}));

/** A tenant's features in words; a flag for a feature the platform no longer has is left out. */
export const featureLabels = (keys: readonly string[]): string[] =>
  keys.flatMap((k) => (FEATURE_LABELS[k] ? [FEATURE_LABELS[k]] : []));
