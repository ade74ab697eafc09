import type { BadgeVariant } from '$lib/components/ui/badge.svelte';
import type { MailStatus } from './api';

/** The outbox's states in the order the filter lists them. */
export const MAIL_STATUSES: readonly MailStatus[] = ['QUEUED', 'SENT', 'RETRYING', 'FAILED'];

const labels: Record<MailStatus, string> = {
  QUEUED: 'Queued',
  SENT: 'Sent',
  RETRYING: 'Retrying',
  FAILED: 'Failed',
};
const variants: Record<MailStatus, BadgeVariant> = {
  QUEUED: 'secondary',
  SENT: 'success',
  RETRYING: 'warning',
  FAILED: 'destructive',
};

/** "Queued", "Sent", "Retrying", "Failed": what people read, never the API's enum. */
export const mailStatusLabel = (status: MailStatus) => labels[status];
export const mailStatusVariant = (status: MailStatus) => variants[status];

/** The filter in the URL (`?status=failed`, any case) as a state, or null: every mail. */
export function statusFromParam(value: string | null): MailStatus | null {
  const upper = value?.toUpperCase();
  return MAIL_STATUSES.find((s) => s === upper) ?? null;
}

/** Staff may resend a mail that left or was given up; one being delivered is the sender's. */
export const canResend = (status: MailStatus) => status === 'SENT' || status === 'FAILED';

/** A mail kind as people read it: reset-password → Reset password, top-up-approved → Top-up approved. */
export const mailKindLabel = (kind: string): string => {
  const words = kind
    .replaceAll('-', ' ')
    .replace(/\b(two factor|top up|auto closed)\b/, (m) => m.replace(' ', '-'));
  return words.charAt(0).toUpperCase() + words.slice(1);
};
