/** Each GST refusal names its field and its code (the portal marks that field): pinned one by one. */
import { describe, expect, it } from 'vitest';
import { calculateDocument } from './document/calculate-document.ts';
import type { CalculatedDocument, LineInput } from './document/document-types.ts';
import { calculateCreditNote } from './notes/credit-note.ts';
import { checkNoteDate } from './notes/credit-note-deadline.ts';
import { calculateDebitNote } from './notes/debit-note.ts';
import { remainingToCredit, type IssuedInvoice } from './notes/remaining-credit.ts';
import { determineSupply } from './supply/determine-supply.ts';
import { TaxError } from './tax-error.ts';

const intra = determineSupply({
  supplierStateCode: '27',
  recipient: { kind: 'registered', gstin: '27AAPFU0939F1ZV' },
});
const line = (quantity: string, unitPrice: string, extra: Partial<LineInput> = {}): LineInput => ({
  description: 'VPS',
  sac: '998315',
  quantity,
  unitPrice,
  ...extra,
});
const invoice: IssuedInvoice = {
  invoiceNumber: 'INV/1',
  invoiceDate: '2025-06-15',
  document: calculateDocument({ supply: intra, lines: [line('1', '1000'), line('1', '500')] }),
};
const refusal = (f: () => unknown): [string, string | undefined, string] => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TaxError);
    return [(e as TaxError).code, (e as TaxError).field, (e as TaxError).message];
  }
  throw new Error('not refused');
};
const doc = (over: Record<string, unknown>) => () =>
  calculateDocument({ supply: intra, lines: [line('1', '100')], ...over } as never);

describe('document refusals', () => {
  it('supply, lines, modes and types', () => {
    expect(refusal(doc({ supply: undefined }))).toEqual([
      'INVALID_DOCUMENT',
      'supply',
      'A document needs the supply from determineSupply (place of supply and tax system).',
    ]);
    expect(refusal(doc({ supply: { ...intra, taxSystem: 'VAT' } }))[1]).toBe('supply');
    expect(refusal(doc({ roundOff: 'paise' }))).toEqual([
      'INVALID_DOCUMENT',
      'roundOff',
      'The roundOff must be "none" or "rupee", got "paise".',
    ]);
    expect(refusal(doc({ prices: 'gross' }))).toEqual([
      'INVALID_DOCUMENT',
      'prices',
      'Prices must be "exclusive" or "inclusive", got "gross".',
    ]);
    expect(refusal(doc({ documentType: 'credit-note' }))).toEqual([
      'INVALID_DOCUMENT',
      'documentType',
      'The documentType must be "invoice" or "debit-note"; credit notes come from calculateCreditNote.',
    ]);
    expect(refusal(doc({ lines: [null] }))).toEqual([
      'INVALID_LINE',
      'lines[0]',
      'The lines[0] must be a line with description, sac, quantity and unitPrice.',
    ]);
    expect(refusal(doc({ lines: ['VPS'] }))[1]).toBe('lines[0]');
    expect(refusal(doc({ lines: [{ ...line('1', '1'), description: 42 }] }))[1]).toBe(
      'lines[0].description',
    );
    expect(
      calculateDocument({ supply: intra, roundOff: 'rupee', lines: [line('1', '100.40')] }).totals
        .total,
    ).toBe('118.00');
    expect(
      calculateDocument({ supply: intra, roundOff: 'none', lines: [line('1', '100.40')] }).totals
        .total,
    ).toBe('118.48');
  });
  it('discount fields', () => {
    expect(refusal(doc({ discount: '1.001' }))[1]).toBe('discount');
    expect(refusal(doc({ discount: '100.01' }))[1]).toBe('discount');
    expect(refusal(doc({ lines: [line('1', '100', { discount: '1.001' })] }))[1]).toBe(
      'lines[0].discount',
    );
    expect(
      refusal(doc({ lines: [line('1', '1'), line('1', '100', { discount: '100.01' })] }))[1],
    ).toBe('lines[1].discount');
  });
  it('SAC and rate fields', () => {
    expect(refusal(doc({ lines: [line('1', '1'), line('1', '1', { sac: 42 as never })] }))).toEqual(
      [
        'INVALID_SAC',
        'lines[1].sac',
        'SAC "42" must be 6 digits (or an HSN of 4, 6 or 8 digits), e.g. "998315".',
      ],
    );
    expect(refusal(doc({ lines: [line('1', '1', { sac: '1'.repeat(30) })] }))[2]).toBe(
      `SAC "${'1'.repeat(20)}" must be 6 digits (or an HSN of 4, 6 or 8 digits), e.g. "998315".`,
    );
    expect(refusal(doc({ lines: [line('1', '1', { rate: '101' })] }))).toEqual([
      'INVALID_RATE',
      'lines[0].rate',
      'The lines[0].rate is 101%; a GST rate is a percentage from 0 to 100, e.g. "18".',
    ]);
    expect(
      calculateDocument({
        supply: intra,
        lines: [line('1', '100', { sac: '998316' }), line('1', '100', { sac: '997315' })],
      }).totals.tax,
    ).toBe('36.00');
  });
  it('a zero-rate head on an intra-state line shows rate 0 and amount 0.00', () => {
    const d = calculateDocument({ supply: intra, lines: [line('1', '100', { rate: '0' })] });
    expect(d.lines[0]!.taxes.cgst).toEqual({ rate: '0', amount: '0.00' });
    expect('invoiceLineNo' in d.lines[0]!).toBe(false);
  });
});

describe('note refusals', () => {
  const on = '2025-07-01';
  it('credit scope fields', () => {
    expect(
      refusal(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'amount', taxableValue: '1.001' },
          issueDate: on,
        }),
      )[1],
    ).toBe('scope.taxableValue');
    expect(
      refusal(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'lines', lines: [{ lineNo: 3 }] },
          issueDate: on,
        }),
      ),
    ).toEqual([
      'UNKNOWN_INVOICE_LINE',
      'scope.lines[0].lineNo',
      'Invoice INV/1 has no line 3 (lines 1 to 2) (scope.lines[0]).',
    ]);
    expect(
      refusal(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'lines', lines: [{ lineNo: 1 }, { lineNo: 1 }] },
          issueDate: on,
        }),
      )[2],
    ).toBe('Line 1 is named twice (scope.lines[1]).');
    expect(
      refusal(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'lines', lines: [{ lineNo: 1, taxableValue: '1.001' }] },
          issueDate: on,
        }),
      )[1],
    ).toBe('scope.lines[0].taxableValue');
    expect(
      refusal(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'lines', lines: [{ lineNo: 2, taxableValue: '500.01' }] },
          issueDate: on,
        }),
      )[1],
    ).toBe('scope.lines[0].taxableValue');
    expect(
      refusal(() =>
        calculateCreditNote({ invoice, scope: { kind: 'some' } as never, issueDate: on }),
      ),
    ).toEqual([
      'INVALID_DOCUMENT',
      'scope.kind',
      'The scope.kind must be "full", "lines" or "amount".',
    ]);
    expect(
      refusal(() => calculateCreditNote({ invoice, scope: undefined as never, issueDate: on }))[1],
    ).toBe('scope.kind');
  });
  it('a credit of nothing is refused; a credit of line 2 alone is numbered 1', () => {
    expect(
      refusal(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'amount', taxableValue: '0' },
          issueDate: on,
        }),
      ),
    ).toEqual([
      'NOTHING_TO_CREDIT',
      'scope',
      'Invoice INV/1 has nothing left to credit in the scope given.',
    ]);
    const note = calculateCreditNote({
      invoice,
      scope: { kind: 'lines', lines: [{ lineNo: 2 }] },
      issueDate: on,
    });
    expect(note.lines.map((l) => [l.lineNo, l.invoiceLineNo])).toEqual([[1, 2]]);
    const both = calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: on });
    expect(both.lines.map((l) => [l.lineNo, l.invoiceLineNo])).toEqual([
      [1, 1],
      [2, 2],
    ]);
  });
  it('prior notes: only against an invoice, only its lines, only its own', () => {
    const credit = calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: on });
    expect(refusal(() => remainingToCredit({ ...invoice, document: credit }))).toEqual([
      'NOT_AN_INVOICE',
      'invoice',
      'Credit is given against an invoice, not a credit-note.',
    ]);
    const strayLine = { ...credit, lines: [{ ...credit.lines[0]!, invoiceLineNo: 9 }] };
    expect(refusal(() => remainingToCredit(invoice, [strayLine]))).toEqual([
      'UNKNOWN_INVOICE_LINE',
      'priorNotes[0]',
      'The priorNotes[0] credits line 9, which invoice INV/1 does not have.',
    ]);
    const noLineNo = { ...credit, lines: [{ ...credit.lines[0]!, invoiceLineNo: undefined }] };
    expect(refusal(() => remainingToCredit(invoice, [noLineNo]))[1]).toBe('priorNotes[0]');
    const noReference = { ...credit, reference: undefined };
    expect(
      refusal(() => remainingToCredit(invoice, [credit, noReference as CalculatedDocument])),
    ).toEqual([
      'NOTE_FOR_OTHER_INVOICE',
      'priorNotes[1]',
      "The priorNotes[1] is not a credit note against invoice INV/1; give only that invoice's credit notes.",
    ]);
    expect(refusal(() => remainingToCredit(invoice, [credit, credit]))[1]).toBe('priorNotes');
  });
  it('dates name their field', () => {
    expect(refusal(() => checkNoteDate('credit-note', '2025-02-30', '2025-06-15'))[1]).toBe(
      'invoiceDate',
    );
    expect(refusal(() => checkNoteDate('credit-note', '2025-06-15', '2025-02-30'))[1]).toBe(
      'issueDate',
    );
    expect(refusal(() => checkNoteDate('debit-note', '2025-06-15', '2025-06-14'))[1]).toBe(
      'issueDate',
    );
    expect(
      refusal(() =>
        calculateDebitNote({
          invoice: { ...invoice, invoiceDate: '2025-13-01' },
          lines: [line('1', '1')],
          issueDate: on,
        }),
      )[1],
    ).toBe('invoiceDate');
  });
  it('a debit note without a discount charges the lines whole', () =>
    expect(
      calculateDebitNote({ invoice, lines: [line('1', '100')], issueDate: on }).totals,
    ).toMatchObject({ taxableValue: '100.00', total: '118.00' }));
});
