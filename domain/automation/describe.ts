/**
 * The one line that says what an automation item does (the preview) or did (a run's history),
 * to what, in the portal's words: days as "28 Feb 2027", rupees as "₹1,456.78". The preview
 * knows the work itself (period, amount, due date); a run's history what its read model and
 * command id keep; each gives what it has and the line says no more than that.
 */
import { dayText, periodText } from '../services/renewal-lines.ts';
import { formatInr } from '../shared/money.ts';
import type { RunItemKind } from './events.ts';

export interface WorkNames {
  /** The server's host name (or its plan's name when it has none yet). */
  server?: string | null;
  invoiceNumber?: string | null;
  /** RENEWAL_INVOICE: the period (its end the day after its last day, as events keep it). */
  periodStart?: string | null;
  periodEnd?: string | null;
  /** REMINDER / SUSPEND / TERMINATE / END_OF_PERIOD_TERMINATION: the due date at stake. */
  dueDate?: string | null;
  /** AUTO_PAY: what the wallet pays. */
  amount?: string | null;
  /** REMINDER: BEFORE_DUE, ON_DUE or OVERDUE_<days>. */
  reminder?: string | null;
  /** CANCEL_UNPAID_ORDER: the days (in India) the order was placed and expired. */
  orderPlacedOn?: string | null;
  orderExpiresOn?: string | null;
}

/** A reminder kind in words. */
export function reminderWords(kind: string): string {
  if (kind === 'BEFORE_DUE') return 'Reminder before the due date';
  if (kind === 'ON_DUE') return 'Reminder on the due date';
  const overdue = /^OVERDUE_(\d+)$/.exec(kind);
  if (overdue) return `Overdue notice, ${overdue[1]!} days after the due date`;
  return `Reminder ${kind}`;
}

export function describeWork(kind: RunItemKind, n: WorkNames): string {
  const server = n.server || 'a service';
  const invoice = n.invoiceNumber ? `invoice ${n.invoiceNumber}` : 'the renewal invoice';
  const due = n.dueDate ? dayText(n.dueDate) : null;
  switch (kind) {
    case 'RENEWAL_INVOICE':
      if (n.periodStart && n.periodEnd)
        return `Renewal invoice for ${server}, ${periodText(n.periodStart, n.periodEnd)}`;
      if (n.periodStart)
        return `Renewal invoice for ${server}, the period from ${dayText(n.periodStart)}`;
      return `Renewal invoice for ${server}`;
    case 'AUTO_PAY':
      return `Pay ${invoice} of ${server} from the wallet${n.amount ? `: ${formatInr(n.amount)}` : ''}`;
    case 'REMINDER':
      return `${reminderWords(n.reminder ?? '')}: ${invoice} of ${server}${due ? `, due ${due}` : ''}`;
    case 'SUSPEND':
      return `Suspend ${server}: ${invoice} ${due ? `unpaid since ${due}` : 'is overdue'}`;
    case 'TERMINATE':
      return `Terminate ${server}: ${invoice} ${due ? `unpaid since ${due}` : 'is long overdue'}`;
    case 'UNSUSPEND':
      return `Unsuspend ${server}: ${invoice} is paid`;
    case 'CANCEL_RENEWAL_INVOICE':
      return `Cancel ${invoice} of ${server}: the service ends with its period`;
    case 'END_OF_PERIOD_TERMINATION':
      return `Terminate ${server} at the end of its period${due ? ` (${due})` : ''}, as the customer asked`;
    case 'CANCEL_UNPAID_ORDER':
      return n.orderPlacedOn && n.orderExpiresOn
        ? `Cancel the unpaid order of ${dayText(n.orderPlacedOn)} (expired ${dayText(n.orderExpiresOn)})`
        : 'Cancel an unpaid new order past its payment window';
    default: {
      const unknown: never = kind;
      return String(unknown);
    }
  }
}
