import type { InvoiceRow } from './api';

/**
 * The admin's CSV export, made in the browser from the same GraphQL list the page shows (same
 * filters, same permission checks, no second code path on the server). Amounts are the API's
 * decimal strings as they are: nothing is added up or rounded here.
 */
export const invoiceCsvColumns = [
  'Invoice ID',
  'Number',
  'Status',
  'Financial year',
  'Issue date',
  'Invoice date',
  'Customer',
  'Email',
  'Recipient',
  'GSTIN',
  'State',
  'Total',
  'Paid',
  'Due',
  'Credited',
  'Order ID',
] as const;

/** One field quoted as RFC 4180 wants, and defused against spreadsheet formulas (=, +, -, @). */
export function csvField(value: string | null | undefined): string {
  let v = value ?? '';
  if (/^[=+\-@\t\r]/.test(v) && !/^-?\d+(\.\d+)?$/.test(v)) v = `'${v}`;
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function invoiceCsvRow(i: InvoiceRow): string[] {
  return [
    i.id,
    i.number ?? '',
    i.status,
    i.financialYear ?? '',
    i.issueDate,
    i.invoiceDate ?? '',
    i.customer.name,
    i.customer.email,
    i.recipient.legalName,
    i.recipient.gstin ?? '',
    i.recipient.stateName ?? '',
    i.total,
    i.amountPaid,
    i.amountDue,
    i.credited,
    i.orderId ?? '',
  ];
}

/** The whole file: a header line and one line per invoice, CRLF-separated. */
export function invoicesCsv(invoices: readonly InvoiceRow[]): string {
  const lines = [invoiceCsvColumns as readonly string[], ...invoices.map(invoiceCsvRow)];
  return lines.map((cells) => cells.map(csvField).join(',')).join('\r\n') + '\r\n';
}
