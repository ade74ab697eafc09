import type { RecordedEvent } from '../../eventstore/types.ts';
import { orderEventTypes, type OrderEvent } from '../../domain/orders/events.ts';
import type { ActivityDescriber } from '../activity/describer.ts';

const servers = (n: number) => (n === 1 ? '1 server' : `${n} servers`);

/**
 * Orders in the account activity log. Only OrderPlaced names its customer; what follows
 * (paid, cancelled) shows in the log through the invoice's events, which do.
 */
export const orderActivity: ActivityDescriber = {
  area: 'orders',
  version: 1,
  types: ['OrderPlaced'] satisfies (typeof orderEventTypes)[number][],
  describe(e: RecordedEvent) {
    const event = e as unknown as OrderEvent;
    if (event.type !== 'OrderPlaced') return null;
    const plans = [...new Set(event.data.items.map((i) => i.planName))].join(', ');
    return {
      userId: event.data.customerId,
      detail: `Order placed: ${servers(event.data.items.length)} (${plans})`,
    };
  },
};
