import { describe, expect, it } from 'vitest';
import { uuidFrom } from '../../commands/shared/ids.ts';
import {
  DEFAULT_AUTOMATION_SETTINGS,
  type AutomationSettings,
} from '../../domain/automation/settings.ts';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { mailStreamId } from '../../domain/mail/events.ts';
import { serviceStreamId } from '../../domain/services/events.ts';
import { SPEC_AT, SPEC_TENANT } from '../../projections/shared/testing/projector-spec.ts';
import { reactorSpec } from '../testing/reactor-spec.ts';
import {
  renewalMailNotifierWith,
  type InvoiceStatus,
  type MailService,
  type RenewalMailReads,
} from './renewal-mail.ts';

/**
 * The renewal and dunning mails: one per event (redelivery issues the same command id), worded
 * for its kind, amounts in rupees, a link into the portal, the tenant's brand; staff's
 * suspensions and terminations and an end-of-period cancellation mail nothing; reads not
 * projected yet fail the reaction (retried).
 */
const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const SERVICE = '44444444-4444-4444-8444-444444444444';
const INVOICE = '55555555-5555-4555-8555-555555555555';
const ORDER_INVOICE = '66666666-6666-4666-8666-666666666666';
const SUSPENSION_EVENT = '77777777-7777-4777-8777-777777777777';
const BASE = 'https://portal.reseller.example';

function readsWith(
  over: {
    service?: Partial<MailService> | null;
    settings?: Partial<AutomationSettings>;
    customerAutoPay?: boolean;
    invoice?: boolean;
    invoiceStatus?: InvoiceStatus;
  } = {},
): RenewalMailReads {
  const service: MailService | undefined =
    over.service === null
      ? undefined
      : {
          customerId: CUSTOMER,
          hostname: 'web1.example.com',
          status: 'ACTIVE',
          cancellationRequested: false,
          revision: 100n,
          ...over.service,
        };
  return {
    userContact: async (id) =>
      id === CUSTOMER ? { email: 'asha@example.com', name: 'Asha' } : undefined,
    tenantBrand: async (id) => (id === SPEC_TENANT ? { brand: { name: 'CloudKart' } } : undefined),
    linkBase: async () => BASE,
    overrides: async () => ({}),
    invoice: async (_t, id) =>
      over.invoice === false
        ? undefined
        : id === INVOICE
          ? {
              subject: {
                kind: 'RENEWAL',
                serviceId: SERVICE,
                periodStart: '2027-03-05',
                periodEnd: '2027-04-05',
              },
              status: over.invoiceStatus ?? 'PROFORMA',
            }
          : id === ORDER_INVOICE
            ? { subject: null, status: 'PROFORMA' }
            : undefined,
    service: async (_t, id) => (id === SERVICE ? service : undefined),
    settings: async () => ({ ...DEFAULT_AUTOMATION_SETTINGS, ...over.settings }),
    customerAutoPay: async () => over.customerAutoPay ?? true,
  };
}
const spec = (reads = readsWith()) => reactorSpec((issue) => renewalMailNotifierWith(reads, issue));

const proforma = (subject: unknown = undefined) => ({
  type: 'ProformaIssued',
  streamId: invoiceStreamId(INVOICE),
  data: {
    tenantId: SPEC_TENANT,
    invoiceId: INVOICE,
    customerId: CUSTOMER,
    orderId: null,
    supplier: {},
    recipient: {},
    document: { totals: { total: '145678.90' } },
    sources: [],
    subject:
      subject === undefined
        ? {
            kind: 'RENEWAL',
            serviceId: SERVICE,
            periodStart: '2027-03-05',
            periodEnd: '2027-04-05',
          }
        : subject,
    issueDate: '2027-02-26',
    issuedAt: '2027-02-26T01:00:00.000Z',
  },
});

const reminder = (kind: string, sentAt: string, invoiceId = INVOICE) => ({
  type: 'InvoiceReminderSent',
  streamId: invoiceStreamId(invoiceId),
  data: {
    tenantId: SPEC_TENANT,
    invoiceId,
    customerId: CUSTOMER,
    reminder: kind,
    dueDate: '2027-03-05',
    amountDue: '1456.78',
    sentAt,
  },
});

const suspended = (kind: 'NON_PAYMENT' | 'STAFF') => ({
  id: SUSPENSION_EVENT,
  type: 'ServiceSuspended',
  streamId: serviceStreamId(SERVICE),
  data: {
    tenantId: SPEC_TENANT,
    serviceId: SERVICE,
    kind,
    reason: kind === 'STAFF' ? 'Abuse report' : 'The invoice due on 5 Mar 2027 is unpaid',
    suspendedBy: kind === 'STAFF' ? 'admin-1' : null,
    suspendedAt: '2027-03-08T01:00:00.000Z',
  },
});

const terminated = (terminatedBy: string | null = null) => ({
  type: 'ServiceTerminated',
  streamId: serviceStreamId(SERVICE),
  data: {
    tenantId: SPEC_TENANT,
    serviceId: SERVICE,
    reason: 'The invoice due on 5 Mar 2027 is unpaid',
    terminatedBy,
    finalSnapshotId: null,
    terminatedAt: '2027-03-19T01:00:00.000Z',
  },
});

/** The QueueMail expected for a command id. */
const queued = (
  commandId: string,
  kind: string,
  subject: string,
  text: string,
  attachments?: { kind: 'invoice-pdf'; invoiceId: string }[],
) => ({
  streamId: mailStreamId(uuidFrom(commandId)),
  ctx: { commandId, tenantId: SPEC_TENANT },
  command: {
    type: 'QueueMail',
    mailId: uuidFrom(commandId),
    to: 'asha@example.com',
    kind,
    subject,
    text,
    ...(attachments ? { attachments } : {}),
    sealedText: null,
    now: SPEC_AT,
  },
});

describe('renewal and dunning mails', () => {
  it('a renewal invoice: its total, due date, service and period, the invoice link and auto-pay on', async () => {
    await spec()
      .given([proforma()])
      .thenCommands([
        queued(
          `mail:renewal-invoice:${INVOICE}`,
          'renewal-invoice',
          'CloudKart: renewal invoice for web1.example.com, ₹1,45,678.90 due on 5 Mar 2027',
          'Hello Asha,\n\nYour server web1.example.com is due for renewal. We have issued a proforma ' +
            'invoice for its next period (5 Mar 2027 to 4 Apr 2027); it gets its tax invoice number ' +
            'once it is paid.\n\nAmount: ₹1,45,678.90\nDue date: 5 Mar 2027\n\n' +
            'Auto-pay is on: the invoice is paid from your wallet as soon as your balance covers it. ' +
            `Your wallet: ${BASE}/wallet\n\nThe invoice:\n${BASE}/billing/${INVOICE}\n\n— CloudKart`,
          [{ kind: 'invoice-pdf', invoiceId: INVOICE }],
        ),
      ]);
  });

  it('says auto-pay is off when the customer or the tenant turned it off', async () => {
    for (const reads of [
      readsWith({ customerAutoPay: false }),
      readsWith({ settings: { autoPay: false } }),
    ]) {
      const issued: string[] = [];
      const reactor = renewalMailNotifierWith(reads, async (_ctx, s) => {
        issued.push((s.command(SPEC_AT) as { text: string }).text);
      });
      await reactor.react(spec().given([proforma()]).events[0]!);
      expect(issued).toHaveLength(1);
      expect(issued[0]).toContain(
        'Auto-pay from your wallet is off for this invoice: please pay it on the invoice page.',
      );
      expect(issued[0]).not.toContain('Auto-pay is on');
    }
  });

  it('a renewal invoice auto-pay paid before it was mailed says so; a cancelled one is not mailed', async () => {
    for (const invoiceStatus of ['PAID', 'TAX_INVOICE'] as const) {
      const texts: string[] = [];
      const reactor = renewalMailNotifierWith(readsWith({ invoiceStatus }), async (_ctx, s) => {
        texts.push((s.command(SPEC_AT) as { text: string }).text);
      });
      await reactor.react(spec().given([proforma()]).events[0]!);
      expect(texts).toHaveLength(1);
      expect(texts[0]).toContain(
        'Due date: 5 Mar 2027\n\nIt has already been paid: there is nothing for you to do.\n\n',
      );
      expect(texts[0]).not.toContain('Auto-pay');
    }
    await spec(readsWith({ invoiceStatus: 'CANCELLED' }))
      .given([proforma()])
      .thenCommands([]);
  });

  it("an order's or a plan change's invoice is no renewal: no mail", async () => {
    await spec()
      .given([proforma(null), proforma({ kind: 'PLAN_CHANGE', serviceId: SERVICE, changeId: 'c' })])
      .thenCommands([]);
  });

  it('the reminder 3 days before: due in 3 days, with the suspension and termination days', async () => {
    // 2 Mar 2027 07:30 in India.
    await spec()
      .given([reminder('BEFORE_DUE', '2027-03-02T02:00:00.000Z')])
      .thenCommands([
        queued(
          `mail:reminder:${INVOICE}:BEFORE_DUE`,
          'invoice-reminder',
          'CloudKart: your invoice for web1.example.com is due in 3 days',
          'Hello Asha,\n\nYour renewal invoice for web1.example.com is due in 3 days, on 5 Mar 2027.\n\n' +
            'Amount due: ₹1,456.78\n\nUnpaid, the service is suspended on 8 Mar 2027 (3 days after ' +
            'the due date) and terminated on 19 Mar 2027 (14 days after the due date).\n\n' +
            `Pay it here:\n${BASE}/billing/${INVOICE}\n\n— CloudKart`,
        ),
      ]);
  });

  it('on the due date: due today; counted on the Indian calendar day', async () => {
    // 4 Mar 20:00 UTC is 5 Mar 01:30 in India.
    await spec()
      .given([reminder('ON_DUE', '2027-03-04T20:00:00.000Z')])
      .thenCommands([
        queued(
          `mail:reminder:${INVOICE}:ON_DUE`,
          'invoice-reminder',
          'CloudKart: your invoice for web1.example.com is due today',
          'Hello Asha,\n\nYour renewal invoice for web1.example.com is due today, 5 Mar 2027.\n\n' +
            'Amount due: ₹1,456.78\n\nUnpaid, the service is suspended on 8 Mar 2027 (3 days after ' +
            'the due date) and terminated on 19 Mar 2027 (14 days after the due date).\n\n' +
            `Pay it here:\n${BASE}/billing/${INVOICE}\n\n— CloudKart`,
        ),
      ]);
  });

  it("overdue notices: overdue by N days, the tenant's own suspension and termination days", async () => {
    await spec(readsWith({ settings: { suspendAfterDays: 5, terminateAfterDays: 20 } }))
      .given([reminder('OVERDUE_1', '2027-03-06T02:00:00.000Z')])
      .thenCommands([
        queued(
          `mail:reminder:${INVOICE}:OVERDUE_1`,
          'invoice-reminder',
          'CloudKart: your invoice for web1.example.com is overdue by 1 day',
          'Hello Asha,\n\nYour renewal invoice for web1.example.com was due on 5 Mar 2027 and is ' +
            'overdue by 1 day.\n\nAmount due: ₹1,456.78\n\nUnpaid, the service is suspended on ' +
            '10 Mar 2027 (5 days after the due date) and terminated on 25 Mar 2027 (20 days after ' +
            `the due date).\n\nPay it here:\n${BASE}/billing/${INVOICE}\n\n— CloudKart`,
        ),
      ]);
  });

  it('an overdue notice on the day of suspension, and one once suspended', async () => {
    const textOf = async (reads: RenewalMailReads, event: ReturnType<typeof reminder>) => {
      const texts: string[] = [];
      const reactor = renewalMailNotifierWith(reads, async (_ctx, s) => {
        texts.push((s.command(SPEC_AT) as { subject: string; text: string }).text);
      });
      await reactor.react(spec().given([event]).events[0]!);
      expect(texts).toHaveLength(1);
      return texts[0]!;
    };
    const onSuspensionDay = await textOf(
      readsWith(),
      reminder('OVERDUE_3', '2027-03-08T02:00:00.000Z'),
    );
    expect(onSuspensionDay).toContain('is overdue by 3 days.');
    expect(onSuspensionDay).toContain(
      'Unpaid, the service is suspended today and terminated on 19 Mar 2027 (14 days after the due date).',
    );
    const whileSuspended = await textOf(
      readsWith({ service: { status: 'SUSPENDED' } }),
      reminder('OVERDUE_7', '2027-03-12T02:00:00.000Z'),
    );
    expect(whileSuspended).toContain('is overdue by 7 days.');
    expect(whileSuspended).toContain(
      'The service is suspended until the invoice is paid; unpaid, it is terminated on 19 Mar 2027 (14 days after the due date).',
    );
  });

  it('each reminder kind of one invoice is its own mail; the same kind again is the same mail', async () => {
    const given = spec().given([
      reminder('BEFORE_DUE', '2027-03-02T02:00:00.000Z'),
      reminder('ON_DUE', '2027-03-05T02:00:00.000Z'),
      reminder('OVERDUE_1', '2027-03-06T02:00:00.000Z'),
      reminder('OVERDUE_1', '2027-03-06T03:00:00.000Z'),
    ]);
    const ids = ['BEFORE_DUE', 'ON_DUE', 'OVERDUE_1', 'OVERDUE_1'].map(
      (k) => `mail:reminder:${INVOICE}:${k}`,
    );
    await given.thenCommands(ids.map((commandId) => ({ ctx: { commandId } })));
  });

  it('a reminder of an invoice paid or cancelled since mails nothing', async () => {
    for (const invoiceStatus of ['PAID', 'TAX_INVOICE', 'CANCELLED'] as const)
      await spec(readsWith({ invoiceStatus }))
        .given([reminder('OVERDUE_1', '2027-03-06T02:00:00.000Z')])
        .thenCommands([]);
  });

  it('a reminder of an invoice that is no renewal mails nothing', async () => {
    await spec()
      .given([reminder('ON_DUE', '2027-03-05T02:00:00.000Z', ORDER_INVOICE)])
      .thenCommands([]);
  });

  it('suspended for non-payment: why, how to get it back, when it is terminated', async () => {
    await spec(readsWith({ service: { status: 'SUSPENDED' } }))
      .given([suspended('NON_PAYMENT')])
      .thenCommands([
        queued(
          `mail:suspended:${SERVICE}:${SUSPENSION_EVENT}`,
          'service-suspended',
          'CloudKart: your server web1.example.com is suspended for non-payment',
          'Hello Asha,\n\nYour server web1.example.com is suspended for non-payment.\n' +
            'Reason: The invoice due on 5 Mar 2027 is unpaid.\n\nPay the open invoice and the server is unsuspended as soon as the payment ' +
            'is in. Unpaid, it is terminated 14 days after the due date.\n\n' +
            `Your invoices:\n${BASE}/billing\nThe service:\n${BASE}/services/${SERVICE}\n\n— CloudKart`,
        ),
      ]);
  });

  it('a suspension over by the time it is mailed (unsuspended, terminated) mails nothing', async () => {
    for (const status of ['ACTIVE', 'TERMINATED'] as const)
      await spec(readsWith({ service: { status } }))
        .given([suspended('NON_PAYMENT')])
        .thenCommands([]);
    // The read model not at the suspension yet: the event is what counts.
    await spec(readsWith({ service: { status: 'ACTIVE', revision: -1n } }))
      .given([suspended('NON_PAYMENT')])
      .thenCommands([{ ctx: { commandId: `mail:suspended:${SERVICE}:${SUSPENSION_EVENT}` } }]);
  });

  it("staff's suspension mails nothing", async () => {
    await spec()
      .given([suspended('STAFF')])
      .thenCommands([]);
  });

  it('terminated for non-payment: one mail per service', async () => {
    await spec()
      .given([terminated()])
      .thenCommands([
        queued(
          `mail:terminated:${SERVICE}`,
          'service-terminated',
          'CloudKart: your server web1.example.com is terminated for non-payment',
          'Hello Asha,\n\nYour server web1.example.com is terminated for non-payment.\n' +
            'Reason: The invoice due on 5 Mar 2027 is unpaid.\n\nThe service has ended and is no longer renewed. To run a server again, ' +
            `place a new order.\n\nThe service:\n${BASE}/services/${SERVICE}\n\n— CloudKart`,
        ),
      ]);
  });

  it("staff's termination and an end-of-period cancellation mail nothing", async () => {
    await spec()
      .given([terminated('admin-1')])
      .thenCommands([]);
    await spec(readsWith({ service: { cancellationRequested: true } }))
      .given([terminated()])
      .thenCommands([]);
  });

  it('never carries a credential or a sealed value', async () => {
    const issued: string[] = [];
    const reads = readsWith({ service: { status: 'SUSPENDED' } });
    const reactor = renewalMailNotifierWith(reads, async (_ctx, s) => {
      issued.push(JSON.stringify(s.command(SPEC_AT)));
    });
    const given = spec().given([
      proforma(),
      reminder('ON_DUE', '2027-03-05T02:00:00.000Z'),
      suspended('NON_PAYMENT'),
      terminated(),
    ]);
    for (const e of given.events) await reactor.react(e);
    expect(issued).toHaveLength(4);
    for (const mail of issued) {
      expect(mail).not.toMatch(/password|v1\./i);
      expect(JSON.parse(mail).sealedText).toBeNull();
    }
  });

  describe('waits (fails, to be retried) while its reads are not projected yet', () => {
    it('the renewal invoice itself', async () => {
      await spec(readsWith({ invoice: false }))
        .given([proforma()])
        .thenFails(/not projected yet/);
    });
    it('the service of a renewal invoice', async () => {
      await spec(readsWith({ service: null }))
        .given([proforma()])
        .thenFails(/not projected yet/);
    });
    it('the invoice of a reminder', async () => {
      await spec(readsWith({ invoice: false }))
        .given([reminder('ON_DUE', '2027-03-05T02:00:00.000Z')])
        .thenFails(/not projected yet/);
    });
    it('the customer', async () => {
      const stranger = '99999999-9999-4999-8999-999999999999';
      await spec(readsWith({ service: { customerId: stranger, status: 'SUSPENDED' } }))
        .given([suspended('NON_PAYMENT')])
        .thenFails(/not projected yet/);
    });
    it('the termination itself (the service row behind the event)', async () => {
      await spec(readsWith({ service: { revision: -1n } }))
        .given([terminated()])
        .thenFails(/not projected yet/);
    });
  });
});
