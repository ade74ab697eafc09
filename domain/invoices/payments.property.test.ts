import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DomainError, fold } from '../shared/decider.ts';
import { D } from '../shared/money.ts';
import { fcSettings } from '../tax/invariants/arbitraries.ts';
import { amountDue, invoiceDecider, type InvoiceCommand, type InvoiceState } from './decider.ts';
import type { InvoiceEvent } from './events.ts';

const now = '2026-05-01T10:00:00.000Z';
const [proforma] = invoiceDecider.decide(
  {
    type: 'IssueProforma',
    tenantId: 't',
    invoiceId: 'i1',
    customerId: 'c1',
    orderId: null,
    lines: [{ description: 'VPS', sac: '998315', quantity: '1', unitPrice: '1000' }],
    supplier: {
      legalName: 'S',
      gstin: '27AAPFU0939F1ZV',
      stateCode: '27',
      address: 'Pune',
      lutNumber: null,
    },
    recipient: {
      name: 'A',
      address: 'Pune',
      country: 'IN',
      stateCode: '27',
      gstin: null,
      sez: false,
    },
    now,
  },
  invoiceDecider.initialState,
) as [InvoiceEvent];
const TOTAL = new D('1180.00');

const pay = (i: number, paise: number): InvoiceCommand => ({
  type: 'ApplyPayment',
  paymentId: `p${i}`,
  amount: new D(paise).div(100).toFixed(2),
  method: { kind: 'WALLET', walletPaymentId: `w${i}` },
  recordedBy: 'c1',
  now,
});

describe('invoice payments (property)', () => {
  it('whatever is paid in whatever order: never more than the total, paid exactly once when nothing is due', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 130_000 }), { maxLength: 12 }), (amounts) => {
        let state: InvoiceState = fold(invoiceDecider, [proforma]);
        let accepted = new D(0);
        let paidEvents = 0;
        amounts.forEach((paise, i) => {
          const amount = new D(paise).div(100);
          const dueBefore = TOTAL.minus(accepted);
          let events: InvoiceEvent[];
          try {
            events = invoiceDecider.decide(pay(i, paise), state);
          } catch (e) {
            // Refused only when it is more than is due, or nothing is due any more.
            expect(e).toBeInstanceOf(DomainError);
            expect((e as DomainError).code).toBe('CONFLICT');
            expect(dueBefore.isZero() || amount.greaterThan(dueBefore)).toBe(true);
            return;
          }
          expect(amount.lessThanOrEqualTo(dueBefore)).toBe(true);
          accepted = accepted.plus(amount);
          expect(events[0]).toMatchObject({
            type: 'InvoicePaymentApplied',
            data: { amount: amount.toFixed(2), amountDueAfter: TOTAL.minus(accepted).toFixed(2) },
          });
          const paid = events.filter((e) => e.type === 'InvoicePaid').length;
          expect(paid).toBe(accepted.equals(TOTAL) ? 1 : 0);
          paidEvents += paid;
          state = events.reduce(invoiceDecider.evolve, state);
        });
        expect(state.paid.equals(accepted)).toBe(true);
        expect(state.paid.lessThanOrEqualTo(TOTAL)).toBe(true);
        expect(amountDue(state).equals(TOTAL.minus(accepted))).toBe(true);
        expect(paidEvents).toBe(accepted.equals(TOTAL) ? 1 : 0);
        expect(state.status).toBe(accepted.equals(TOTAL) ? 'PAID' : 'PROFORMA');
      }),
      // Amounts up to ₹1,300 against ₹1,180: most runs overpay at some point and some clear it.
      {
        ...fcSettings,
        examples: [[[118_000]], [[100_000, 18_000, 1]], [[118_001, 59_000, 59_000]]],
      },
    );
  });
});
