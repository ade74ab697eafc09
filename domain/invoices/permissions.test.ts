import { describe, expect, it } from 'vitest';
import { invoicePermissions } from './permissions.ts';

describe('invoice permissions', () => {
  it('support and billing staff see invoices; only billing staff move money', () => {
    expect(invoicePermissions['billing.read'].heldBy).toEqual(['support', 'billing']);
    expect(invoicePermissions['billing.manage'].heldBy).toEqual(['billing']);
    expect(Object.keys(invoicePermissions)).toEqual(['billing.read', 'billing.manage']);
  });
  it('each says what it allows, the money-moving one that it moves money', () => {
    expect(invoicePermissions['billing.read'].description).toMatch(/invoice.*PDFs/);
    expect(invoicePermissions['billing.manage'].description).toMatch(
      /^Pay invoices .*credit notes.*\(moves money\)$/,
    );
  });
});
