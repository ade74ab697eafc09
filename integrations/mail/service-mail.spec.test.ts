import { describe, expect, it } from 'vitest';
import { uuidFrom } from '../../commands/shared/ids.ts';
import { mailStreamId } from '../../domain/mail/events.ts';
import { serviceStreamId } from '../../domain/services/events.ts';
import {
  SPEC_AT,
  SPEC_TENANT,
  type GivenEvent,
} from '../../projections/shared/testing/projector-spec.ts';
import { reactorSpec } from '../testing/reactor-spec.ts';
import { serviceMailNotifierWith, type ServiceMailReads } from './service-mail.ts';

/** Unsuspended and cancellation confirmed: to the service's owner, one mail per event. */
const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const SERVICE = '55555555-5555-4555-8555-555555555555';
const BASE = 'https://portal.akashone.com';
const reads = (
  projected = true,
  held: 'STAFF' | 'NON_PAYMENT' = 'NON_PAYMENT',
): ServiceMailReads => ({
  suspensionBefore: async (id) => (id === SERVICE ? held : null),
  userContact: async (id) =>
    id === CUSTOMER ? { email: 'asha@example.com', name: 'Asha' } : undefined,
  tenantBrand: async (id) => (id === SPEC_TENANT ? { brand: { name: 'AkashOne' } } : undefined),
  linkBase: async () => BASE,
  overrides: async () => ({}),
  service: async (_t, id) =>
    projected && id === SERVICE
      ? { customerId: CUSTOMER, hostname: 'web1.example.com' }
      : undefined,
});
const spec = (projected = true, held: 'STAFF' | 'NON_PAYMENT' = 'NON_PAYMENT') =>
  reactorSpec((issue) => serviceMailNotifierWith(reads(projected, held), issue));

const ev = (type: string, data: Record<string, unknown>): GivenEvent => ({
  type,
  streamId: serviceStreamId(SERVICE),
  data: { tenantId: SPEC_TENANT, serviceId: SERVICE, ...data },
});
const unsuspended = ev('ServiceUnsuspended', {
  reason: 'Invoice paid.',
  unsuspendedBy: null,
  unsuspendedAt: SPEC_AT,
});
const cancellation = (when: 'END_OF_PERIOD' | 'IMMEDIATE', effectiveOn: string) =>
  ev('ServiceCancellationRequested', {
    when,
    reason: 'No longer needed.',
    requestedBy: CUSTOMER,
    effectiveOn,
    requestedAt: SPEC_AT,
  });

describe('service life-cycle mails', () => {
  it('unsuspended after non-payment: tells the owner the server runs again, one mail per unsuspension', async () => {
    const given = spec().given([unsuspended, unsuspended]);
    const [first, second] = given.events;
    await given.thenCommands(
      [first!, second!].map((e) => ({
        streamId: mailStreamId(uuidFrom(`mail:unsuspended:${e.id}`)),
        command: {
          type: 'QueueMail',
          to: 'asha@example.com',
          kind: 'service-unsuspended',
          subject: 'AkashOne: your server web1.example.com is active again',
          text:
            'Hello Asha,\n\nYour server web1.example.com is no longer suspended and is running again.\n\n' +
            `The service:\n${BASE}/services/${SERVICE}\n\n— AkashOne`,
        },
      })),
    );
  });

  it("unsuspended after staff's hold: no mail (its suspension was not mailed either)", () =>
    spec(true, 'STAFF').given([unsuspended]).thenCommands([]));

  it('cancellation confirmed at the end of the period: until when, and that it can be withdrawn', async () => {
    const given = spec().given([cancellation('END_OF_PERIOD', '2026-05-01')]);
    await given.thenCommands([
      {
        streamId: mailStreamId(uuidFrom(`mail:cancellation:${given.events[0]!.id}`)),
        command: {
          kind: 'cancellation-confirmed',
          to: 'asha@example.com',
          subject: 'AkashOne: cancellation of web1.example.com confirmed',
          text: expect.stringContaining(
            'Reason: No longer needed.\n\nIt keeps running until 1 May 2026, the end of its paid period, and is not renewed. ' +
              'Until then you can withdraw the cancellation on the service page.',
          ),
        },
      },
    ]);
  });

  it('cancellation confirmed at once: it ends today', () =>
    spec()
      .given([cancellation('IMMEDIATE', '2026-04-01')])
      .thenCommands([
        {
          command: expect.objectContaining({
            text: expect.stringContaining('It takes effect today, 1 Apr 2026'),
          }),
        },
      ]));

  it('mails nothing for other service events (suspension, withdrawal)', () =>
    spec()
      .given([
        ev('ServiceCancellationWithdrawn', { withdrawnBy: CUSTOMER, withdrawnAt: SPEC_AT }),
        ev('ServiceSuspended', {
          kind: 'NON_PAYMENT',
          reason: 'unpaid',
          suspendedBy: null,
          suspendedAt: SPEC_AT,
        }),
      ])
      .thenCommands([]));

  it('waits (fails, to be retried) while the service is not projected', () =>
    spec(false)
      .given([unsuspended])
      .thenFails(/not projected yet/));
});
