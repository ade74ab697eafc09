import { describe, expect, it } from 'vitest';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { mailStreamId } from '../../domain/mail/events.ts';
import { walletStreamId, type WalletEvent } from '../../domain/wallet/events.ts';
import {
  SPEC_AT,
  SPEC_TENANT,
  type GivenEvent,
} from '../../projections/shared/testing/projector-spec.ts';
import { reactorSpec } from '../testing/reactor-spec.ts';
import type { TemplateOverrides } from '../../commands/mail/templates.ts';
import { topUpNotifierWith, type NotifierReads } from './notifier.ts';

/** The top-up notifier: one mail per decision, to the customer, in the tenant's name. */
const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const TOP_UP = '33333333-3333-4333-8333-333333333333';
const reads: NotifierReads = {
  userContact: async (id) =>
    id === CUSTOMER ? { email: 'asha@example.com', name: 'Asha' } : undefined,
  tenantBrand: async (id) => (id === SPEC_TENANT ? { brand: { name: 'AkashOne' } } : undefined),
  overrides: async (id) => (id === SPEC_TENANT ? tenantTemplates : {}),
};
/** The tenant's own templates (none but in the test that saves one). */
let tenantTemplates: TemplateOverrides = {};
const notifier = reactorSpec((issue) => topUpNotifierWith(reads, issue));
const wallet = (e: WalletEvent): GivenEvent => ({ ...e, streamId: walletStreamId(CUSTOMER) });
const approved = wallet({
  type: 'TopUpApproved',
  data: {
    topUpId: TOP_UP,
    customerId: CUSTOMER,
    amount: '1500.00',
    balanceAfter: '2000.50',
    approvedBy: 'admin',
    approvedAt: SPEC_AT,
  },
});
const rejected = wallet({
  type: 'TopUpRejected',
  data: {
    topUpId: TOP_UP,
    customerId: CUSTOMER,
    reason: 'no such payment arrived',
    rejectedBy: 'admin',
    rejectedAt: SPEC_AT,
  },
});
const requested = wallet({
  type: 'TopUpRequested',
  data: {
    topUpId: TOP_UP,
    customerId: CUSTOMER,
    amount: '1500.00',
    method: 'BANK_TRANSFER',
    reference: 'UTR-1',
    proof: { sha256: 'x', fileName: 'r.png', contentType: 'image/png', size: 1 },
    requestedAt: SPEC_AT,
  },
});

/** The mail a decision event causes: its id and command id come from the event, so a redelivery is the same mail. */
const mailFor = (eventId: string) => ({
  mailId: uuidFrom(`mail:${eventId}`),
  streamId: mailStreamId(uuidFrom(`mail:${eventId}`)),
});

describe('top-up notifier', () => {
  it('an approval queues one mail to the customer with the amount and the new balance', async () => {
    const spec = notifier.given([requested, approved]);
    const event = spec.events[1]!;
    const { mailId, streamId } = mailFor(event.id);
    await spec.thenCommands([
      {
        streamId,
        command: {
          type: 'QueueMail',
          mailId,
          to: 'asha@example.com',
          kind: 'top-up-approved',
          subject: 'AkashOne: ₹1,500.00 added to your wallet',
          text: 'Hello Asha,\n\nYour top-up of ₹1,500.00 was approved. Your wallet balance is now ₹2,000.50.\n\n— AkashOne',
          sealedText: null,
          causedBy: event.id,
          now: SPEC_AT,
        },
        ctx: {
          tenantId: SPEC_TENANT,
          actor: { userId: 'system', role: 'system' },
          commandId: `mail:${event.id}`,
          causationId: event.id,
          correlationId: event.metadata.correlationId,
        },
      },
    ]);
  });

  it("the tenant's own template of the kind is what the customer gets; {{7*7}} stays as written", async () => {
    tenantTemplates = {
      'top-up-approved': {
        subject: '{{brand}} wallet: +{{amount}} for {{name}}',
        body: 'Hi {{name}}, {{7*7}}. Balance {{balance}}.',
      },
    };
    try {
      const spec = notifier.given([approved]);
      await spec.thenCommands([
        {
          streamId: mailFor(spec.events[0]!.id).streamId,
          command: {
            type: 'QueueMail',
            kind: 'top-up-approved',
            subject: 'AkashOne wallet: +₹1,500.00 for Asha',
            text: 'Hi Asha, {{7*7}}. Balance ₹2,000.50.',
          },
        },
      ]);
    } finally {
      tenantTemplates = {};
    }
  });

  it('a rejection queues one mail with the reason', async () => {
    const spec = notifier.given([rejected]);
    const event = spec.events[0]!;
    await spec.thenCommands([
      {
        streamId: mailFor(event.id).streamId,
        command: {
          type: 'QueueMail',
          kind: 'top-up-rejected',
          to: 'asha@example.com',
          subject: 'AkashOne: your top-up request was not approved',
          text: expect.stringContaining('Reason: no such payment arrived'),
        },
      },
    ]);
  });

  it('a request alone mails nothing', async () => {
    await notifier.given([requested]).thenCommands([]);
  });

  it('waits (fails, to be retried) while the customer is not in the read model yet', async () => {
    const stranger = wallet({
      type: 'TopUpApproved',
      data: { ...approved.data, customerId: '99999999-9999-4999-8999-999999999999' } as never,
    });
    await notifier.given([stranger]).thenFails(/not projected yet/);
  });
});
