/**
 * Specs of processes/invoicing (kept here: vitest.config.ts does not include processes/ yet).
 */
import { describe, expect, it } from 'vitest';
import { recordedEvents } from '../../projections/shared/testing/projector-spec.ts';
import type { NumberingReads } from '../../commands/invoices/clearing.ts';
import { creditNoteCreditId, reverseCommandId } from '../../commands/invoices/clearing.ts';
import { uuidFrom } from '../../commands/shared/ids.ts';
import type { CalculatedDocument } from '../../domain/tax/document/document-types.ts';
import { reactorSpec } from '../../integrations/testing/reactor-spec.ts';
import { numberingProcess, orderPaymentProcess, refundProcess } from './reactors.ts';

const T = 'akashone';
const at = '2026-05-01T10:00:00.000Z';
const system = { userId: 'system', role: 'system' };

/** The series as the spec has it: formats, and the numbers it gave. */
function reads(
  assigned: Record<string, { counter: number; documentNumber: string }>,
): NumberingReads {
  return {
    seriesFormat: async (_t, type) =>
      type === 'invoice' ? 'INV/{FY4}/{SEQ:5}' : 'CN/{FY4}/{SEQ:5}',
    assignedNumber: async (_t, _type, _fy, documentId) => assigned[documentId] ?? null,
  };
}

const paid = (orderId: string | null) => ({
  type: 'InvoicePaid',
  tenantId: T,
  streamId: 'invoice-i1',
  id: uuidFrom('spec:paid'),
  data: {
    tenantId: T,
    invoiceId: 'i1',
    customerId: 'c1',
    orderId,
    total: '529.82',
    invoiceDate: '2026-05-01',
    paidAt: at,
  },
});

const raised = (destination: 'WALLET' | 'REFUNDED_OUTSIDE') => ({
  type: 'CreditNoteRaised',
  tenantId: T,
  streamId: 'invoice-i1',
  id: uuidFrom('spec:raised'),
  data: {
    tenantId: T,
    invoiceId: 'i1',
    customerId: 'c1',
    creditNoteId: 'cn1',
    scope: { kind: 'full' },
    reason: 'downtime',
    destination,
    document: { totals: { total: '1180.00' } } as unknown as CalculatedDocument,
    issueDate: '2026-05-02',
    raisedBy: 'staff',
    raisedAt: at,
  },
});

describe('invoicing.numbering', () => {
  const numbered = reads({
    i1: { counter: 7, documentNumber: 'INV/2627/00007' },
    cn1: { counter: 2, documentNumber: 'CN/2627/00002' },
  });

  it('InvoicePaid: a number from the invoice series of its financial year, then the tax invoice', async () => {
    await reactorSpec((issue) => numberingProcess(issue, numbered))
      .given([paid('o1')])
      .thenCommands([
        {
          streamId: `series-${T}-invoice-2026-27`,
          command: {
            type: 'AssignNumber',
            documentType: 'invoice',
            financialYear: '2026-27',
            documentId: 'i1',
            documentDate: '2026-05-01',
            format: 'INV/{FY4}/{SEQ:5}',
          },
          ctx: {
            tenantId: T,
            actor: system,
            commandId: 'number:i1',
            causationId: uuidFrom('spec:paid'),
          },
        },
        {
          streamId: 'invoice-i1',
          command: {
            type: 'IssueTaxInvoice',
            invoiceNumber: 'INV/2627/00007',
            counter: 7,
            financialYear: '2026-27',
          },
          ctx: { commandId: 'issue:i1' },
        },
      ]);
  });

  it('a March payment late in the evening (UTC) is numbered in the year of its Indian date', async () => {
    const event = paid(null);
    event.data.invoiceDate = '2027-04-01';
    await reactorSpec((issue) =>
      numberingProcess(issue, reads({ i1: { counter: 1, documentNumber: 'INV/2728/00001' } })),
    )
      .given([event])
      .thenCommands([
        { streamId: `series-${T}-invoice-2027-28`, command: { financialYear: '2027-28' } },
        { command: { type: 'IssueTaxInvoice', financialYear: '2027-28' } },
      ]);
  });

  it('fails (to be retried from its checkpoint) while the series has not given the number, issuing no tax invoice', async () => {
    const issued: string[] = [];
    const reactor = numberingProcess(async (_ctx, spec) => {
      issued.push((spec.command('2026-05-01T10:00:00.000Z') as { type: string }).type);
    }, reads({}));
    const [event] = recordedEvents([paid('o1')]);
    await expect(reactor.react(event!)).rejects.toThrow(/has no number yet/);
    expect(issued).toEqual(['AssignNumber']);
  });

  it('CreditNoteRaised to the wallet: a number from the credit-note series, the note issued, the wallet credited once', async () => {
    await reactorSpec((issue) => numberingProcess(issue, numbered))
      .given([raised('WALLET')])
      .thenCommands([
        {
          streamId: `series-${T}-credit-note-2026-27`,
          command: { type: 'AssignNumber', documentType: 'credit-note', documentId: 'cn1' },
          ctx: { commandId: 'number:cn1' },
        },
        {
          streamId: 'invoice-i1',
          command: {
            type: 'IssueCreditNote',
            creditNoteId: 'cn1',
            creditNoteNumber: 'CN/2627/00002',
          },
          ctx: { commandId: 'issue:cn1' },
        },
        {
          streamId: 'wallet-c1',
          command: {
            type: 'CreditWallet',
            creditId: creditNoteCreditId(T, 'cn1'),
            amount: '1180.00',
            source: { kind: 'CREDIT_NOTE', id: 'cn1' },
            reason: 'Credit note CN/2627/00002',
          },
          ctx: { commandId: 'credit:cn1' },
        },
      ]);
  });

  it('a credit note refunded outside is numbered and issued; the wallet is not touched', async () => {
    await reactorSpec((issue) => numberingProcess(issue, numbered))
      .given([raised('REFUNDED_OUTSIDE')])
      .thenCommands([
        { command: { type: 'AssignNumber' } },
        { command: { type: 'IssueCreditNote' } },
      ]);
  });
});

describe('invoicing.order-paid', () => {
  it('InvoicePaid of an order → MarkOrderPaid', async () => {
    await reactorSpec(orderPaymentProcess)
      .given([paid('o1')])
      .thenCommands([
        {
          streamId: 'order-o1',
          command: { type: 'MarkOrderPaid', invoiceId: 'i1' },
          ctx: { commandId: 'order-paid:i1' },
        },
      ]);
  });
  it('an invoice without an order: nothing', async () => {
    await reactorSpec(orderPaymentProcess)
      .given([paid(null)])
      .thenCommands([]);
  });
});

describe('invoicing.refunds', () => {
  const refunded = (method: unknown) => ({
    type: 'InvoicePaymentRefunded',
    tenantId: T,
    data: {
      tenantId: T,
      invoiceId: 'i1',
      customerId: 'c1',
      paymentId: 'p1',
      method,
      amount: '200.00',
      destination: 'WALLET',
      refundedAt: at,
    },
  });
  it('a wallet payment: its debit is reversed, with the one reversal id every path uses', async () => {
    await reactorSpec(refundProcess)
      .given([refunded({ kind: 'WALLET', walletPaymentId: 'wp1' })])
      .thenCommands([
        {
          streamId: 'wallet-c1',
          command: { type: 'ReverseDebit', paymentId: 'wp1' },
          ctx: { commandId: reverseCommandId('wp1') },
        },
      ]);
  });
  it('a bank transfer: the wallet is credited with it, once', async () => {
    await reactorSpec(refundProcess)
      .given([refunded({ kind: 'BANK_TRANSFER', reference: 'UTR1', receivedOn: '2026-04-30' })])
      .thenCommands([
        {
          streamId: 'wallet-c1',
          command: {
            type: 'CreditWallet',
            amount: '200.00',
            source: { kind: 'REFUND', id: 'p1' },
            creditId: uuidFrom(`wallet-credit:${T}:refund:i1:p1`),
          },
          ctx: { commandId: 'refund:i1:p1' },
        },
      ]);
  });
});
