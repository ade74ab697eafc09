import fc from 'fast-check';
import { describe, it } from 'vitest';
import { allocate } from '../../shared/allocation.ts';
import { D, type Dec } from '../../shared/money.ts';
import { calculateDocument } from '../document/calculate-document.ts';
import {
  HEAD_NAMES,
  type CalculatedDocument,
  type DocumentTotals,
} from '../document/document-types.ts';
import { roundToRupee } from '../document/round-off.ts';
import {
  summarizeByPlaceOfSupply,
  summarizeBySac,
  type TaxSummaryRow,
} from '../document/summaries.ts';
import { check, documentArb, fcSettings } from './arbitraries.ts';

/** Invariants 5–8 of GST.md: totals, spreading, round-off. */
describe('GST totals (invariants 5–8)', () => {
  const dec = (s: string): Dec => new D(s);
  const sumOf = (xs: readonly string[]): Dec => xs.reduce((acc, x) => acc.plus(x), new D(0));
  const amountKeys = ['taxableValue', 'cgst', 'sgst', 'utgst', 'igst', 'tax'] as const;

  it('5. header totals per head are the exact sums of the lines; by invoice, by SAC and by place of supply the totals agree', () => {
    fc.assert(
      fc.property(fc.array(documentArb, { minLength: 1, maxLength: 3 }), (inputs) => {
        const docs = inputs.map(calculateDocument);
        for (const doc of docs) {
          const same = (what: string, header: string, lines: Dec) =>
            check(header === lines.toFixed(2), () => `${what}: header ${header}, lines ${lines}`);
          same('taxable', doc.totals.taxableValue, sumOf(doc.lines.map((l) => l.taxableValue)));
          for (const h of HEAD_NAMES)
            same(h, doc.totals[h], sumOf(doc.lines.map((l) => l.taxes[h].amount)));
          same('tax', doc.totals.tax, sumOf(HEAD_NAMES.map((h) => doc.totals[h])));
          same('amount', doc.totals.amount, sumOf(doc.lines.map((l) => l.amount)));
          same('discount', doc.totals.discount, sumOf(doc.lines.map((l) => l.discount)));
          expectSameTotals(summarizeBySac([doc]), [doc.totals]);
        }
        // All documents together, grouped three ways, give the same figures.
        expectSameTotals(
          summarizeBySac(docs),
          docs.map((d) => d.totals),
        );
        expectSameTotals(
          summarizeByPlaceOfSupply(docs),
          docs.map((d) => d.totals),
        );
        for (const row of summarizeByPlaceOfSupply(docs)) {
          const own = docs.filter((d) => d.supply.placeOfSupply === row.key);
          check(
            row.taxableValue === sumOf(own.map((d) => d.totals.taxableValue)).toFixed(2),
            () => `place ${row.key}: ${row.taxableValue}`,
          );
        }
      }),
      fcSettings,
    );

    function expectSameTotals(rows: readonly TaxSummaryRow[], totals: readonly DocumentTotals[]) {
      for (const k of amountKeys) {
        const grouped = sumOf(rows.map((r) => r[k])).toFixed(2);
        const documents = sumOf(totals.map((t) => t[k])).toFixed(2);
        check(grouped === documents, () => `${k}: groups ${grouped}, documents ${documents}`);
      }
    }
  });

  it('6. spreading an amount over parts conserves it exactly; each share is within 0.01 of its exact part', () => {
    const weight = fc.oneof(
      fc.constant('0'),
      fc.integer({ min: 0, max: 1_000_000_000 }).map((n) => new D(n).div(10_000).toString()),
    );
    fc.assert(
      fc.property(
        fc.bigInt({ min: -10_000_000_000n, max: 10_000_000_000n }),
        fc.array(weight, { minLength: 1, maxLength: 8 }).filter((ws) => ws.some((w) => w !== '0')),
        (paise, ws) => {
          const amount = new D(paise.toString()).div(100);
          const weights = ws.map(dec);
          const shares = allocate(amount, weights);
          check(
            shares.reduce((a, b) => a.plus(b), new D(0)).equals(amount),
            () => `shares ${shares.join(' ')} do not add up to ${amount}`,
          );
          const total = weights.reduce((a, b) => a.plus(b), new D(0));
          shares.forEach((s, i) => {
            const exact = amount.times(weights[i]!).div(total);
            check(
              s.decimalPlaces() <= 2 && s.minus(exact).abs().lt('0.01'),
              () => `share ${i} ${s} vs exact ${exact}`,
            );
          });
          check(allocate(amount, weights).join() === shares.join(), () => 'not deterministic');
        },
      ),
      fcSettings,
    );
  });

  it('6. a document discount is spread over the lines to the paisa, each within 0.01 of its proportional share', () => {
    fc.assert(
      fc.property(documentArb, (input) => {
        const doc = calculateDocument(input);
        const lineDiscounts = input.lines.map((l) => dec(l.discount ?? '0'));
        const shares = doc.lines.map((l, i) => dec(l.discount).minus(lineDiscounts[i]!));
        const documentDiscount = dec(input.discount ?? '0');
        check(
          shares.reduce((a, b) => a.plus(b), new D(0)).equals(documentDiscount),
          () => `discount shares ${shares.join(' ')} vs ${documentDiscount}`,
        );
        const values = doc.lines.map((l, i) => dec(l.amount).minus(lineDiscounts[i]!));
        const base = values.reduce((a, b) => a.plus(b), new D(0));
        if (!base.isZero()) {
          shares.forEach((s, i) =>
            check(
              s.minus(documentDiscount.times(values[i]!).div(base)).abs().lt('0.01'),
              () => `discount share ${i}: ${s}`,
            ),
          );
        }
      }),
      fcSettings,
    );
  });

  it('7. total = taxable + taxes + round-off exactly; |round-off| ≤ 0.50 when rounding to the rupee', () => {
    fc.assert(
      fc.property(documentArb, (input) => {
        const { totals, roundOff, amountInWords } = calculateDocument(input) as CalculatedDocument;
        const show = () => JSON.stringify(totals);
        check(
          dec(totals.taxableValue).plus(totals.tax).plus(totals.roundOff).toFixed(2) ===
            totals.total,
          show,
        );
        if (roundOff === 'rupee') {
          check(
            dec(totals.roundOff).abs().lte('0.5') &&
              dec(totals.total).isInteger() &&
              !/Pais[ae]/.test(amountInWords),
            show,
          );
        } else {
          check(totals.roundOff === '0.00', show);
        }
      }),
      fcSettings,
    );
  });

  it('8. rupee rounding is half up, never half even', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 100_000_000_000n }), fc.boolean(), (paise, atHalf) => {
        // Half the runs land exactly on .50, where half-even and half-up disagree for even rupees.
        const p = atHalf ? (paise / 100n) * 100n + 50n : paise;
        const { total, roundOff } = roundToRupee(new D(p.toString()).div(100));
        const expected = (p + 50n) / 100n; // integer model of half up on non-negative paise
        check(
          total.toFixed(0) === expected.toString(),
          () => `${p} paise rounded to ${total}, expected ${expected}`,
        );
        check(
          roundOff.plus(new D(p.toString()).div(100)).equals(total),
          () => `round-off ${roundOff}`,
        );
        if (p % 100n === 50n)
          check(roundOff.toFixed(2) === '0.50', () => `round-off at .50 is ${roundOff}`);
      }),
      fcSettings,
    );
  });
});
