import type { RecordedEvent } from '../../eventstore/types.ts';
import type { ServiceEvent } from '../../domain/services/events.ts';
import type { ActivityDescriber } from '../activity/describer.ts';

/**
 * Services in the account activity log. A line goes to the account the event names: a service
 * ordered or allocated, provisioned, or cancelled before it ran (those events carry the
 * customer). A reveal of credentials by a customer goes to the log of whoever revealed them
 * (the holder, or the team member), naming the admin if one was acting as them. The service's
 * own history (service_history) has a line for every event.
 */
export const serviceActivity: ActivityDescriber = {
  area: 'services',
  version: 1,
  types: ['ServiceCreated', 'ServiceProvisioned', 'ServiceCancelled', 'ServiceCredentialsRevealed'],
  describe(e: RecordedEvent) {
    const event = e as unknown as ServiceEvent;
    switch (event.type) {
      case 'ServiceCreated': {
        const d = event.data;
        const how = d.origin.kind === 'ORDER' ? 'ordered' : 'allocated by staff';
        return {
          userId: d.customerId,
          detail: `Server ${d.hostname} (${d.planName}) ${how}, waiting to be provisioned`,
          at: d.createdAt,
        };
      }
      case 'ServiceProvisioned': {
        const d = event.data;
        return {
          userId: d.customerId,
          detail: `Server ${d.hostname} is ready at ${d.ipAddresses.join(', ')}`,
          at: d.provisionedAt,
        };
      }
      case 'ServiceCancelled': {
        const d = event.data;
        const credit = d.creditToWallet ? '; its price is credited to the wallet' : '';
        return {
          userId: d.customerId,
          detail: `A server that was not provisioned was cancelled: ${d.reason}${credit}`,
          at: d.cancelledAt,
        };
      }
      case 'ServiceCredentialsRevealed': {
        const d = event.data;
        if (d.as !== 'CUSTOMER') return null;
        return {
          userId: d.revealedBy,
          detail: 'Server credentials revealed',
          at: d.revealedAt,
          impersonatorId: d.impersonatedBy,
        };
      }
      default:
        return null;
    }
  },
};
