/**
 * A fixed, realistic document for measuring the PDF renderer (`npm run bench`) and for trying it
 * by hand: the worked example of issue 11 (VPS Pro ₹1,234.56 a month, setup fee, cPanel/WHM,
 * Daily Backup) sold by the Maharashtra operator to a Maharashtra customer, paid from the wallet.
 */
import { computeInvoiceDocument } from '../../domain/invoices/document.ts';
import type { BillingRecipient, Supplier } from '../../domain/invoices/events.ts';
import type { InvoicePdfModel } from './pdf.ts';

export function sampleInvoicePdfModel(): InvoicePdfModel {
  const supplier: Supplier = {
    legalName: 'Mieux Technologies Pvt Ltd',
    gstin: '27AAPFU0939F1ZV',
    stateCode: '27',
    address: 'Office 402, Baner Road, Pune, Maharashtra 411045',
    lutNumber: null,
  };
  const recipient: BillingRecipient = {
    name: 'Asha Rao',
    address: 'Flat 9, Koregaon Park, Pune',
    country: 'IN',
    stateCode: '27',
    gstin: null,
    sez: false,
  };
  const item = (description: string, unitPrice: string) => ({
    description: `${description} — web1.example.com`,
    sac: '998315',
    quantity: '1',
    unitPrice,
  });
  const document = computeInvoiceDocument({
    lines: [
      item('VPS Pro (monthly)', '1234.56'),
      item('Setup fee: VPS Pro', '499.00'),
      item('cPanel/WHM (monthly)', '449.00'),
      item('Daily Backup (monthly)', '120.50'),
    ],
    supplier,
    recipient,
  });
  return {
    kind: 'TAX_INVOICE',
    number: 'INV/26-27/0001',
    issueDate: '2026-05-01',
    invoiceDate: '2026-05-01',
    statusLabel: 'Paid',
    supplier,
    recipient,
    document,
    brand: { name: 'AkashOne.com', primaryColor: '#1d4ed8', accentColor: '#f59e0b' },
    payments: [
      {
        method: 'Wallet',
        reference: 'wp-7f3a91',
        amount: document.totals.total,
        date: '2026-05-01',
      },
    ],
  };
}
