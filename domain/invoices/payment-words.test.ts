import { describe, expect, it } from 'vitest';
import type { CalculatedDocument } from '../tax/document/document-types.ts';
import { walletPaymentDescription } from './payment-words.ts';

const doc = (...descriptions: string[]) =>
  ({
    lines: descriptions.map((description) => ({ description })),
  }) as unknown as CalculatedDocument;

describe('a wallet payment in the ledger', () => {
  it('says what the invoice bills and its first line, never an id', () => {
    expect(
      walletPaymentDescription({
        subject: {
          kind: 'RENEWAL',
          serviceId: 's',
          periodStart: '2027-02-28',
          periodEnd: '2027-03-31',
        },
        orderId: null,
        document: doc('VPS Pro — web1.example.in', 'Daily backups'),
        invoiceNumber: null,
      }),
    ).toBe('Renewal, 28 Feb 2027 to 30 Mar 2027: VPS Pro — web1.example.in and 1 more');
    expect(
      walletPaymentDescription({
        subject: { kind: 'PLAN_CHANGE', serviceId: 's', changeId: 'c' },
        orderId: null,
        document: doc('Upgrade to VPS Max, 12 of 30 days'),
        invoiceNumber: null,
      }),
    ).toBe('Plan change: Upgrade to VPS Max, 12 of 30 days');
    expect(
      walletPaymentDescription({
        subject: null,
        orderId: 'o',
        document: doc('VPS Pro', 'cPanel', 'Backups'),
        invoiceNumber: null,
      }),
    ).toBe('Order: VPS Pro and 2 more');
    expect(
      walletPaymentDescription({
        subject: null,
        orderId: null,
        document: null,
        invoiceNumber: 'AK/2026-27/00007',
      }),
    ).toBe('Invoice (AK/2026-27/00007)');
    expect(
      walletPaymentDescription({
        subject: null,
        orderId: null,
        document: doc(),
        invoiceNumber: null,
      }),
    ).toBe('Invoice');
  });
});
