/* The template editor's pure helpers (no $lib imports, so the unit tests run them as they are). */

/** The groups the list shows, in order; a kind the rules below do not know goes under "Other". */
export const MAIL_GROUPS = [
  'Account',
  'Wallet',
  'Orders & billing',
  'Services',
  'Tickets',
  'Other',
] as const;
export type MailGroup = (typeof MAIL_GROUPS)[number];

const RULES: [RegExp, MailGroup][] = [
  [/^ticket-/, 'Tickets'],
  [/^(top-up|wallet)/, 'Wallet'],
  [/^(service-|cancellation)/, 'Services'],
  [/^(invoice|order|renewal|payment|credit|refund|proforma)/, 'Orders & billing'],
  [
    /^(verify-email|already-registered|reset-password|password-|two-factor-|locked-out|team-)/,
    'Account',
  ],
];

/** Which group a kind of mail belongs to, by its name. */
export const groupOf = (kind: string): MailGroup =>
  RULES.find(([rule]) => rule.test(kind))?.[1] ?? 'Other';

/** The kinds by group, in the groups' order; empty groups left out, the server's order kept within one. */
export function grouped<T extends { kind: string }>(kinds: readonly T[]): [MailGroup, T[]][] {
  return MAIL_GROUPS.map(
    (g) => [g, kinds.filter((k) => groupOf(k.kind) === g)] as [MailGroup, T[]],
  ).filter(([, list]) => list.length > 0);
}

/** `{{name}}` put in place of the selection; the caret goes right after it. */
export function insertVariable(
  text: string,
  name: string,
  start: number = text.length,
  end: number = start,
): { text: string; caret: number } {
  const placeholder = `{{${name}}}`;
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  return {
    text: text.slice(0, from) + placeholder + text.slice(to),
    caret: from + placeholder.length,
  };
}
