import type { InvoiceDocument, TaxSystem } from './api';

/** The GST heads a document carries, in the order an Indian invoice prints them. */
export type Head = 'cgst' | 'sgst' | 'utgst' | 'igst';

export const headLabels: Record<Head, string> = {
  cgst: 'CGST',
  sgst: 'SGST',
  utgst: 'UTGST',
  igst: 'IGST',
};

const headsBySystem: Record<TaxSystem, Head[]> = {
  CGST_SGST: ['cgst', 'sgst'],
  CGST_UTGST: ['cgst', 'utgst'],
  IGST: ['igst'],
  ZERO_RATED: ['igst'],
};

export function headsOf(system: TaxSystem): Head[] {
  return headsBySystem[system];
}

/** A rate as the API sends it ("9.00", "2.5") written as people read it ("9%", "2.5%"). */
export function formatRate(rate: string): string {
  const m = /^(-?\d+)(?:\.(\d*?))0*$/.exec(rate.trim());
  if (!m) return `${rate}%`;
  return m[2] ? `${m[1]}.${m[2]}%` : `${m[1]}%`;
}

/**
 * The rates a head was charged at across the document's lines ("9%", or "9%, 2.5%" when lines
 * differ), read from the lines the server computed; nothing is recalculated.
 */
export function headRates(doc: Pick<InvoiceDocument, 'lines'>, head: Head): string {
  const rates: string[] = [];
  for (const line of doc.lines) {
    const r = formatRate(line.taxes[head].rate);
    if (!rates.includes(r)) rates.push(r);
  }
  return rates.join(', ');
}
