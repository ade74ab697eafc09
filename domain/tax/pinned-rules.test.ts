/**
 * GST rules pinned one by one, each against figures worked by hand or text copied from the law
 * (never against the engine's own constants): mutation testing found each of them unpinned.
 */
import { describe, expect, it } from 'vitest';
import { D } from '../shared/money.ts';
import { calculateDocument } from './document/calculate-document.ts';
import type { CalculatedDocument, LineInput } from './document/document-types.ts';
import { roundToRupee } from './document/round-off.ts';
import { lineRate, sacCode } from './document/sac-codes.ts';
import { calculateCreditNote } from './notes/credit-note.ts';
import { checkNoteDate, creditNoteDeadline } from './notes/credit-note-deadline.ts';
import { calculateDebitNote } from './notes/debit-note.ts';
import { remainingToCredit, type IssuedInvoice } from './notes/remaining-credit.ts';
import { determineSupply } from './supply/determine-supply.ts';
import { TaxError } from './tax-error.ts';
import { amountInWords } from './words/amount-in-words.ts';

const intra = determineSupply({
  supplierStateCode: '27',
  recipient: { kind: 'registered', gstin: '27AAPFU0939F1ZV' },
});
const inter = determineSupply({
  supplierStateCode: '27',
  recipient: { kind: 'unregistered', stateCode: '29' },
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
  invoiceDate = '2025-06-15',
): IssuedInvoice => ({ invoiceNumber, invoiceDate, document });
const taxError = (f: () => unknown): TaxError => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TaxError);
    return e as TaxError;
  }
  throw new Error('not refused');
};
const heads = (doc: CalculatedDocument, i = 0) => [
  doc.lines[i]!.taxableValue,
  doc.lines[i]!.taxes.cgst.amount,
  doc.lines[i]!.taxes.sgst.amount,
  doc.lines[i]!.taxes.igst.amount,
];

describe('notes and their dates', () => {
  const invoice = issue(calculateDocument({ supply: intra, lines: [line('1', '1000')] }));
  it('a credit or debit note dated the same day as its invoice is accepted; the day before is refused', () => {
    expect(
      calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: '2025-06-15' }).totals
        .total,
    ).toBe('1180.00');
    expect(
      calculateDebitNote({ invoice, lines: [line('1', '100')], issueDate: '2025-06-15' }).totals
        .total,
    ).toBe('118.00');
    const before = taxError(() =>
      calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: '2025-06-14' }),
    );
    expect(before.code).toBe('NOTE_BEFORE_INVOICE');
    expect(before.message).toBe(
      'A credit note dated 2025-06-14 cannot precede its invoice of 2025-06-15; date it 2025-06-15 or later.',
    );
    expect(
      taxError(() =>
        calculateDebitNote({ invoice, lines: [line('1', '100')], issueDate: '2025-06-14' }),
      ).message,
    ).toBe(
      'A debit note dated 2025-06-14 cannot precede its invoice of 2025-06-15; date it 2025-06-15 or later.',
    );
  });
  it('a credit note by 30 November after the financial year; a debit note any time after', () => {
    expect(creditNoteDeadline('2025-06-15')).toBe('2026-11-30');
    expect(creditNoteDeadline('2026-03-31')).toBe('2026-11-30');
    expect(creditNoteDeadline('2026-04-01')).toBe('2027-11-30');
    expect(() => checkNoteDate('credit-note', '2025-06-15', '2026-11-30')).not.toThrow();
    const late = taxError(() => checkNoteDate('credit-note', '2025-06-15', '2026-12-01'));
    expect(late.code).toBe('CREDIT_NOTE_DEADLINE_PASSED');
    expect(late.field).toBe('issueDate');
    expect(() => checkNoteDate('debit-note', '2025-06-15', '2030-01-01')).not.toThrow();
    expect(taxError(() => checkNoteDate('credit-note', '2025-02-30', '2025-06-15')).code).toBe(
      'INVALID_DATE',
    );
    expect(taxError(() => checkNoteDate('credit-note', '2025-06-15', '2025-13-01')).code).toBe(
      'INVALID_DATE',
    );
  });
  it('a debit note keeps the invoice’s round-off and takes its own discount', () => {
    const rounded = issue(
      calculateDocument({ supply: intra, roundOff: 'rupee', lines: [line('1', '1000')] }),
    );
    // 10.10 + 0.909 → 0.91 × 2 = 11.92 → ₹12, round-off 0.08.
    const note = calculateDebitNote({
      invoice: rounded,
      lines: [line('1', '10.10')],
      issueDate: '2025-07-01',
    });
    expect(note.totals).toMatchObject({
      taxableValue: '10.10',
      tax: '1.82',
      roundOff: '0.08',
      total: '12.00',
    });
    expect(
      calculateDebitNote({
        invoice: rounded,
        lines: [line('1', '10.10')],
        issueDate: '2025-07-01',
        roundOff: 'none',
      }).totals.total,
    ).toBe('11.92');
    const discounted = calculateDebitNote({
      invoice,
      lines: [line('1', '100')],
      discount: '10',
      issueDate: '2025-07-01',
    });
    expect(discounted.totals).toMatchObject({
      taxableValue: '90.00',
      cgst: '8.10',
      sgst: '8.10',
      total: '106.20',
    });
    expect(discounted.reference).toEqual({
      invoiceNumber: 'INV/2025-26/0007',
      invoiceDate: '2025-06-15',
    });
    expect(discounted.documentType).toBe('debit-note');
    const inclusive = issue(
      calculateDocument({ supply: inter, prices: 'inclusive', lines: [line('1', '118')] }),
    );
    expect(
      calculateDebitNote({ invoice: inclusive, lines: [line('1', '118')], issueDate: '2025-07-01' })
        .totals,
    ).toMatchObject({ taxableValue: '100.00', igst: '18.00', total: '118.00' });
  });
  it('a debit note adjusts an invoice, not another note', () => {
    const credit = calculateCreditNote({
      invoice,
      scope: { kind: 'full' },
      issueDate: '2025-07-01',
    });
    const e = taxError(() =>
      calculateDebitNote({
        invoice: { ...invoice, document: credit },
        lines: [line('1', '1')],
        issueDate: '2025-07-01',
      }),
    );
    expect(e.code).toBe('NOT_AN_INVOICE');
    expect(e.message).toBe('A debit note adjusts an invoice, not a credit-note.');
  });
  it('prior credit notes must be this invoice’s: another invoice’s are refused', () => {
    const other = issue(
      calculateDocument({ supply: intra, lines: [line('1', '1000')] }),
      'INV/2025-26/0008',
    );
    const otherNote = calculateCreditNote({
      invoice: other,
      scope: { kind: 'full' },
      issueDate: '2025-07-01',
    });
    const e = taxError(() => remainingToCredit(invoice, [otherNote]));
    expect(e.code).toBe('NOTE_FOR_OTHER_INVOICE');
    expect(e.message).toBe(
      "The priorNotes[0] is not a credit note against invoice INV/2025-26/0007; give only that invoice's credit notes.",
    );
    expect(
      taxError(() =>
        calculateCreditNote({
          invoice,
          priorNotes: [otherNote],
          scope: { kind: 'full' },
          issueDate: '2025-07-01',
        }),
      ).code,
    ).toBe('NOTE_FOR_OTHER_INVOICE');
    // A debit note of this invoice is no credit note either.
    const debit = calculateDebitNote({ invoice, lines: [line('1', '1')], issueDate: '2025-07-01' });
    expect(taxError(() => remainingToCredit(invoice, [debit])).code).toBe('NOTE_FOR_OTHER_INVOICE');
  });
  it('crediting exactly what is left is accepted; a paisa more is refused', () => {
    expect(
      calculateCreditNote({
        invoice,
        scope: { kind: 'amount', taxableValue: '1000' },
        issueDate: '2025-07-01',
      }).totals.total,
    ).toBe('1180.00');
    expect(
      taxError(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'amount', taxableValue: '1000.01' },
          issueDate: '2025-07-01',
        }),
      ).code,
    ).toBe('CREDIT_EXCEEDS_REMAINING');
    expect(
      calculateCreditNote({
        invoice,
        scope: { kind: 'lines', lines: [{ lineNo: 1, taxableValue: '1000' }] },
        issueDate: '2025-07-01',
      }).totals.total,
    ).toBe('1180.00');
    expect(
      taxError(() =>
        calculateCreditNote({
          invoice,
          scope: { kind: 'lines', lines: [{ lineNo: 1, taxableValue: '1000.01' }] },
          issueDate: '2025-07-01',
        }),
      ).code,
    ).toBe('CREDIT_EXCEEDS_REMAINING');
    const full = calculateCreditNote({ invoice, scope: { kind: 'full' }, issueDate: '2025-07-01' });
    expect(remainingToCredit(invoice, [full])).toEqual([
      { lineNo: 1, taxableValue: '0.00', cgst: '0.00', sgst: '0.00', utgst: '0.00', igst: '0.00' },
    ]);
    expect(taxError(() => remainingToCredit(invoice, [full, full])).code).toBe(
      'CREDIT_EXCEEDS_REMAINING',
    );
    // Notes worked out elsewhere: a taxable value over the invoice's is refused even when no head is.
    const overTaxable = { ...full, lines: [{ ...full.lines[0]!, taxableValue: '1000.01' }] };
    expect(taxError(() => remainingToCredit(invoice, [overTaxable])).code).toBe(
      'CREDIT_EXCEEDS_REMAINING',
    );
    const overHead = {
      ...full,
      lines: [
        {
          ...full.lines[0]!,
          taxes: { ...full.lines[0]!.taxes, sgst: { rate: '9', amount: '90.01' } },
        },
      ],
    };
    expect(taxError(() => remainingToCredit(invoice, [overHead])).message).toBe(
      'Credit notes already credit more than line 1 of invoice INV/2025-26/0007 charged; check the prior notes given.',
    );
  });
});

describe('line rules', () => {
  it('an e-invoice description is 1 to 300 characters', () => {
    expect(
      calculateDocument({
        supply: intra,
        lines: [line('1', '1', { description: 'x'.repeat(300) })],
      }).lines[0]!.description,
    ).toHaveLength(300);
    const long = taxError(() =>
      calculateDocument({
        supply: intra,
        lines: [line('1', '1', { description: 'x'.repeat(301) })],
      }),
    );
    expect(long.code).toBe('INVALID_LINE');
    expect(long.field).toBe('lines[0].description');
    expect(long.message).toBe(
      'The lines[0].description must be text of 1 to 300 characters, e.g. "VPS 4 GB, November".',
    );
    expect(
      taxError(() =>
        calculateDocument({ supply: intra, lines: [line('1', '1', { description: '   ' })] }),
      ).code,
    ).toBe('INVALID_LINE');
  });
  it('SAC: 6 digits; HSN: 4, 6 or 8 digits; anything else is malformed', () => {
    for (const sac of [
      '99831',
      '9983155',
      '998315 ',
      ' 998315',
      '99831a',
      '',
      '998315998',
      '1234567890',
    ]) {
      const e = taxError(() => lineRate(sac, '18', 'lines[0]'));
      expect(e.code).toBe('INVALID_SAC');
      expect(e.field).toBe('lines[0].sac');
    }
    expect(taxError(() => lineRate('99831', '18', 'lines[0]')).message).toBe(
      'SAC "99831" must be 6 digits (or an HSN of 4, 6 or 8 digits), e.g. "998315".',
    );
    expect(lineRate('8471', '18', 'l').toString()).toBe('18');
    expect(lineRate('84713010', '12', 'l').toString()).toBe('12');
    expect(lineRate('998315', undefined, 'l').toString()).toBe('18');
    expect(lineRate('997315', undefined, 'l').toString()).toBe('18');
    expect(lineRate('998316', undefined, 'l').toString()).toBe('18');
    const unknown = taxError(() => lineRate('998319', undefined, 'lines[2]'));
    expect(unknown.code).toBe('UNKNOWN_SAC_RATE');
    expect(unknown.field).toBe('lines[2].rate');
    expect(unknown.message).toBe(
      'SAC 998319 has no known GST rate; give the line\'s rate in percent, e.g. rate: "18" (known: 998315, 998316, 997315).',
    );
    expect(sacCode('998315')?.description).toBe(
      'Hosting and information technology (IT) infrastructure provisioning services',
    );
    expect(sacCode('999999')).toBeUndefined();
  });
  it('a rate from 0 to 100 percent', () => {
    expect(lineRate('998315', '100', 'l').toString()).toBe('100');
    expect(lineRate('998315', '0', 'l').toString()).toBe('0');
    const e = taxError(() => lineRate('998315', '100.001', 'lines[0]'));
    expect(e.code).toBe('INVALID_RATE');
    expect(e.message).toBe(
      'The lines[0].rate is 100.001%; a GST rate is a percentage from 0 to 100, e.g. "18".',
    );
  });
  it('a discount equal to the amount is accepted; a paisa more is refused', () => {
    expect(
      calculateDocument({ supply: intra, lines: [line('1', '100', { discount: '100' })] }).totals
        .total,
    ).toBe('0.00');
    expect(
      taxError(() =>
        calculateDocument({ supply: intra, lines: [line('1', '100', { discount: '100.01' })] }),
      ).code,
    ).toBe('DISCOUNT_EXCEEDS_AMOUNT');
    expect(
      calculateDocument({ supply: intra, discount: '100', lines: [line('1', '100')] }).totals.total,
    ).toBe('0.00');
    expect(
      taxError(() =>
        calculateDocument({ supply: intra, discount: '100.01', lines: [line('1', '100')] }),
      ).code,
    ).toBe('DISCOUNT_EXCEEDS_AMOUNT');
  });
});

describe('rounding is half up, never half even', () => {
  it('quantity × price: 0.5 × ₹0.01 = 0.005 → ₹0.01; 0.5 × ₹0.05 = 0.025 → ₹0.03', () => {
    expect(
      calculateDocument({ supply: intra, lines: [line('0.5', '0.01')] }).lines[0]!.amount,
    ).toBe('0.01');
    expect(
      calculateDocument({ supply: intra, lines: [line('0.5', '0.05')] }).lines[0]!.amount,
    ).toBe('0.03');
  });
  it('tax on a taxable value: ₹0.50 at 9% = 0.045 → 0.05 each', () =>
    expect(heads(calculateDocument({ supply: intra, lines: [line('1', '0.50')] }))).toEqual([
      '0.50',
      '0.05',
      '0.05',
      '0.00',
    ]));
  it('tax-inclusive: ₹0.59 at 18% intra-state: 0.59 × 9 / 118 = 0.045 → CGST 0.05 + SGST 0.05, taxable 0.49', () =>
    expect(
      heads(calculateDocument({ supply: intra, prices: 'inclusive', lines: [line('1', '0.59')] })),
    ).toEqual(['0.49', '0.05', '0.05', '0.00']));
  it('tax-inclusive across states: ₹0.59 × 18 / 118 = 0.09 exactly', () =>
    expect(
      heads(calculateDocument({ supply: inter, prices: 'inclusive', lines: [line('1', '0.59')] })),
    ).toEqual(['0.50', '0.00', '0.00', '0.09']));
  it('paise in words: ₹0.125 → 13 paise, ₹0.135 → 14 paise', () => {
    expect(amountInWords('0.125')).toBe('Rupees Zero and Thirteen Paise Only');
    expect(amountInWords('0.135')).toBe('Rupees Zero and Fourteen Paise Only');
  });
  it('the grand total to the rupee: 38.50 → 39, 37.50 → 38, 38.49 → 38', () => {
    expect(roundToRupee(new D('38.50'))).toEqual({ total: new D(39), roundOff: new D('0.5') });
    expect(roundToRupee(new D('37.50')).total.toString()).toBe('38');
    expect(roundToRupee(new D('38.49')).roundOff.toString()).toBe('-0.49');
  });
});

describe('places and legends', () => {
  it('a supplier cannot be registered in a legacy state code (25 Daman & Diu, 28 old Andhra Pradesh)', () => {
    for (const code of ['25', '28']) {
      const e = taxError(() =>
        determineSupply({ supplierStateCode: code, recipient: { kind: 'unregistered' } }),
      );
      expect(e.field).toBe('supplierStateCode');
    }
    // Whatever the recipient: an export or a sale to another state names no place in the supplier's state.
    for (const recipient of [
      { kind: 'foreign', payment: 'under-lut' },
      { kind: 'registered', gstin: '29AAFCC9980M1ZR' },
      { kind: 'unregistered', stateCode: '29' },
    ] as const) {
      for (const code of ['25', '28'])
        expect(taxError(() => determineSupply({ supplierStateCode: code, recipient })).field).toBe(
          'supplierStateCode',
        );
    }
    expect(
      taxError(() =>
        determineSupply({ supplierStateCode: '25', recipient: { kind: 'unregistered' } }),
      ).message,
    ).toMatch(/"26"/);
    expect(
      taxError(() =>
        determineSupply({ supplierStateCode: '28', recipient: { kind: 'unregistered' } }),
      ).message,
    ).toMatch(/"37".*"36"/);
    expect(
      taxError(() =>
        determineSupply({ supplierStateCode: '96', recipient: { kind: 'unregistered' } }),
      ).message,
    ).toBe(
      'The supplier state cannot be "96" (foreign country); give the state of the GST registration, e.g. "27".',
    );
  });
  it('the mandatory legends, word for word (rule 46 and the LUT notification)', () => {
    const legend = (recipient: Parameters<typeof determineSupply>[0]['recipient']) =>
      determineSupply({ supplierStateCode: '27', recipient }).legend;
    expect(legend({ kind: 'foreign', payment: 'under-lut' })).toBe(
      'SUPPLY MEANT FOR EXPORT UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX',
    );
    expect(legend({ kind: 'foreign', payment: 'with-igst' })).toBe(
      'SUPPLY MEANT FOR EXPORT ON PAYMENT OF INTEGRATED TAX',
    );
    expect(legend({ kind: 'sez', gstin: '29AAFCC9980M1ZR', payment: 'under-lut' })).toBe(
      'SUPPLY MEANT FOR SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX',
    );
    expect(legend({ kind: 'sez', gstin: '29AAFCC9980M1ZR', payment: 'with-igst' })).toBe(
      'SUPPLY MEANT FOR SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS ON PAYMENT OF INTEGRATED TAX',
    );
    expect(legend({ kind: 'unregistered' })).toBeUndefined();
  });
});
