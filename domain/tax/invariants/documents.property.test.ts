import fc from 'fast-check';
import { describe, it } from 'vitest';
import { D, type Dec } from '../../shared/money.ts';
import { calculateDocument } from '../document/calculate-document.ts';
import {
  HEAD_NAMES,
  type CalculatedDocument,
  type CalculatedLine,
} from '../document/document-types.ts';
import { calculateCreditNote, type CreditScope } from '../notes/credit-note.ts';
import { calculateDebitNote } from '../notes/debit-note.ts';
import { remainingToCredit, type IssuedInvoice } from '../notes/remaining-credit.ts';
import { TaxError } from '../tax-error.ts';
import { check, documentArb, fcSettings, lineArb } from './arbitraries.ts';

/** Invariants 9–11 of GST.md: credit notes, signs, tax-inclusive prices. */
describe('GST documents (invariants 9–11)', () => {
  const dec = (s: string): Dec => new D(s);
  const issued = (document: CalculatedDocument): IssuedInvoice => ({
    invoiceNumber: 'INV/2025-26/0001',
    invoiceDate: '2025-06-15',
    document,
  });
  const issueDate = '2026-01-10';

  /** One partial credit, described by fractions so it always fits what is left. */
  const stepArb = fc.oneof(
    fc.record({
      kind: fc.constant('amount' as const),
      permille: fc.integer({ min: 0, max: 1000 }),
    }),
    fc.record({
      kind: fc.constant('lines' as const),
      line: fc.nat({ max: 3 }),
      permille: fc.option(fc.integer({ min: 1, max: 1000 }), { nil: undefined }),
    }),
  );

  it('9. a full credit note mirrors its invoice; partial notes never credit more than the invoice, and a final full note leaves nothing', () => {
    fc.assert(
      fc.property(documentArb, fc.array(stepArb, { maxLength: 3 }), (input, steps) => {
        const invoice = issued(calculateDocument(input));
        const hasValue = invoice.document.lines.some((l) => !dec(l.taxableValue).isZero());

        if (hasValue) {
          const mirror = calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate });
          const credited = invoice.document.lines.filter((l) => !dec(l.taxableValue).isZero());
          // A line discounted to nothing has nothing to credit, so only then amount and discount differ.
          const { amount: _a, discount: _d, ...taxTotals } = invoice.document.totals;
          const expectedTotals =
            credited.length === invoice.document.lines.length ? invoice.document.totals : taxTotals;
          const mirroredTotals = Object.fromEntries(
            Object.keys(expectedTotals).map((k) => [k, mirror.totals[k as keyof typeof taxTotals]]),
          );
          check(
            JSON.stringify(mirroredTotals) === JSON.stringify(expectedTotals),
            () => `totals ${JSON.stringify(mirror.totals)}`,
          );
          const mirrored = JSON.stringify(
            mirror.lines.map(({ lineNo: _n, invoiceLineNo: _i, ...rest }) => rest),
          );
          check(
            mirrored === JSON.stringify(credited.map(({ lineNo: _n, ...rest }) => rest)),
            () => `lines ${mirrored}`,
          );
          check(
            mirror.lines.every((l, k) => l.invoiceLineNo === credited[k]!.lineNo),
            () => 'line references',
          );
        }

        const notes: CalculatedDocument[] = [];
        for (const step of steps) {
          const left = remainingToCredit(invoice, notes);
          const scope = scopeFor(
            step,
            left.map((l) => dec(l.taxableValue)),
          );
          if (!scope) continue;
          notes.push(calculateCreditNote({ invoice, priorNotes: notes, scope, issueDate }));
          expectWithinInvoice(invoice.document, notes);
        }
        if (remainingToCredit(invoice, notes).some((l) => !dec(l.taxableValue).isZero())) {
          notes.push(
            calculateCreditNote({ invoice, priorNotes: notes, scope: { kind: 'full' }, issueDate }),
          );
        }
        // Each note's tax stays close to its own taxable × rate: a paisa for tax-exclusive invoices;
        // a little more when an inclusive invoice charged a paisa off round2(taxable × rate).
        const bound = invoice.document.prices === 'exclusive' ? '0.01' : '0.015';
        for (const n of notes) {
          for (const l of n.lines) {
            for (const h of HEAD_NAMES) {
              const exact = dec(l.taxableValue).times(l.taxes[h].rate).div(100);
              check(
                exact.minus(l.taxes[h].amount).abs().lte(bound),
                () => `note line ${l.lineNo} ${h} ${l.taxes[h].amount} vs ${exact}`,
              );
            }
          }
        }
        // Everything credited: per line and head the notes add up to the invoice exactly.
        const cumulative = creditedPerLine(invoice.document, notes);
        invoice.document.lines.forEach((l, i) => {
          check(
            cumulative[i]!.taxable.toFixed(2) === l.taxableValue,
            () => `line ${l.lineNo} credited ${cumulative[i]!.taxable} of ${l.taxableValue}`,
          );
          for (const h of HEAD_NAMES)
            check(
              cumulative[i]!.heads[h].toFixed(2) === l.taxes[h].amount,
              () =>
                `line ${l.lineNo} ${h} credited ${cumulative[i]!.heads[h]} of ${l.taxes[h].amount}`,
            );
        });
        for (const n of notes) {
          for (const { taxes: t } of n.lines)
            check(
              n.supply.taxSystem !== 'CGST+SGST' || t.cgst.amount === t.sgst.amount,
              () => `note CGST ${t.cgst.amount} SGST ${t.sgst.amount}`,
            );
        }
        // Nothing left: one more paisa is refused.
        try {
          calculateCreditNote({
            invoice,
            priorNotes: notes,
            scope: { kind: 'amount', taxableValue: '0.01' },
            issueDate,
          });
          check(false, () => 'a paisa more than the invoice was credited');
        } catch (e) {
          check(e instanceof TaxError && e.code === 'CREDIT_EXCEEDS_REMAINING', () => String(e));
        }
      }),
      fcSettings,
    );
  });

  it('10. no document amount is negative: invoices, credit and debit notes carry their sign in their type', () => {
    fc.assert(
      fc.property(
        documentArb,
        stepArb,
        fc.array(lineArb, { minLength: 1, maxLength: 2 }),
        (input, step, extra) => {
          const invoice = issued(calculateDocument(input));
          const scope = scopeFor(
            step,
            remainingToCredit(invoice).map((l) => dec(l.taxableValue)),
          );
          const docs = [invoice.document, calculateDebitNote({ invoice, lines: extra, issueDate })];
          if (scope) docs.push(calculateCreditNote({ invoice, scope, issueDate }));
          for (const doc of docs) {
            for (const l of doc.lines) {
              for (const v of [
                l.quantity,
                l.unitPrice,
                l.amount,
                l.discount,
                l.taxableValue,
                l.taxTotal,
                l.total,
                ...HEAD_NAMES.map((h) => l.taxes[h].amount),
              ]) {
                check(!v.startsWith('-'), () => `${doc.documentType} line ${l.lineNo}: ${v}`);
              }
            }
            // roundOff is the one signed figure: an adjustment within ±0.50, as in the e-invoice.
            const { roundOff: _r, ...amounts } = doc.totals;
            for (const [k, v] of Object.entries(amounts))
              check(!v.startsWith('-'), () => `${doc.documentType} ${k}: ${v}`);
          }
        },
      ),
      fcSettings,
    );
  });

  it('11. tax-inclusive prices: taxable value + taxes = the price exactly, per line and per document', () => {
    fc.assert(
      fc.property(documentArb, (input) => {
        const doc = calculateDocument({ ...input, prices: 'inclusive' });
        for (const l of doc.lines) {
          const gross = dec(l.amount).minus(l.discount);
          check(
            dec(l.taxableValue).plus(l.taxTotal).equals(gross) && l.total === gross.toFixed(2),
            () => `line ${l.lineNo}: ${l.taxableValue} + ${l.taxTotal} ≠ ${gross}`,
          );
        }
        const t = doc.totals;
        check(dec(t.taxableValue).plus(t.tax).equals(dec(t.amount).minus(t.discount)), () =>
          JSON.stringify(t),
        );
      }),
      fcSettings,
    );
  });

  function scopeFor(step: StepValue, left: readonly Dec[]): CreditScope | null {
    const available = left.reduce((a, b) => a.plus(b), new D(0));
    if (available.isZero()) return null;
    if (step.kind === 'amount') {
      const v = available.times(step.permille).div(1000).toDecimalPlaces(2, D.ROUND_DOWN);
      return v.isZero() ? null : { kind: 'amount', taxableValue: v.toFixed(2) };
    }
    const i = step.line % left.length;
    if (left[i]!.isZero()) return null;
    if (step.permille === undefined) return { kind: 'lines', lines: [{ lineNo: i + 1 }] };
    const v = left[i]!.times(step.permille).div(1000).toDecimalPlaces(2, D.ROUND_DOWN);
    return v.isZero()
      ? null
      : { kind: 'lines', lines: [{ lineNo: i + 1, taxableValue: v.toFixed(2) }] };
  }

  function creditedPerLine(invoice: CalculatedDocument, notes: readonly CalculatedDocument[]) {
    return invoice.lines.map((line) => {
      const mine: CalculatedLine[] = notes.flatMap((n) =>
        n.lines.filter((l) => l.invoiceLineNo === line.lineNo),
      );
      const add = (pick: (l: CalculatedLine) => string) =>
        mine.reduce((acc, l) => acc.plus(pick(l)), new D(0));
      return {
        taxable: add((l) => l.taxableValue),
        heads: Object.fromEntries(
          HEAD_NAMES.map((h) => [h, add((l) => l.taxes[h].amount)]),
        ) as Record<(typeof HEAD_NAMES)[number], Dec>,
      };
    });
  }

  function expectWithinInvoice(invoice: CalculatedDocument, notes: readonly CalculatedDocument[]) {
    const cumulative = creditedPerLine(invoice, notes);
    invoice.lines.forEach((l, i) => {
      check(
        cumulative[i]!.taxable.lte(l.taxableValue),
        () => `line ${l.lineNo}: credited ${cumulative[i]!.taxable} of ${l.taxableValue}`,
      );
      for (const h of HEAD_NAMES)
        check(
          cumulative[i]!.heads[h].lte(l.taxes[h].amount),
          () =>
            `line ${l.lineNo} ${h}: credited ${cumulative[i]!.heads[h]} of ${l.taxes[h].amount}`,
        );
    });
  }
});

type StepValue =
  | { kind: 'amount'; permille: number }
  | { kind: 'lines'; line: number; permille: number | undefined };
