/**
 * The wallet line of a payment, as the customer reads it in their ledger: what the invoice
 * bills (a renewal and its period, a plan change, an order), and its first line. A proforma has
 * no number yet (it is numbered when paid), so the words, not an id, say which one it is.
 */
import { periodText } from '../services/renewal-lines.ts';
import type { InvoiceState } from './decider.ts';

export function walletPaymentDescription(
  s: Pick<InvoiceState, 'subject' | 'orderId' | 'document' | 'invoiceNumber'>,
): string {
  const what =
    s.subject?.kind === 'RENEWAL'
      ? `Renewal, ${periodText(s.subject.periodStart, s.subject.periodEnd)}`
      : s.subject?.kind === 'PLAN_CHANGE'
        ? 'Plan change'
        : s.orderId
          ? 'Order'
          : 'Invoice';
  const lines = s.document?.lines ?? [];
  const first = lines[0]?.description;
  const more = lines.length > 1 ? ` and ${lines.length - 1} more` : '';
  const number = s.invoiceNumber ? ` (${s.invoiceNumber})` : '';
  return first ? `${what}${number}: ${first}${more}` : `${what}${number}`;
}
