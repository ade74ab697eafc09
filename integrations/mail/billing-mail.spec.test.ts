import { describe, expect, it } from 'vitest';
import { uuidFrom } from '../../commands/shared/ids.ts';
import type { TemplateOverrides } from '../../commands/mail/templates.ts';
import { mailStreamId } from '../../domain/mail/events.ts';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { orderStreamId } from '../../domain/orders/events.ts';
import {
  SPEC_AT,
  SPEC_TENANT,
  type GivenEvent,
} from '../../projections/shared/testing/projector-spec.ts';
import { reactorSpec } from '../testing/reactor-spec.ts';
import {
  invoiceMailNotifierWith,
  orderMailNotifierWith,
  type BillingMailReads,
  type MailCreditNote,
  type MailInvoice,
} from './billing-mail.ts';

/** The order confirmation and the billing mails with their PDFs: who gets them, what they say. */
const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const ORDER = '22222222-2222-4222-8222-222222222222';
const INVOICE = '33333333-3333-4333-8333-333333333333';
const NOTE = '44444444-4444-4444-8444-444444444444';
const BASE = 'https://portal.akashone.com';

const proforma: MailInvoice = {
  customerId: CUSTOMER,
  status: 'PROFORMA',
  number: null,
  total: '1180.00',
  issueDate: '2026-04-01',
  invoiceDate: null,
  subject: null,
};
const taxInvoice: MailInvoice = {
  ...proforma,
  status: 'TAX_INVOICE',
  number: 'INV/26-27/0007',
  invoiceDate: '2026-04-02',
};
const note: MailCreditNote = {
  customerId: CUSTOMER,
  invoiceId: INVOICE,
  number: 'CN/26-27/0001',
  invoiceNumber: 'INV/26-27/0007',
  total: '590.00',
  reason: 'Service cancelled in its first week.',
};

function readsWith(
  invoice: MailInvoice | undefined,
  creditNote: MailCreditNote | undefined = undefined,
  overrides: TemplateOverrides = {},
): BillingMailReads {
  return {
    userContact: async (id) =>
      id === CUSTOMER ? { email: 'asha@example.com', name: 'Asha' } : undefined,
    tenantBrand: async (id) => (id === SPEC_TENANT ? { brand: { name: 'AkashOne' } } : undefined),
    linkBase: async () => BASE,
    overrides: async () => overrides,
    invoice: async (_t, id) => (id === INVOICE ? invoice : undefined),
    creditNote: async (_t, id) => (id === NOTE ? creditNote : undefined),
  };
}

const queued = (commandId: string, command: Record<string, unknown>) => ({
  streamId: mailStreamId(uuidFrom(commandId)),
  command: { type: 'QueueMail', mailId: uuidFrom(commandId), now: SPEC_AT, ...command },
});

const orderPlaced: GivenEvent = {
  type: 'OrderPlaced',
  streamId: orderStreamId(ORDER),
  data: {
    tenantId: SPEC_TENANT,
    orderId: ORDER,
    customerId: CUSTOMER,
    invoiceId: INVOICE,
    items: [
      {
        itemNo: 1,
        planId: 'plan-vps',
        planName: 'VPS Small',
        planKind: 'VPS',
        cycle: 'MONTHLY',
        months: 1,
        operatingSystemId: 'os-ubuntu',
        operatingSystemName: 'Ubuntu 24.04',
        dataCentreId: 'dc-mum',
        dataCentreName: 'Mumbai',
        hostname: 'web1.example.com',
        addons: [{ addonId: 'a1', name: 'cPanel', quantity: 1, recurring: true }],
      },
    ],
    lines: [],
    placedAt: SPEC_AT,
    expiresAt: SPEC_AT,
  },
};

const proformaIssued = (data: Record<string, unknown> = {}): GivenEvent => ({
  type: 'ProformaIssued',
  streamId: invoiceStreamId(INVOICE),
  data: {
    tenantId: SPEC_TENANT,
    invoiceId: INVOICE,
    customerId: CUSTOMER,
    orderId: ORDER,
    document: { totals: { total: '1180.00' }, lines: [{ description: 'VPS Small' }] },
    sources: [],
    subject: null,
    issueDate: '2026-04-01',
    issuedAt: SPEC_AT,
    ...data,
  },
});
const taxInvoiceIssued: GivenEvent = {
  type: 'TaxInvoiceIssued',
  streamId: invoiceStreamId(INVOICE),
  data: {
    tenantId: SPEC_TENANT,
    invoiceId: INVOICE,
    invoiceNumber: 'INV/26-27/0007',
    counter: 7,
    financialYear: '2026-27',
    invoiceDate: '2026-04-02',
    issuedAt: SPEC_AT,
  },
};
const creditNoteIssued: GivenEvent = {
  type: 'CreditNoteIssued',
  streamId: invoiceStreamId(INVOICE),
  data: {
    tenantId: SPEC_TENANT,
    invoiceId: INVOICE,
    customerId: CUSTOMER,
    creditNoteId: NOTE,
    creditNoteNumber: 'CN/26-27/0001',
    counter: 1,
    financialYear: '2026-27',
    destination: 'WALLET',
    total: '590.00',
    issuedAt: SPEC_AT,
  },
};

const orders = (reads: BillingMailReads) =>
  reactorSpec((issue) => orderMailNotifierWith(reads, issue));
const invoices = (reads: BillingMailReads) =>
  reactorSpec((issue) => invoiceMailNotifierWith(reads, issue));

describe('order confirmation', () => {
  it('mails the customer what they ordered, the total and that the proforma follows', () =>
    orders(readsWith(proforma))
      .given([orderPlaced])
      .thenCommands([
        queued(`mail:order-confirmation:${ORDER}`, {
          to: 'asha@example.com',
          kind: 'order-confirmation',
          subject: 'AkashOne: order confirmation for web1.example.com',
          text:
            'Hello Asha,\n\nThank you for your order. We received it as follows:\n\n' +
            '- web1.example.com: VPS Small, monthly, Ubuntu 24.04, Mumbai, cPanel\n\n' +
            'Total: ₹1,180.00\n\n' +
            'Its proforma invoice follows in a separate mail; we set up your servers once it is paid.\n\n' +
            `Your order:\n${BASE}/orders/${ORDER}\n\n— AkashOne`,
          sealedText: null,
        }),
      ]));

  it('names the cycle in words (semi-annual, not SEMI_ANNUAL)', () =>
    orders(readsWith(proforma))
      .given([
        {
          ...orderPlaced,
          data: {
            ...orderPlaced.data,
            items: [
              { ...(orderPlaced.data.items as object[])[0], cycle: 'SEMI_ANNUAL', months: 6 },
            ],
          },
        },
      ])
      .thenCommands([
        {
          command: expect.objectContaining({
            text: expect.stringContaining('VPS Small, semi-annual, Ubuntu 24.04'),
          }),
        },
      ]));

  it('says so when the order is already paid', () =>
    orders(readsWith(taxInvoice))
      .given([orderPlaced])
      .thenCommands([
        { command: expect.objectContaining({ text: expect.stringContaining('It is paid') }) },
      ]));

  it('waits (fails, to be retried) until the order’s invoice is projected', () =>
    orders(readsWith(undefined))
      .given([orderPlaced])
      .thenFails(/not projected yet/));
});

describe('invoice mails', () => {
  it('invoice created: the proforma to the customer with its PDF attached', () =>
    invoices(readsWith(proforma))
      .given([proformaIssued()])
      .thenCommands([
        queued(`mail:invoice-created:${INVOICE}`, {
          to: 'asha@example.com',
          kind: 'invoice-created',
          subject: 'AkashOne: proforma invoice for ₹1,180.00 issued',
          text: expect.stringContaining(`Reference for a bank transfer: ${INVOICE}`),
          attachments: [{ kind: 'invoice-pdf', invoiceId: INVOICE }],
        }),
      ]));

  it('invoice created: nothing for a renewal (its own mail), nor once paid or cancelled', async () => {
    await invoices(readsWith(proforma))
      .given([
        proformaIssued({
          subject: {
            kind: 'RENEWAL',
            serviceId: 'svc',
            periodStart: '2026-05-01',
            periodEnd: '2026-06-01',
          },
        }),
      ])
      .thenCommands([]);
    await invoices(readsWith(taxInvoice)).given([proformaIssued()]).thenCommands([]);
    await invoices(readsWith({ ...proforma, status: 'CANCELLED' }))
      .given([proformaIssued()])
      .thenCommands([]);
  });

  it('payment received: the number in the subject, the tax invoice PDF attached', () =>
    invoices(readsWith(taxInvoice))
      .given([taxInvoiceIssued])
      .thenCommands([
        queued(`mail:payment-received:${INVOICE}`, {
          to: 'asha@example.com',
          kind: 'payment-received',
          subject: 'AkashOne: payment received, tax invoice INV/26-27/0007',
          text:
            'Hello Asha,\n\nThank you: we received your payment of ₹1,180.00. Your tax invoice ' +
            'INV/26-27/0007, dated 2 Apr 2026, is attached as a PDF.\n\n' +
            `The invoice:\n${BASE}/billing/${INVOICE}\n\n— AkashOne`,
          attachments: [{ kind: 'invoice-pdf', invoiceId: INVOICE }],
        }),
      ]));

  it('payment received: waits until the read model has the number (the PDF prints it)', () =>
    invoices(readsWith({ ...taxInvoice, status: 'PAID', number: null }))
      .given([taxInvoiceIssued])
      .thenFails(/not projected yet/));

  it('credit note: both numbers in the subject, where the money goes, the note’s own PDF', () =>
    invoices(readsWith(taxInvoice, note))
      .given([creditNoteIssued])
      .thenCommands([
        queued(`mail:credit-note:${NOTE}`, {
          to: 'asha@example.com',
          kind: 'credit-note',
          subject: 'AkashOne: credit note CN/26-27/0001 for invoice INV/26-27/0007',
          text: expect.stringMatching(
            /Reason: Service cancelled in its first week\.\n\nThe amount is credited to your wallet\./,
          ),
          attachments: [{ kind: 'invoice-pdf', invoiceId: NOTE }],
        }),
      ]));

  it('credit note: waits until the note is projected with its number', () =>
    invoices(readsWith(taxInvoice, { ...note, number: null }))
      .given([creditNoteIssued])
      .thenFails(/not projected yet/));

  it('mails nothing for the other invoice events (payments applied, paid awaiting its number)', () =>
    invoices(readsWith(taxInvoice, note))
      .given([
        {
          type: 'InvoicePaid',
          streamId: invoiceStreamId(INVOICE),
          data: {
            tenantId: SPEC_TENANT,
            invoiceId: INVOICE,
            customerId: CUSTOMER,
            orderId: ORDER,
            total: '1180.00',
            invoiceDate: '2026-04-02',
            paidAt: SPEC_AT,
          },
        },
        { ...orderPlaced },
      ])
      .thenCommands([]));

  it("renders the tenant's own template when it edited one", () =>
    invoices(
      readsWith(taxInvoice, undefined, {
        'payment-received': { subject: 'Paid: {{invoiceNumber}}', body: 'Thanks, {{name}}.' },
      }),
    )
      .given([taxInvoiceIssued])
      .thenCommands([
        {
          command: expect.objectContaining({
            subject: 'Paid: INV/26-27/0007',
            text: 'Thanks, Asha.',
          }),
        },
      ]));
});
