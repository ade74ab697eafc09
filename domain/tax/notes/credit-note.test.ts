import { describe, expect, it } from 'vitest';
import { calculateDocument } from '../document/calculate-document.ts';
import type { CalculatedDocument, LineInput } from '../document/document-types.ts';
import { determineSupply } from '../supply/determine-supply.ts';
import { TaxError } from '../tax-error.ts';
import { calculateCreditNote } from './credit-note.ts';
import { creditNoteDeadline } from './credit-note-deadline.ts';
import { calculateDebitNote } from './debit-note.ts';
import { remainingToCredit, type IssuedInvoice } from './remaining-credit.ts';

const sameState = determineSupply({
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
const issue = (
  document: CalculatedDocument,
  invoiceNumber = 'INV/2025-26/0007',
): IssuedInvoice => ({ invoiceNumber, invoiceDate: '2025-06-15', document });

/** Lines 1000.00 (CGST 90.00, SGST 90.00) and 2 × 250.25 = 500.50 (45.045 → 45.05 each). Total ₹1,770.60. */
const invoice = issue(
  calculateDocument({
    supply: sameState,
    lines: [line('1', '1000'), line('2', '250.25', { sac: '997315' })],
  }),
);
const onDate = '2025-09-01';

describe('credit notes: worked examples', () => {
  it('given an invoice, when it is credited in full, then the note mirrors it line by line and head by head', () => {
    const note = calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: onDate });
    expect(note.documentType).toBe('credit-note');
    expect(note.reference).toEqual({
      invoiceNumber: 'INV/2025-26/0007',
      invoiceDate: '2025-06-15',
    });
    expect(note.totals).toEqual(invoice.document.totals);
    expect(
      note.lines.map(({ invoiceLineNo, quantity, unitPrice, taxableValue, taxes }) => ({
        invoiceLineNo,
        quantity,
        unitPrice,
        taxableValue,
        cgst: taxes.cgst.amount,
        sgst: taxes.sgst.amount,
      })),
    ).toEqual([
      {
        invoiceLineNo: 1,
        quantity: '1',
        unitPrice: '1000',
        taxableValue: '1000.00',
        cgst: '90.00',
        sgst: '90.00',
      },
      {
        invoiceLineNo: 2,
        quantity: '2',
        unitPrice: '250.25',
        taxableValue: '500.50',
        cgst: '45.05',
        sgst: '45.05',
      },
    ]);
  });

  it('given an invoice, when one line is credited, then only that line comes back: 500.50 + 45.05 + 45.05 = ₹590.60', () => {
    const note = calculateCreditNote({
      invoice,
      scope: { kind: 'lines', lines: [{ lineNo: 2 }] },
      issueDate: onDate,
    });
    expect(note.lines).toHaveLength(1);
    expect(note.totals).toMatchObject({
      taxableValue: '500.50',
      cgst: '45.05',
      sgst: '45.05',
      total: '590.60',
    });
  });

  it('given an invoice, when ₹300 of taxable value is credited, then it is spread 199.93 / 100.07 and taxed at 9% + 9%: ₹354.00', () => {
    // 30000 paise × 1000.00/1500.50 = 19993.34 → 19993; × 500.50/1500.50 = 10006.66 → 10006; the paisa left goes to the larger remainder (line 2).
    // Line 1: 199.93 × 9% = 17.9937 → 17.99. Line 2: 100.07 × 9% = 9.0063 → 9.01.
    const note = calculateCreditNote({
      invoice,
      scope: { kind: 'amount', taxableValue: '300' },
      issueDate: onDate,
    });
    expect(
      note.lines.map((l) => [l.taxableValue, l.taxes.cgst.amount, l.taxes.sgst.amount]),
    ).toEqual([
      ['199.93', '17.99', '17.99'],
      ['100.07', '9.01', '9.01'],
    ]);
    expect(note.totals).toMatchObject({ taxableValue: '300.00', tax: '54.00', total: '354.00' });
  });

  it('given ₹1.00 at 18% (CGST 0.09), when credited half and then the rest, then 0.05 + 0.04: never more than the 0.09 charged', () => {
    const small = issue(
      calculateDocument({ supply: sameState, lines: [line('1', '1')] }),
      'INV/2025-26/0008',
    );
    // Half: round2(0.50 × 9%) = round2(0.045) = 0.05. Crediting each half on its own would give 0.05 + 0.05 = 0.10.
    const first = calculateCreditNote({
      invoice: small,
      scope: { kind: 'lines', lines: [{ lineNo: 1, taxableValue: '0.50' }] },
      issueDate: onDate,
    });
    expect(first.lines[0]).toMatchObject({
      quantity: '1',
      unitPrice: '0.50',
      taxableValue: '0.50',
      taxes: { cgst: { amount: '0.05' }, sgst: { amount: '0.05' } },
    });
    const rest = calculateCreditNote({
      invoice: small,
      priorNotes: [first],
      scope: { kind: 'full' },
      issueDate: onDate,
    });
    expect(rest.lines[0]).toMatchObject({
      taxableValue: '0.50',
      taxes: { cgst: { amount: '0.04' }, sgst: { amount: '0.04' } },
    });
    expect(remainingToCredit(small, [first, rest])).toEqual([
      { lineNo: 1, taxableValue: '0.00', cgst: '0.00', sgst: '0.00', utgst: '0.00', igst: '0.00' },
    ]);
  });

  it('given a tax-inclusive invoice of ₹100 IGST (84.75 + 15.25), when ₹84.00 is credited, then IGST 15.12; the rest takes 0.13, not round2(0.75 × 18%) = 0.14', () => {
    const inclusive = issue(
      calculateDocument({
        supply: determineSupply({
          supplierStateCode: '27',
          recipient: { kind: 'unregistered', stateCode: '29' },
        }),
        prices: 'inclusive',
        lines: [line('1', '100')],
      }),
    );
    // 84.00 × 18% = 15.12. Then 0.75 is left; cumulative 84.75 is the whole line, so the note takes 15.25 − 15.12 = 0.13.
    const first = calculateCreditNote({
      invoice: inclusive,
      scope: { kind: 'amount', taxableValue: '84' },
      issueDate: onDate,
    });
    expect(first.totals).toMatchObject({ taxableValue: '84.00', igst: '15.12', total: '99.12' });
    const rest = calculateCreditNote({
      invoice: inclusive,
      priorNotes: [first],
      scope: { kind: 'full' },
      issueDate: onDate,
    });
    expect(rest.totals).toMatchObject({ taxableValue: '0.75', igst: '0.13', total: '0.88' });
    expect(rest.lines[0]).toMatchObject({ quantity: '1', unitPrice: '0.88', amount: '0.88' }); // inclusive prices: the unit price includes the tax
  });

  it('given a tax-inclusive invoice of ₹100 IGST (84.75 + 15.25), when credited in full, then the note is ₹100.00 too', () => {
    const inclusive = issue(
      calculateDocument({
        supply: determineSupply({
          supplierStateCode: '27',
          recipient: { kind: 'unregistered', stateCode: '29' },
        }),
        prices: 'inclusive',
        lines: [line('1', '100')],
      }),
    );
    const note = calculateCreditNote({
      invoice: inclusive,
      scope: { kind: 'full' },
      issueDate: onDate,
    });
    expect(note.totals).toMatchObject({ taxableValue: '84.75', igst: '15.25', total: '100.00' });
  });

  it('given an invoice and a prior note, when the remainder is asked, then it says what is left per line and head', () => {
    const prior = calculateCreditNote({
      invoice,
      scope: { kind: 'amount', taxableValue: '300' },
      issueDate: onDate,
    });
    expect(remainingToCredit(invoice, [prior])).toEqual([
      {
        lineNo: 1,
        taxableValue: '800.07',
        cgst: '72.01',
        sgst: '72.01',
        utgst: '0.00',
        igst: '0.00',
      },
      {
        lineNo: 2,
        taxableValue: '400.43',
        cgst: '36.04',
        sgst: '36.04',
        utgst: '0.00',
        igst: '0.00',
      },
    ]);
  });
});

describe('credit notes: refusals', () => {
  const code = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      if (e instanceof TaxError) return `${e.code}: ${e.message}`;
      throw e;
    }
    return 'accepted';
  };

  it('refuses a credit larger than what is left, saying how much may be credited', () => {
    const prior = calculateCreditNote({
      invoice,
      scope: { kind: 'amount', taxableValue: '1000' },
      issueDate: onDate,
    });
    expect(
      code(() =>
        calculateCreditNote({
          invoice,
          priorNotes: [prior],
          scope: { kind: 'amount', taxableValue: '500.51' },
          issueDate: onDate,
        }),
      ),
    ).toMatch(/^.*give at most 500.50/);
    expect(
      code(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'lines', lines: [{ lineNo: 1, taxableValue: '1000.01' }] },
          issueDate: onDate,
        }),
      ),
    ).toMatch(/^.*give at most 1000.00/);
  });

  it('refuses a line the invoice does not have, and a line named twice', () => {
    expect(
      code(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'lines', lines: [{ lineNo: 3 }] },
          issueDate: onDate,
        }),
      ),
    ).toMatch(/^.*lines 1 to 2/);
    expect(
      code(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'lines', lines: [{ lineNo: 1 }, { lineNo: 1 }] },
          issueDate: onDate,
        }),
      ),
    ).toMatch(/named twice/);
  });

  it('refuses a second full credit: nothing is left', () => {
    const full = calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: onDate });
    expect(
      code(() =>
        calculateCreditNote({
          invoice,
          priorNotes: [full],
          scope: { kind: 'full' },
          issueDate: onDate,
        }),
      ),
    ).toMatch(/^NOTHING_TO_CREDIT/);
  });

  it('refuses prior notes of another invoice', () => {
    const other = issue(invoice.document, 'INV/2025-26/0099');
    const foreign = calculateCreditNote({
      invoice: other,
      scope: { kind: 'full' },
      issueDate: onDate,
    });
    expect(
      code(() =>
        calculateCreditNote({
          invoice,
          priorNotes: [foreign],
          scope: { kind: 'full' },
          issueDate: onDate,
        }),
      ),
    ).toMatch(/^NOTE_FOR_OTHER_INVOICE/);
  });

  it('given an invoice of 2025-06-15 (FY 2025-26), the deadline is 2026-11-30: that day is accepted, the next refused', () => {
    expect(creditNoteDeadline('2025-06-15')).toBe('2026-11-30');
    expect(
      code(() =>
        calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: '2026-11-30' }),
      ),
    ).toBe('accepted');
    expect(
      code(() =>
        calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: '2026-12-01' }),
      ),
    ).toMatch(/^.*issued by 2026-11-30/);
  });

  it('the deadline follows the financial year: 31 March 2025 → 30 November 2025; 1 April 2025 → 30 November 2026', () => {
    expect(creditNoteDeadline('2025-03-31')).toBe('2025-11-30');
    expect(creditNoteDeadline('2025-04-01')).toBe('2026-11-30');
  });

  it('refuses a note dated before its invoice, and a date that is not a day', () => {
    expect(
      code(() =>
        calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: '2025-06-14' }),
      ),
    ).toMatch(/^.*date it 2025-06-15 or later/);
    expect(
      code(() =>
        calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: '2025-02-30' }),
      ),
    ).toMatch(/^INVALID_DATE/);
  });
});

describe('debit notes', () => {
  it('given an inter-state invoice, when ₹200 more is charged, then the note charges IGST 36.00 like the invoice and names it', () => {
    const interState = issue(
      calculateDocument({
        supply: determineSupply({
          supplierStateCode: '27',
          recipient: { kind: 'registered', gstin: '29AAFCC9980M1ZR' },
        }),
        lines: [line('1', '1000')],
      }),
    );
    const note = calculateDebitNote({
      invoice: interState,
      lines: [line('1', '200', { description: 'Extra bandwidth' })],
      issueDate: '2025-07-01',
    });
    expect(note.documentType).toBe('debit-note');
    expect(note.reference).toEqual({
      invoiceNumber: 'INV/2025-26/0007',
      invoiceDate: '2025-06-15',
    });
    expect(note.totals).toMatchObject({ taxableValue: '200.00', igst: '36.00', total: '236.00' });
  });

  it('has no 30 November limit, but cannot precede its invoice', () => {
    expect(
      calculateDebitNote({ invoice, lines: [line('1', '1')], issueDate: '2030-01-01' })
        .documentType,
    ).toBe('debit-note');
    expect(() =>
      calculateDebitNote({ invoice, lines: [line('1', '1')], issueDate: '2025-06-01' }),
    ).toThrowError(/cannot precede its invoice/);
  });
});
