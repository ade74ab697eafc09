import type { ProformaIssued } from './events.ts';

/**
 * The day by which a proforma is to be paid: a renewal's is the service's due date (the first
 * day of the period it bills), a plan change's is its issue day (the change waits for it). An
 * order's invoice has none of its own: its order expires instead (OrderPlaced.expiresAt).
 */
export function proformaDueDate(
  d: Pick<ProformaIssued['data'], 'subject' | 'issueDate'>,
): string | null {
  switch (d.subject?.kind) {
    case 'RENEWAL':
      return d.subject.periodStart;
    case 'PLAN_CHANGE':
      return d.issueDate;
    default:
      return null;
  }
}
