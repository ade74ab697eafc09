import { TaxError } from '../tax-error.ts';
import { financialYearStart, parseCalendarDate } from '../numbering/financial-year.ts';

/**
 * The last day a credit note may reduce the GST on an invoice: 30 November after the end of the
 * invoice's financial year (s.34(2) as amended in 2022). Invoice 2024-06-10 (FY 2024-25) →
 * "2025-11-30". (The law also ends it at the annual return if filed earlier; that date is the
 * tenant's, so callers pass the earlier of the two as the issue limit if they track it.)
 */
export function creditNoteDeadline(invoiceDate: string): string {
  return `${financialYearStart(invoiceDate, 'invoiceDate') + 1}-11-30`;
}

/**
 * Refuses a note dated before its invoice, and a credit note dated after the deadline.
 * ISO dates compare as strings once both are checked to be real dates.
 * @throws TaxError INVALID_DATE, NOTE_BEFORE_INVOICE or CREDIT_NOTE_DEADLINE_PASSED
 */
export function checkNoteDate(
  kind: 'credit-note' | 'debit-note',
  invoiceDate: string,
  issueDate: string,
): void {
  parseCalendarDate(invoiceDate, 'invoiceDate');
  parseCalendarDate(issueDate, 'issueDate');
  if (issueDate < invoiceDate) {
    throw new TaxError(
      'NOTE_BEFORE_INVOICE',
      `A ${kind.replace('-', ' ')} dated ${issueDate} cannot precede its invoice of ${invoiceDate}; date it ${invoiceDate} or later.`,
      'issueDate',
    );
  }
  if (kind === 'credit-note') {
    const deadline = creditNoteDeadline(invoiceDate);
    if (issueDate > deadline) {
      throw new TaxError(
        'CREDIT_NOTE_DEADLINE_PASSED',
        `A credit note for the invoice of ${invoiceDate} had to be issued by ${deadline} (30 November after its financial year); after that only a commercial credit without GST is possible.`,
        'issueDate',
      );
    }
  }
}
