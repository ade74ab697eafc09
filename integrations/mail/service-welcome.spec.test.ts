import { describe, expect, it } from 'vitest';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { mailStreamId } from '../../domain/mail/events.ts';
import { serviceStreamId, type ServiceProvisioned } from '../../domain/services/events.ts';
import { SPEC_AT, SPEC_TENANT } from '../../projections/shared/testing/projector-spec.ts';
import { reactorSpec } from '../testing/reactor-spec.ts';
import { serviceWelcomeNotifierWith, type WelcomeReads } from './service-welcome.ts';

/** The welcome mail: one per service, a link to its page, never a credential. */
const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const SERVICE = '44444444-4444-4444-8444-444444444444';
const reads: WelcomeReads = {
  userContact: async (id) =>
    id === CUSTOMER ? { email: 'asha@example.com', name: 'Asha' } : undefined,
  tenantBrand: async (id) => (id === SPEC_TENANT ? { brand: { name: 'AkashOne' } } : undefined),
  linkBase: async () => 'https://portal.akashone.com',
  overrides: async () => ({}),
};
const welcome = reactorSpec((issue) => serviceWelcomeNotifierWith(reads, issue));

const provisioned = (data: Partial<ServiceProvisioned['data']> = {}) => ({
  type: 'ServiceProvisioned',
  streamId: serviceStreamId(SERVICE),
  data: {
    tenantId: SPEC_TENANT,
    serviceId: SERVICE,
    customerId: CUSTOMER,
    by: 'STAFF',
    provisionedBy: 'admin',
    vmId: null,
    hostname: 'web1.example.com',
    ipAddresses: ['203.0.113.10', '2001:db8::10'],
    ssh: { username: 'root', port: 22, passwordSealed: 'v1.sealed-ssh-password' },
    controlPanel: {
      url: 'https://web1.example.com:2087',
      username: 'admin',
      passwordSealed: 'v1.sealed-panel-password',
    },
    notes: 'rack 4, staff only',
    sendEmail: true,
    provisionedAt: SPEC_AT,
    ...data,
  },
});

describe('service welcome mail', () => {
  it('queues one mail with the host name, the addresses and a link to the service page', async () => {
    const commandId = `mail:welcome:${SERVICE}`;
    await welcome.given([provisioned()]).thenCommands([
      {
        streamId: mailStreamId(uuidFrom(commandId)),
        command: {
          type: 'QueueMail',
          mailId: uuidFrom(commandId),
          to: 'asha@example.com',
          kind: 'service-welcome',
          subject: 'AkashOne: your server web1.example.com is ready',
          text:
            'Hello Asha,\n\nYour server is ready.\n\nHost name: web1.example.com\n' +
            'IP address: 203.0.113.10, 2001:db8::10\n\n' +
            'Its login (SSH and control panel) is on the service page once you sign in; we never send passwords by mail:\n' +
            `https://portal.akashone.com/services/${SERVICE}\n\n— AkashOne`,
          sealedText: null,
          now: SPEC_AT,
        },
      },
    ]);
  });

  it('never carries a credential, a sealed value or staff notes', async () => {
    const issued: string[] = [];
    const reactor = serviceWelcomeNotifierWith(reads, async (_ctx, spec) => {
      issued.push(JSON.stringify(spec.command(SPEC_AT)));
    });
    const event = provisioned();
    await reactor.react({
      ...event,
      id: 'e1',
      revision: 0n,
      position: { commit: 1n, prepare: 1n },
      metadata: { tenantId: SPEC_TENANT, correlationId: 'c', causationId: 'c' },
    } as never);
    expect(issued).toHaveLength(1);
    for (const secret of ['v1.', 'sealed-ssh', 'sealed-panel', 'rack 4', ':2087'])
      expect(issued[0]).not.toContain(secret);
  });

  it('mails nothing when staff turned the mail off', async () => {
    await welcome.given([provisioned({ sendEmail: false })]).thenCommands([]);
  });

  it('waits (fails, to be retried) while the customer is not in the read model yet', async () => {
    await welcome
      .given([provisioned({ customerId: '99999999-9999-4999-8999-999999999999' })])
      .thenFails(/not projected yet/);
  });
});
