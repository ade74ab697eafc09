import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/decider.ts';
import { TaxError } from '../tax/tax-error.ts';
import { computeInvoiceDocument, taxRecipient, withTaxErrors } from './document.ts';
import { invoiceStreamId, type BillingRecipient, type Supplier } from './events.ts';

const supplier: Supplier = {
  legalName: 'Mieux Technologies Pvt Ltd',
  gstin: '27AAPFU0939F1ZV',
  stateCode: '27',
  address: 'Pune',
  lutNumber: null,
};
const recipient: BillingRecipient = {
  name: 'Asha',
  address: 'Pune',
  country: 'IN',
  stateCode: '27',
  gstin: null,
  sez: false,
};
const refusal = (run: () => unknown): DomainError => {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('accepted');
};

describe('invoice document: the engine’s recipient and its refusals as form fields', () => {
  it('an unregistered customer without a state on record is given no state: the engine takes the supplier’s', () => {
    expect(taxRecipient({ ...recipient, stateCode: null }, supplier)).toEqual({
      kind: 'unregistered',
    });
    expect(taxRecipient(recipient, supplier)).toEqual({ kind: 'unregistered', stateCode: '27' });
    // So a supplier state that is no place is blamed on the supplier, not on the customer.
    expect(
      refusal(() =>
        computeInvoiceDocument({
          lines: [{ description: 'VPS', sac: '998315', quantity: '1', unitPrice: '100' }],
          supplier: { ...supplier, stateCode: '99' },
          recipient: { ...recipient, stateCode: null },
        }),
      ).message,
    ).toMatch(/^State code "99"/);
  });

  it('engine fields become form paths: lines[12].sac → lines.12.sac; no field → document', () => {
    const path = (field?: string) =>
      refusal(() =>
        withTaxErrors(() => {
          throw new TaxError('INVALID_LINE', 'bad', field);
        }),
      ).issues[0]!.path.join('.');
    expect(path('lines[12].sac')).toBe('lines.12.sac');
    expect(path('lines[3].discount')).toBe('lines.3.discount');
    expect(path('supplierStateCode')).toBe('supplier.stateCode');
    expect(path(undefined)).toBe('document');
    expect(path('')).toBe('document');
    const other = new Error('not the engine’s');
    expect(() =>
      withTaxErrors(() => {
        throw other;
      }),
    ).toThrow(other);
  });

  it('a line’s own rate is kept: 5 % on ₹1,000.00 is ₹50.00, not the SAC’s 18 %', () => {
    const doc = computeInvoiceDocument({
      lines: [{ description: 'VPS', sac: '998315', quantity: '1', unitPrice: '1000', rate: '5' }],
      supplier,
      recipient,
    });
    expect([doc.lines[0]!.gstRate, doc.totals.cgst, doc.totals.sgst]).toEqual([
      '5',
      '25.00',
      '25.00',
    ]);
  });

  it('an invoice’s stream is invoice-<id>', () => expect(invoiceStreamId('i1')).toBe('invoice-i1'));
});
