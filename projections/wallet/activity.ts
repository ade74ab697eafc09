import type { RecordedEvent } from '../../eventstore/types.ts';
import { walletEventTypes, type WalletEvent } from '../../domain/wallet/events.ts';
import { formatInr } from '../../domain/shared/money.ts';
import { paymentMethodLabel } from '../../domain/wallet/payment-methods.ts';
import type { ActivityDescriber } from '../activity/describer.ts';

/** Wallet events are activity of the customer whose wallet they touch. */
export const walletActivity: ActivityDescriber = {
  area: 'wallet',
  // 2: the method's label from domain/wallet/payment-methods.ts (was a copy in lower case).
  version: 2,
  types: walletEventTypes,
  describe(e: RecordedEvent) {
    const event = e as unknown as WalletEvent;
    switch (event.type) {
      case 'TopUpRequested':
        return {
          userId: event.data.customerId,
          detail: `Top-up of ${formatInr(event.data.amount)} requested (${paymentMethodLabel(event.data.method)}, ${event.data.reference})`,
        };
      case 'TopUpApproved':
        return {
          userId: event.data.customerId,
          detail: `Top-up of ${formatInr(event.data.amount)} approved; balance ${formatInr(event.data.balanceAfter)}`,
        };
      case 'TopUpRejected':
        return { userId: event.data.customerId, detail: `Top-up rejected: ${event.data.reason}` };
      case 'WalletDebited':
        return {
          userId: event.data.customerId,
          detail: `${formatInr(event.data.amount)} paid from the wallet: ${event.data.description}`,
        };
      case 'WalletDebitReversed':
        return {
          userId: event.data.customerId,
          detail: `${formatInr(event.data.amount)} given back to the wallet: ${event.data.reason}`,
        };
      case 'WalletCredited':
        return {
          userId: event.data.customerId,
          detail: `${formatInr(event.data.amount)} credited to the wallet: ${event.data.reason}`,
        };
      default:
        return null;
    }
  },
};
