import { describe, expect, it } from 'vitest';
import { csvField, invoicesCsv } from './csv';
import type { InvoiceRow } from './api';

const row: InvoiceRow = {
  id: 'inv-1',
  status: 'TAX_INVOICE',
  number: 'AK/2025-26/0001',
  financialYear: '2025-26',
  issueDate: '2025-06-01',
  invoiceDate: '2025-06-01',
  orderId: 'ord-1',
  customer: { id: 'c1', name: 'Iyer, Meera', email: 'meera@example.com', company: null },
  recipient: { legalName: 'Meera "M" Iyer', gstin: null, stateName: 'Maharashtra' },
  total: '1456.78',
  amountPaid: '1456.78',
  amountDue: '0.00',
  credited: '0.00',
  creditable: '1456.78',
  issuedAt: '2025-06-01T10:00:00Z',
  paidAt: '2025-06-01T10:00:00Z',
  cancelledAt: null,
  pdfUrl: '/files/invoices/inv-1.pdf',
};

describe('invoice CSV', () => {
  it('quotes commas and quotes, keeps amounts as the API sent them', () => {
    const csv = invoicesCsv([row]);
    const [header, line] = csv.split('\r\n');
    expect(header).toMatch(/^Invoice ID,Number,Status,/);
    expect(line).toBe(
      'inv-1,AK/2025-26/0001,TAX_INVOICE,2025-26,2025-06-01,2025-06-01,"Iyer, Meera",meera@example.com,"Meera ""M"" Iyer",,Maharashtra,1456.78,1456.78,0.00,0.00,ord-1',
    );
    expect(csv.endsWith('\r\n')).toBe(true);
  });

  it('defuses spreadsheet formulas but not negative amounts', () => {
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(csvField('+91 98200')).toBe("'+91 98200");
    expect(csvField('-12.50')).toBe('-12.50');
    expect(csvField(null)).toBe('');
  });
});
