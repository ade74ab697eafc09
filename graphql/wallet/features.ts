import type { FeatureGates } from '../access/features.ts';

/** A tenant that switched the wallet off answers none of these (FORBIDDEN, whoever asks). */
export const walletFeatureGates: FeatureGates = {
  topUpPaymentDetails: 'wallet',
  wallet: 'wallet',
  walletStatement: 'wallet',
  topUps: 'wallet',
  topUp: 'wallet',
  tracedEvent: 'wallet',
  requestTopUp: 'wallet',
  approveTopUp: 'wallet',
  rejectTopUp: 'wallet',
};
