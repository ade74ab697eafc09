import type { Area } from './area.ts';
import { walletPermissions } from '../../domain/wallet/permissions.ts';
import { walletProjector } from '../../projections/wallet/projector.ts';
import { walletActivity } from '../../projections/wallet/activity.ts';
import { walletResolvers } from '../../graphql/wallet/resolvers.ts';
import { walletFeatureGates } from '../../graphql/wallet/features.ts';
import { topUpNotifier } from '../../integrations/mail/notifier.ts';
import { topUpReceivedNotifier } from '../../integrations/mail/wallet-mail.ts';

/** Prepaid wallets: top-up requests with proof, approval by staff, debits and reversals. */
export const walletArea: Area = {
  name: 'wallet',
  permissions: walletPermissions,
  projectors: [walletProjector],
  graphql: {
    sdl: [new URL('../../graphql/wallet/wallet.graphql', import.meta.url)],
    resolvers: [walletResolvers],
    features: walletFeatureGates,
  },
  activity: walletActivity,
  reactors: ({ store, now, sql, linkBase }) => [
    topUpNotifier({ store, now }, sql),
    topUpReceivedNotifier({ store, now }, sql, linkBase),
  ],
  testing: () => import('../../graphql/wallet/isolation.ts'),
};
