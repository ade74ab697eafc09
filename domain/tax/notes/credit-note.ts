import { allocate } from '../../shared/allocation.ts';
import { D, ZERO, inr, round2, sum, type Dec } from '../../shared/money.ts';
import { TaxError, readDecimal } from '../tax-error.ts';
import { assembleDocument, type LineFigures } from '../document/assemble-document.ts';
import type { CalculatedDocument, HeadName, RoundOffMode } from '../document/document-types.ts';
import { HEAD_NAMES } from '../document/document-types.ts';
import { totalTax, type HeadRates } from '../document/line-tax.ts';
import { checkNoteDate } from './credit-note-deadline.ts';
import {
  creditPositions,
  type IssuedInvoice,
  type LineCreditPosition,
} from './remaining-credit.ts';

/**
 * What a credit note takes back:
 * - `full`: everything still uncredited (the whole invoice when nothing was credited yet);
 * - `lines`: chosen lines, each whole or by a taxable value;
 * - `amount`: a taxable value spread over the lines in proportion to what is left on each.
 */
export type CreditScope =
  | { readonly kind: 'full' }
  | {
      readonly kind: 'lines';
      readonly lines: readonly { readonly lineNo: number; readonly taxableValue?: string }[];
    }
  | { readonly kind: 'amount'; readonly taxableValue: string };

export interface CreditNoteInput {
  readonly invoice: IssuedInvoice;
  /** Credit notes already issued against this invoice; the new one credits only what they left. */
  readonly priorNotes?: readonly CalculatedDocument[];
  readonly scope: CreditScope;
  /** 'YYYY-MM-DD'; checked against the 30 November deadline. */
  readonly issueDate: string;
  /** Default: as the invoice. */
  readonly roundOff?: RoundOffMode;
}

/**
 * Calculates a credit note against an invoice (s.34, Rule 53). The note is a positive document;
 * its type gives the sign.
 *
 * Tax per head is worked out on the cumulative credit of the line: credited so far =
 * round2(credited taxable × rate), never more than the invoice charged on that head, and exactly
 * that once the whole taxable value is credited; this note takes the difference from what prior
 * notes took. So a first partial note is taxed like an invoice for its value, partial notes
 * never add up to more than the invoice, the last one leaves nothing behind, CGST stays equal to
 * SGST, and a full note mirrors the invoice line by line. (Rounding each note on its own would
 * not: ₹1.00 at 18% charged CGST 0.09, two half credits of 0.05 would take back 0.10.)
 *
 * @throws TaxError CREDIT_EXCEEDS_REMAINING, NOTHING_TO_CREDIT, UNKNOWN_INVOICE_LINE,
 *   CREDIT_NOTE_DEADLINE_PASSED, NOTE_BEFORE_INVOICE and the errors of `creditPositions`
 */
export function calculateCreditNote(input: CreditNoteInput): CalculatedDocument {
  const { invoice } = input;
  checkNoteDate('credit-note', invoice.invoiceDate, input.issueDate);
  const positions = creditPositions(invoice, input.priorNotes ?? []);
  const requested = requestedCredit(input.scope, positions, invoice.invoiceNumber);
  const lines: LineFigures[] = [];
  positions.forEach((p, i) => {
    const x = requested[i]!;
    if (x.isZero()) return;
    lines.push(creditLine(p, x, lines.length + 1, invoice.document.prices));
  });
  if (lines.length === 0) {
    throw new TaxError(
      'NOTHING_TO_CREDIT',
      `Invoice ${invoice.invoiceNumber} has nothing left to credit in the scope given.`,
      'scope',
    );
  }
  return assembleDocument(
    {
      documentType: 'credit-note',
      supply: invoice.document.supply,
      prices: invoice.document.prices,
      roundOff: input.roundOff ?? invoice.document.roundOff,
      reference: { invoiceNumber: invoice.invoiceNumber, invoiceDate: invoice.invoiceDate },
    },
    lines,
  );
}

/** The taxable value to credit on each invoice line, checked against what is left. */
function requestedCredit(
  scope: CreditScope,
  positions: readonly LineCreditPosition[],
  invoiceNumber: string,
): Dec[] {
  const left = positions.map((p) => p.invoicedTaxable.minus(p.creditedTaxable));
  switch (scope?.kind) {
    case 'full':
      return left;
    case 'amount': {
      const amount = readDecimal(scope.taxableValue, 'scope.taxableValue', 2);
      const available = sum(left);
      if (amount.greaterThan(available)) {
        throw new TaxError(
          'CREDIT_EXCEEDS_REMAINING',
          `A credit of ${inr(amount)} is more than the ${inr(available)} taxable value left to credit on invoice ${invoiceNumber}; give at most ${inr(available)}.`,
          'scope.taxableValue',
        );
      }
      // Shares never exceed what a line has left: each is within a paisa of an exact part that is at most that.
      return amount.isZero() ? left.map(() => ZERO) : allocate(amount, left);
    }
    case 'lines': {
      const wanted = left.map(() => ZERO);
      const seen = new Set<number>();
      scope.lines.forEach((req, k) => {
        const field = `scope.lines[${k}]`;
        const i = positions.findIndex((p) => p.invoiceLine.lineNo === req.lineNo);
        if (i < 0 || seen.has(req.lineNo)) {
          const why =
            i < 0
              ? `Invoice ${invoiceNumber} has no line ${req.lineNo} (lines 1 to ${positions.length})`
              : `Line ${req.lineNo} is named twice`;
          throw new TaxError('UNKNOWN_INVOICE_LINE', `${why} (${field}).`, `${field}.lineNo`);
        }
        seen.add(req.lineNo);
        const x =
          req.taxableValue === undefined
            ? left[i]!
            : readDecimal(req.taxableValue, `${field}.taxableValue`, 2);
        if (x.greaterThan(left[i]!)) {
          throw new TaxError(
            'CREDIT_EXCEEDS_REMAINING',
            `Crediting ${inr(x)} on line ${req.lineNo} is more than the ${inr(left[i]!)} left to credit; give at most ${inr(left[i]!)} (${field}).`,
            `${field}.taxableValue`,
          );
        }
        wanted[i] = x;
      });
      return wanted;
    }
    default:
      throw new TaxError(
        'INVALID_DOCUMENT',
        'The scope.kind must be "full", "lines" or "amount".',
        'scope.kind',
      );
  }
}

function creditLine(
  p: LineCreditPosition,
  x: Dec,
  lineNo: number,
  prices: 'exclusive' | 'inclusive',
): LineFigures {
  const inv = p.invoiceLine;
  const creditedAfter = p.creditedTaxable.plus(x);
  const whole = creditedAfter.equals(p.invoicedTaxable);
  const rates = Object.fromEntries(
    HEAD_NAMES.map((h) => [h, new D(inv.taxes[h].rate)]),
  ) as HeadRates;
  const taxes = Object.fromEntries(
    HEAD_NAMES.map((h) => {
      const invoiced = p.invoicedHeads[h];
      // A tax-inclusive invoice may have charged a paisa less than round2(taxable × rate): cap at what it charged.
      const target = whole
        ? invoiced
        : D.min(round2(creditedAfter.times(rates[h]).div(100)), invoiced);
      // Clamped too, so notes worked out by other rules in the past can never push a head over the invoice.
      return [
        h,
        D.min(D.max(target.minus(p.creditedHeads[h]), ZERO), invoiced.minus(p.creditedHeads[h])),
      ];
    }),
  ) as Record<HeadName, Dec>;
  // Crediting a whole line at once mirrors it; part of a line is shown as one unit of the value credited.
  const mirror = whole && p.creditedTaxable.isZero();
  const value = prices === 'inclusive' ? x.plus(totalTax(taxes)) : x;
  return {
    lineNo,
    invoiceLineNo: inv.lineNo,
    description: inv.description,
    sac: inv.sac,
    quantity: mirror ? inv.quantity : '1',
    unitPrice: mirror ? inv.unitPrice : value.toFixed(2),
    gstRate: new D(inv.gstRate),
    amount: mirror ? new D(inv.amount) : value,
    discount: mirror ? new D(inv.discount) : ZERO,
    taxable: x,
    rates,
    taxes,
  };
}
