import type { Area } from './area.ts';
import { walletProjector } from '../../projections/wallet/projector.ts';
import { walletActivity } from '../../projections/wallet/activity.ts';
import { walletResolvers } from '../../graphql/wallet/resolvers.ts';
import { topUpNotifier } from '../../integrations/mail/notifier.ts';

/** Prepaid wallets: top-up requests with proof, approval by staff, debits and reversals. */
export const walletArea: Area = {
  name: 'wallet',
  projectors: [walletProjector],
  graphql: {
    sdl: [new URL('../../graphql/wallet/wallet.graphql', import.meta.url)],
    resolvers: [walletResolvers],
  },
  activity: walletActivity,
  reactors: ({ store, now, sql }) => [topUpNotifier({ store, now }, sql)],
};
