import fc from 'fast-check';
import { describe, it } from 'vitest';
import { D, type Dec } from '../../shared/money.ts';
import { calculateDocument } from '../document/calculate-document.ts';
import { HEAD_NAMES, type CalculatedLine, type PriceMode } from '../document/document-types.ts';
import { determineSupply } from '../supply/determine-supply.ts';
import { UTGST_CODES, check, documentArb, fcSettings, rateArb, scaled } from './arbitraries.ts';

/** Invariants 1–4 of GST.md: which heads a document charges and how each is rounded. */
describe('GST heads (invariants 1–4)', () => {
  const isZero = (s: string) => s === '0.00';

  it('1. one tax system per document: intra-state has no IGST; inter-state, SEZ, export and 96 have no CGST/SGST; UTGST only in the UT codes', () => {
    fc.assert(
      fc.property(documentArb, (input) => {
        const doc = calculateDocument(input);
        const { supply, totals } = doc;
        const crossBorder =
          supply.supplierStateCode !== supply.placeOfSupply ||
          (supply.supplyType !== 'B2B' && supply.supplyType !== 'B2C');
        check(
          crossBorder === supply.interState,
          () => `interState ${supply.interState} for ${JSON.stringify(supply)}`,
        );
        check(supply.placeOfSupply !== '96' || crossBorder, () => 'place 96 must be inter-state');
        const inUt = UTGST_CODES.includes(supply.placeOfSupply);
        const all = [
          ...doc.lines.map((l) => ({
            cgst: l.taxes.cgst.amount,
            sgst: l.taxes.sgst.amount,
            utgst: l.taxes.utgst.amount,
            igst: l.taxes.igst.amount,
          })),
          totals,
        ];
        for (const heads of all) {
          const show = () =>
            `${JSON.stringify(heads)} for ${supply.supplyType} ${supply.supplierStateCode}→${supply.placeOfSupply}`;
          if (crossBorder)
            check(isZero(heads.cgst) && isZero(heads.sgst) && isZero(heads.utgst), show);
          else check(isZero(heads.igst) && isZero(inUt ? heads.sgst : heads.utgst), show);
          check(isZero(heads.utgst) || inUt, show);
          if (supply.taxSystem === 'ZERO_RATED')
            check(
              HEAD_NAMES.every((h) => isZero(heads[h])),
              show,
            );
        }
      }),
      fcSettings,
    );
  });

  it('2. CGST equals SGST (or UTGST in a union territory) exactly on every line', () => {
    fc.assert(
      fc.property(documentArb, (input) => {
        const system = input.supply.taxSystem;
        for (const { taxes: t } of calculateDocument(input).lines) {
          const other = system === 'CGST+UTGST' ? t.utgst : t.sgst;
          if (system === 'CGST+SGST' || system === 'CGST+UTGST') {
            check(
              other.amount === t.cgst.amount && other.rate === t.cgst.rate,
              () => `CGST ${JSON.stringify(t.cgst)} vs ${JSON.stringify(other)}`,
            );
          } else {
            check(
              t.cgst.amount === '0.00' && t.sgst.amount === '0.00',
              () => `no CGST/SGST under ${system}`,
            );
          }
        }
      }),
      fcSettings,
    );
  });

  it('3. |IGST(x) − (CGST(x) + SGST(x))| ≤ 0.01 for the same value, exclusive and inclusive', () => {
    const intra = determineSupply({ supplierStateCode: '27', recipient: { kind: 'unregistered' } });
    const inter = determineSupply({
      supplierStateCode: '27',
      recipient: { kind: 'unregistered', stateCode: '29' },
    });
    const ut = determineSupply({ supplierStateCode: '04', recipient: { kind: 'unregistered' } });
    const prices = fc.constantFrom<PriceMode>('exclusive', 'inclusive');
    fc.assert(
      fc.property(scaled(10_000_000_000, 2), rateArb, prices, (value, rate, mode) => {
        const lines = [{ description: 'x', sac: '998315', quantity: '1', unitPrice: value, rate }];
        const igst = new D(calculateDocument({ supply: inter, lines, prices: mode }).totals.igst);
        const split = calculateDocument({ supply: intra, lines, prices: mode }).totals;
        const utSplit = calculateDocument({ supply: ut, lines, prices: mode }).totals;
        check(
          igst.minus(split.cgst).minus(split.sgst).abs().lte('0.01'),
          () => `IGST ${igst} vs CGST+SGST ${split.cgst}+${split.sgst}`,
        );
        check(
          igst.minus(utSplit.cgst).minus(utSplit.utgst).abs().lte('0.01'),
          () => `IGST ${igst} vs CGST+UTGST ${utSplit.cgst}+${utSplit.utgst}`,
        );
      }),
      fcSettings,
    );
  });

  it('4. every head on every line is within 0.005 of taxable × rate (inclusive prices: of the exact taxable value)', () => {
    fc.assert(
      fc.property(documentArb, (input) => {
        const doc = calculateDocument(input);
        for (const l of doc.lines) {
          const totalRate = HEAD_NAMES.reduce((acc, h) => acc.plus(l.taxes[h].rate), new D(0));
          const exactTaxable = exactTaxableValue(l, doc.prices, totalRate);
          for (const h of HEAD_NAMES) {
            const { rate, amount } = l.taxes[h];
            const exact = exactTaxable.times(rate).div(100);
            check(
              exact.minus(amount).abs().lte('0.005'),
              () => `line ${l.lineNo} ${h} ${amount} vs exact ${exact}`,
            );
            // Against the printed (rounded) taxable value, an inclusive line is never a paisa off.
            const printed = new D(l.taxableValue).times(rate).div(100);
            check(
              printed.minus(amount).abs().lt('0.01'),
              () => `line ${l.lineNo} ${h} ${amount} vs printed ${printed}`,
            );
          }
        }
      }),
      fcSettings,
    );
  });
});

/** Exclusive: the taxable value itself. Inclusive: the price over (1 + rate), before rounding. */
function exactTaxableValue(l: CalculatedLine, prices: PriceMode, totalRate: Dec): Dec {
  if (prices === 'exclusive') return new D(l.taxableValue);
  return new D(l.amount).minus(l.discount).times(100).div(totalRate.plus(100));
}
