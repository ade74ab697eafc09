import { afterAll, describe, it } from 'vitest';
import { fold } from '../../domain/shared/decider.ts';
import { invoiceDecider, type InvoiceCommand } from '../../domain/invoices/decider.ts';
import {
  invoiceStreamId,
  type BillingRecipient,
  type InvoiceEvent,
  type Supplier,
} from '../../domain/invoices/events.ts';
import {
  endProjectorSpecs,
  projectorSpec,
  SPEC_TENANT,
  type GivenEvent,
} from '../shared/testing/projector-spec.ts';
import { invoicesProjector } from './projector.ts';

/** The invoices read model from an invoice's events, made by the invoice decider itself. */
afterAll(endProjectorSpecs);

const INVOICE = '11111111-1111-4111-8111-111111111111';
const CUSTOMER = '22222222-2222-4222-8222-222222222222';
const ORDER = '33333333-3333-4333-8333-333333333333';
const NOTE = '44444444-4444-4444-8444-444444444444';
const STAFF = '55555555-5555-4555-8555-555555555555';
const supplier: Supplier = {
  legalName: 'Mieux Technologies Pvt Ltd',
  gstin: '27AAPFU0939F1ZV',
  stateCode: '27',
  address: 'Pune',
  lutNumber: null,
};
const recipient: BillingRecipient = {
  name: 'Asha',
  address: 'Bengaluru',
  country: 'IN',
  stateCode: '29',
  gstin: null,
  sez: false,
};
const at = (day: number) => `2026-05-0${day}T10:00:00.000Z`;

/** Runs commands through the decider and returns each step's events, on the invoice's stream. */
function story(commands: InvoiceCommand[]): GivenEvent[] {
  const events: InvoiceEvent[] = [];
  for (const c of commands) {
    const state = fold(invoiceDecider, events);
    events.push(...invoiceDecider.decide(c, state));
  }
  return events.map((e) => ({ ...e, streamId: invoiceStreamId(INVOICE) }));
}

const issue: InvoiceCommand = {
  type: 'IssueProforma',
  tenantId: SPEC_TENANT,
  invoiceId: INVOICE,
  customerId: CUSTOMER,
  orderId: ORDER,
  lines: [
    {
      description: 'VPS (monthly)',
      sac: '998315',
      quantity: '1',
      unitPrice: '1000',
      source: { kind: 'PLAN', refId: 'plan-vps', itemNo: 1 },
    },
  ],
  supplier,
  recipient,
  now: at(1),
};
const byWallet = (paymentId: string, amount: string): InvoiceCommand => ({
  type: 'ApplyPayment',
  paymentId,
  amount,
  method: { kind: 'WALLET', walletPaymentId: `wallet-${paymentId}` },
  recordedBy: CUSTOMER,
  now: at(2),
});
const byBank: InvoiceCommand = {
  type: 'ApplyPayment',
  paymentId: 'bank-1',
  amount: '1080.00',
  method: { kind: 'BANK_TRANSFER', reference: 'UTR-123', receivedOn: '2026-05-02' },
  recordedBy: STAFF,
  now: at(3),
};
const number: InvoiceCommand = {
  type: 'IssueTaxInvoice',
  invoiceNumber: 'AK/26-27/0001',
  counter: 1,
  financialYear: '2026-27',
  now: at(3),
};
const raise: InvoiceCommand = {
  type: 'RaiseCreditNote',
  creditNoteId: NOTE,
  scope: { kind: 'amount', taxableValue: '100.00' },
  reason: 'service down two days',
  destination: 'WALLET',
  raisedBy: STAFF,
  now: at(4),
};
const noteNumber: InvoiceCommand = {
  type: 'IssueCreditNote',
  creditNoteId: NOTE,
  creditNoteNumber: 'CN/26-27/0001',
  counter: 1,
  financialYear: '2026-27',
  now: at(4),
};

describe('invoices projector', () => {
  it('a proforma keeps the issued document, lines and sources as they are, with nothing paid', async () => {
    const events = story([issue]);
    const document = (events[0]!.data as { document: unknown }).document;
    await projectorSpec(invoicesProjector)
      .given(events)
      .thenRows('invoices', [
        {
          id: INVOICE,
          tenant_id: SPEC_TENANT,
          customer_id: CUSTOMER,
          order_id: ORDER,
          status: 'PROFORMA',
          number: null,
          total: '1180.00',
          amount_paid: '0.00',
          credited: '0.00',
          document,
          sources: [{ kind: 'PLAN', refId: 'plan-vps', itemNo: 1 }],
          supplier,
          recipient,
          issued_at: at(1),
          revision: '0',
        },
      ]);
  });

  it('payments add up, each with its wallet payment or bank reference; the clearing one marks it paid; the number makes it a tax invoice', async () => {
    const spec = projectorSpec(invoicesProjector).given(
      story([issue, byWallet('w-1', '100.00'), byBank, number]),
    );
    await spec.thenRows('invoices', [
      {
        id: INVOICE,
        status: 'TAX_INVOICE',
        amount_paid: '1180.00',
        number: 'AK/26-27/0001',
        counter: 1,
        financial_year: '2026-27',
        paid_at: at(3),
        numbered_at: at(3),
        revision: '4',
      },
    ]);
    await spec.thenRows('invoice_payments', [
      {
        payment_id: 'bank-1',
        method: 'BANK_TRANSFER',
        wallet_payment_id: null,
        reference: 'UTR-123',
        amount: '1080.00',
        amount_due_after: '0.00',
        recorded_by: STAFF,
        refunded_at: null,
      },
      {
        payment_id: 'w-1',
        method: 'WALLET',
        wallet_payment_id: 'wallet-w-1',
        reference: null,
        amount: '100.00',
        amount_due_after: '1080.00',
        recorded_by: CUSTOMER,
        refunded_at: null,
      },
    ]);
  });

  it('a cancelled proforma gives its payments back: refunded, nothing paid, no number', async () => {
    const spec = projectorSpec(invoicesProjector).given(
      story([
        issue,
        byWallet('w-1', '200.00'),
        { type: 'CancelProforma', reason: 'changed my mind', cancelledBy: CUSTOMER, now: at(4) },
      ]),
    );
    await spec.thenRows('invoices', [
      {
        status: 'CANCELLED',
        amount_paid: '0.00',
        number: null,
        cancelled_at: at(4),
        cancel_reason: 'changed my mind',
        cancelled_by: CUSTOMER,
      },
    ]);
    await spec.thenRows('invoice_payments', [
      { payment_id: 'w-1', amount: '200.00', refunded_at: at(4) },
    ]);
  });

  it('a credit note is raised with its figures and reserves its total, then takes its number', async () => {
    const raised = story([issue, byWallet('w-1', '1180.00'), number, raise]);
    const noteDoc = (raised[raised.length - 1]!.data as { document: { totals: unknown } }).document;
    const spec = projectorSpec(invoicesProjector).given(raised);
    await spec.thenRows('credit_notes', [
      {
        id: NOTE,
        invoice_id: INVOICE,
        customer_id: CUSTOMER,
        status: 'RAISED',
        number: null,
        reason: 'service down two days',
        destination: 'WALLET',
        document: noteDoc,
        total: '118.00',
        raised_by: STAFF,
      },
    ]);
    await spec.thenRows('invoices', [{ credited: '118.00', status: 'TAX_INVOICE' }]);

    const issued = projectorSpec(invoicesProjector).given(
      story([issue, byWallet('w-1', '1180.00'), number, raise, noteNumber]),
    );
    await issued.thenRows('credit_notes', [
      {
        id: NOTE,
        status: 'ISSUED',
        number: 'CN/26-27/0001',
        counter: 1,
        financial_year: '2026-27',
        issued_at: at(4),
      },
    ]);
    await issued.thenRows('invoices', [{ credited: '118.00', revision: '5' }]);
  });
});
