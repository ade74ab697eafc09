/**
 * Every kind of mail the platform sends from a template file (commands/mail/templates/<kind>.txt): what it
 * is for and the variables it may use, each with a sample value for previews. The one list the
 * renderer, the tenant's template editor and its preview read.
 */
export interface TemplateVariable {
  name: string;
  description: string;
  sample: string;
  /** Carries a secret (a link with a token): sealed in the mail, hidden in the outbox. */
  secret?: true;
}

export interface MailKind {
  kind: string;
  description: string;
  variables: readonly TemplateVariable[];
}

const brand: TemplateVariable = {
  name: 'brand',
  description: "The tenant's brand name",
  sample: 'KloudNests',
};
const ticketVariables: readonly TemplateVariable[] = [
  brand,
  { name: 'name', description: "The recipient's name", sample: 'Asha Rao' },
  { name: 'ticketNumber', description: "The ticket's number", sample: 'T-1042' },
  { name: 'subject', description: "The ticket's subject", sample: 'Server not reachable' },
  {
    name: 'message',
    description: 'The message (plain text, as written)',
    sample: 'Since this morning SSH times out.',
  },
  {
    name: 'link',
    description: "The ticket's page in the portal",
    sample: 'https://kloudnests.example/tickets/1',
  },
  { name: 'customerName', description: "The customer's name", sample: 'Asha Rao' },
  { name: 'department', description: "The ticket's department", sample: 'Technical' },
];

const name: TemplateVariable = {
  name: 'name',
  description: "The customer's name",
  sample: 'Asha Rao',
};
const invoiceLink: TemplateVariable = {
  name: 'link',
  description: 'The page in the portal',
  sample: 'https://kloudnests.example/billing/1',
};

const hostname: TemplateVariable = {
  name: 'hostname',
  description: "The server's host name",
  sample: 'web1.example.in',
};
const serviceLink: TemplateVariable = {
  name: 'link',
  description: 'The service page',
  sample: 'https://kloudnests.example/services/1',
};

/** Wallet, orders and billing, and the service life cycle (issue 14). */
const BILLING_KINDS: readonly MailKind[] = [
  {
    kind: 'top-up-received',
    description: 'To the customer: their top-up request was received (not yet approved)',
    variables: [
      brand,
      name,
      { name: 'amount', description: 'The amount asked for', sample: '₹5,000.00' },
      { name: 'method', description: 'How it was paid, in words', sample: 'bank transfer' },
      { name: 'reference', description: "The payment's reference", sample: 'UTR123456789' },
      { name: 'link', description: 'The wallet page', sample: 'https://kloudnests.example/wallet' },
    ],
  },
  {
    kind: 'order-confirmation',
    description: 'To the customer: their order was placed',
    variables: [
      brand,
      name,
      { name: 'hostnames', description: "The servers' host names", sample: 'web1.example.in' },
      {
        name: 'items',
        description: 'The items, one a line',
        sample: '- web1.example.in: VPS Small, monthly, Ubuntu 24.04, Mumbai',
      },
      { name: 'amount', description: 'The total with GST', sample: '₹1,180.00' },
      {
        name: 'payment',
        description: 'Whether it is paid, as a sentence',
        sample: 'Its proforma invoice is on its way; the servers are set up once it is paid.',
      },
      {
        name: 'link',
        description: 'The order page',
        sample: 'https://kloudnests.example/orders/1',
      },
    ],
  },
  {
    kind: 'invoice-created',
    description: 'To the customer: a proforma invoice was issued (its PDF attached)',
    variables: [
      brand,
      name,
      { name: 'amount', description: 'The total with GST', sample: '₹1,180.00' },
      { name: 'description', description: 'What it bills', sample: 'your order' },
      { name: 'issueDate', description: 'The date of issue', sample: '1 Jan 2027' },
      {
        name: 'reference',
        description: 'What to quote with a bank transfer',
        sample: '3f2a9c1e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
      },
      invoiceLink,
    ],
  },
  {
    kind: 'payment-received',
    description: 'To the customer: the invoice is paid (the tax invoice PDF attached)',
    variables: [
      brand,
      name,
      {
        name: 'invoiceNumber',
        description: "The tax invoice's number",
        sample: 'INV/2026-27/0001',
      },
      { name: 'amount', description: 'The amount paid', sample: '₹1,180.00' },
      { name: 'invoiceDate', description: "The tax invoice's date", sample: '1 Jan 2027' },
      invoiceLink,
    ],
  },
  {
    kind: 'credit-note',
    description: 'To the customer: a credit note was issued (its PDF attached)',
    variables: [
      brand,
      name,
      {
        name: 'creditNoteNumber',
        description: "The credit note's number",
        sample: 'CN/2026-27/0001',
      },
      { name: 'invoiceNumber', description: 'The invoice it adjusts', sample: 'INV/2026-27/0001' },
      { name: 'amount', description: 'The amount credited', sample: '₹590.00' },
      { name: 'reason', description: 'Why, as staff wrote it', sample: 'Service cancelled.' },
      {
        name: 'destination',
        description: 'Where the money goes, as a sentence',
        sample: 'The amount is credited to your wallet.',
      },
      invoiceLink,
    ],
  },
  {
    kind: 'service-unsuspended',
    description: 'To the customer: the service is active again',
    variables: [brand, name, hostname, serviceLink],
  },
  {
    kind: 'cancellation-confirmed',
    description: 'To the customer: their cancellation request is confirmed',
    variables: [
      brand,
      name,
      hostname,
      { name: 'reason', description: 'The reason given', sample: 'No longer needed.' },
      {
        name: 'when',
        description: 'When it ends, as a sentence',
        sample: 'It runs until 1 Jan 2027 and is not renewed.',
      },
      serviceLink,
    ],
  },
];

export const MAIL_KINDS: readonly MailKind[] = [
  {
    kind: 'renewal-invoice',
    description: 'To the customer: a renewal invoice was issued',
    variables: [
      brand,
      name,
      { name: 'hostname', description: "The server's host name", sample: 'web1.example.in' },
      { name: 'amount', description: 'The amount', sample: '₹1,180.00' },
      { name: 'dueDate', description: 'The due date', sample: '1 Jan 2027' },
      { name: 'period', description: 'The period billed', sample: '1 Jan 2027 to 31 Jan 2027' },
      {
        name: 'payment',
        description: 'How it gets paid (auto-pay or not)',
        sample:
          'Auto-pay is on: the invoice is paid from your wallet as soon as your balance covers it.',
      },
      invoiceLink,
    ],
  },
  {
    kind: 'invoice-reminder',
    description: 'To the customer: a payment reminder or overdue notice (1/2/3)',
    variables: [
      brand,
      name,
      { name: 'hostname', description: "The server's host name", sample: 'web1.example.in' },
      { name: 'status', description: 'Due or overdue, in words', sample: 'overdue by 3 days' },
      {
        name: 'opening',
        description: 'The opening sentence',
        sample:
          'Your renewal invoice for web1.example.in was due on 1 Jan 2027 and is overdue by 3 days.',
      },
      { name: 'amount', description: 'The amount', sample: '₹1,180.00' },
      {
        name: 'consequences',
        description: 'When the service is suspended and terminated',
        sample: 'Unpaid, the service is suspended on 8 Jan 2027.',
      },
      invoiceLink,
    ],
  },
  {
    kind: 'service-suspended',
    description: 'To the customer: the service is suspended for non-payment',
    variables: [
      brand,
      name,
      { name: 'hostname', description: "The server's host name", sample: 'web1.example.in' },
      { name: 'reason', description: 'The reason, as a sentence', sample: 'Invoice unpaid.' },
      {
        name: 'terminateAfter',
        description: 'Days after the due date until termination',
        sample: '30 days',
      },
      {
        name: 'invoicesLink',
        description: 'The invoices page',
        sample: 'https://kloudnests.example/billing',
      },
      invoiceLink,
    ],
  },
  {
    kind: 'service-terminated',
    description: 'To the customer: the service is terminated for non-payment',
    variables: [
      brand,
      name,
      { name: 'hostname', description: "The server's host name", sample: 'web1.example.in' },
      { name: 'reason', description: 'The reason, as a sentence', sample: 'Invoice unpaid.' },
      invoiceLink,
    ],
  },
  {
    kind: 'team-invitation',
    description: 'To an invited team member: accept and choose a password',
    variables: [
      brand,
      { name: 'name', description: "The invited person's name", sample: 'Ravi Kumar' },
      { name: 'role', description: 'The role offered', sample: 'billing' },
      { name: 'days', description: 'How many days the link works', sample: '7' },
      {
        name: 'link',
        description: 'The invitation link (hidden in the outbox)',
        sample: 'https://kloudnests.example/invite/…',
        secret: true,
      },
    ],
  },
  {
    kind: 'verify-email',
    description: 'To a new customer: confirm the email address',
    variables: [
      brand,
      name,
      {
        name: 'link',
        description: 'The link (works once; hidden in the outbox)',
        sample: 'https://kloudnests.example/verify?token=…',
        secret: true,
      },
      { name: 'expiresIn', description: 'How long the link works', sample: '24 hours' },
    ],
  },
  {
    kind: 'already-registered',
    description: 'To an existing account: someone signed up with its address',
    variables: [
      brand,
      name,
      {
        name: 'signInLink',
        description: 'The sign-in page',
        sample: 'https://kloudnests.example/sign-in',
      },
      {
        name: 'resetLink',
        description: 'Where to reset the password',
        sample: 'https://kloudnests.example/forgot-password',
      },
    ],
  },
  {
    kind: 'reset-password',
    description: 'To the account: a link to choose a new password',
    variables: [
      brand,
      name,
      {
        name: 'link',
        description: 'The link (works once; hidden in the outbox)',
        sample: 'https://kloudnests.example/reset-password?token=…',
        secret: true,
      },
      { name: 'expiresIn', description: 'How long the link works', sample: '24 hours' },
    ],
  },
  {
    kind: 'password-changed',
    description: 'To the account: its password was changed',
    variables: [
      brand,
      name,
      {
        name: 'resetLink',
        description: 'Where to reset the password',
        sample: 'https://kloudnests.example/forgot-password',
      },
    ],
  },
  {
    kind: 'two-factor-on',
    description: 'To the account: two-factor authentication turned on',
    variables: [brand, name],
  },
  {
    kind: 'two-factor-off',
    description: 'To the account: two-factor authentication turned off',
    variables: [brand, name],
  },
  {
    kind: 'two-factor-reset',
    description: 'To the account: support turned two-factor authentication off',
    variables: [
      brand,
      name,
      { name: 'when', description: 'When (Indian time)', sample: '3 Dec 2026, 15:30 IST' },
      {
        name: 'staff',
        description: 'Non-empty for staff (they set it up again at sign-in)',
        sample: '',
      },
      {
        name: 'securityLink',
        description: 'The security settings page',
        sample: 'https://kloudnests.example/account/security',
      },
      {
        name: 'supportEmail',
        description: 'The support address',
        sample: 'support@kloudnests.example',
      },
    ],
  },
  {
    kind: 'locked-out',
    description: 'To the account: sign-in paused after failed attempts',
    variables: [
      brand,
      name,
      { name: 'failures', description: 'How many failed attempts', sample: '10' },
      { name: 'pauseFor', description: 'How long sign-in is paused', sample: '15 minutes' },
      {
        name: 'resetLink',
        description: 'Where to reset the password',
        sample: 'https://kloudnests.example/forgot-password',
      },
    ],
  },
  {
    kind: 'top-up-approved',
    description: 'To the customer: their top-up was approved',
    variables: [
      brand,
      name,
      { name: 'amount', description: 'The amount added', sample: '₹5,000.00' },
      { name: 'balance', description: 'The wallet balance after it', sample: '₹7,500.00' },
    ],
  },
  {
    kind: 'top-up-rejected',
    description: 'To the customer: their top-up was not approved',
    variables: [
      brand,
      name,
      {
        name: 'reason',
        description: "Staff's reason",
        sample: 'The reference does not match a payment.',
      },
    ],
  },
  {
    kind: 'service-welcome',
    description: 'To the customer: their server is ready (never a credential)',
    variables: [
      brand,
      name,
      { name: 'hostname', description: "The server's host name", sample: 'web1.example.in' },
      { name: 'ipAddress', description: 'Its IP addresses', sample: '203.0.113.10' },
      {
        name: 'link',
        description: 'The service page',
        sample: 'https://kloudnests.example/services/1',
      },
    ],
  },
  {
    kind: 'ticket-opened',
    description: 'To the customer: their ticket was opened',
    variables: ticketVariables,
  },
  {
    kind: 'ticket-staff-reply',
    description: 'To the customer: staff replied to their ticket',
    variables: ticketVariables,
  },
  {
    kind: 'ticket-customer-reply',
    description: 'To the assignee or department: the customer replied',
    variables: ticketVariables,
  },
  {
    kind: 'ticket-auto-closed',
    description: 'To the customer: the ticket was closed after days without a reply',
    variables: ticketVariables,
  },
  ...BILLING_KINDS,
];

/** The kind's entry; throws for a kind the registry does not list (a programming error). */
export function mailKind(kind: string): MailKind {
  const found = MAIL_KINDS.find((k) => k.kind === kind);
  if (!found) throw new Error(`unknown mail kind ${kind}`);
  return found;
}

/** The sample values of a kind's variables, for previews. */
export const sampleVars = (kind: string): Record<string, string> =>
  Object.fromEntries(mailKind(kind).variables.map((v) => [v.name, v.sample]));
