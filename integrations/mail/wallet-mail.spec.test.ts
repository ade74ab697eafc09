import { describe, it } from 'vitest';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { mailStreamId } from '../../domain/mail/events.ts';
import { SPEC_AT, SPEC_TENANT } from '../../projections/shared/testing/projector-spec.ts';
import { reactorSpec } from '../testing/reactor-spec.ts';
import type { CustomerMailReads } from './mail-reads.ts';
import { topUpReceivedNotifierWith } from './wallet-mail.ts';

/** Top-up received: the request acknowledged to its customer, once per top-up. */
const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const TOP_UP = '66666666-6666-4666-8666-666666666666';
const reads: CustomerMailReads = {
  userContact: async (id) =>
    id === CUSTOMER ? { email: 'asha@example.com', name: 'Asha' } : undefined,
  tenantBrand: async (id) => (id === SPEC_TENANT ? { brand: { name: 'AkashOne' } } : undefined),
  linkBase: async () => 'https://portal.akashone.com',
  overrides: async () => ({}),
};
const spec = reactorSpec((issue) => topUpReceivedNotifierWith(reads, issue));
const requested = (customerId = CUSTOMER) => ({
  type: 'TopUpRequested',
  streamId: `wallet-${customerId}`,
  data: {
    topUpId: TOP_UP,
    customerId,
    amount: '5000.00',
    method: 'BANK_TRANSFER',
    reference: 'UTR123456789',
    proof: { sha256: 'ab', fileName: 'proof.png', contentType: 'image/png', size: 10 },
    requestedAt: SPEC_AT,
  },
});

describe('top-up received mail', () => {
  it('tells the customer the request arrived and waits for approval', () =>
    spec.given([requested()]).thenCommands([
      {
        streamId: mailStreamId(uuidFrom(`mail:top-up-received:${TOP_UP}`)),
        command: {
          type: 'QueueMail',
          to: 'asha@example.com',
          kind: 'top-up-received',
          subject: 'AkashOne: we received your top-up request of ₹5,000.00',
          text:
            'Hello Asha,\n\nWe received your request to add ₹5,000.00 to your wallet (bank transfer, ' +
            'reference UTR123456789). Our team checks the payment and credits your wallet once it has ' +
            'arrived; we mail you as soon as it is approved.\n\nYour wallet:\n' +
            'https://portal.akashone.com/wallet\n\n— AkashOne',
          sealedText: null,
        },
      },
    ]));

  it('mails nothing for an approval or rejection (the other notifier mails those)', () =>
    spec
      .given([
        {
          type: 'TopUpRejected',
          streamId: `wallet-${CUSTOMER}`,
          data: {
            topUpId: TOP_UP,
            customerId: CUSTOMER,
            reason: 'no',
            rejectedBy: 'admin',
            rejectedAt: SPEC_AT,
          },
        },
      ])
      .thenCommands([]));

  it('waits (fails, to be retried) while the customer is not projected', () =>
    spec.given([requested('99999999-9999-4999-8999-999999999999')]).thenFails(/not projected yet/));
});
