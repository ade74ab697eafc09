import { ZERO, inr, type Dec } from '../../shared/money.ts';
import type { CalculatedDocument, CalculatedLine } from './document-types.ts';
import { HEAD_NAMES } from './document-types.ts';

/** Taxable value and tax per head for one group of lines, as returns (GSTR-1) report them. */
export interface TaxSummaryRow {
  readonly key: string;
  readonly taxableValue: string;
  readonly cgst: string;
  readonly sgst: string;
  readonly utgst: string;
  readonly igst: string;
  readonly tax: string;
}

/**
 * Sums lines grouped by a key, from the lines' own rounded figures: returns are filed from the
 * invoices as issued, so group totals agree with the documents exactly (invariant 5).
 * Rows come out sorted by key so the same documents always give the same report.
 */
export function summarizeLines(
  documents: readonly CalculatedDocument[],
  keyOf: (document: CalculatedDocument, line: CalculatedLine) => string,
): TaxSummaryRow[] {
  const groups = new Map<string, { taxable: Dec; heads: Record<string, Dec> }>();
  for (const doc of documents) {
    for (const line of doc.lines) {
      const key = keyOf(doc, line);
      const g = groups.get(key) ?? {
        taxable: ZERO,
        heads: { cgst: ZERO, sgst: ZERO, utgst: ZERO, igst: ZERO },
      };
      g.taxable = g.taxable.plus(line.taxableValue);
      for (const h of HEAD_NAMES) g.heads[h] = g.heads[h]!.plus(line.taxes[h].amount);
      groups.set(key, g);
    }
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([key, g]) => ({
      key,
      taxableValue: inr(g.taxable),
      cgst: inr(g.heads.cgst!),
      sgst: inr(g.heads.sgst!),
      utgst: inr(g.heads.utgst!),
      igst: inr(g.heads.igst!),
      tax: inr(HEAD_NAMES.reduce((acc, h) => acc.plus(g.heads[h]!), ZERO)),
    }));
}

/** HSN/SAC summary (GSTR-1 Table 12): one row per SAC and rate, key "998315@18". */
export function summarizeBySac(documents: readonly CalculatedDocument[]): TaxSummaryRow[] {
  return summarizeLines(documents, (_doc, line) => `${line.sac}@${line.gstRate}`);
}

/** One row per place of supply (the B2CS view), key the two-digit state code. */
export function summarizeByPlaceOfSupply(
  documents: readonly CalculatedDocument[],
): TaxSummaryRow[] {
  return summarizeLines(documents, (doc) => doc.supply.placeOfSupply);
}
