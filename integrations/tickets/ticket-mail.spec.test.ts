import { afterEach, describe, expect, it } from 'vitest';
import {
  SPEC_AT,
  SPEC_TENANT,
  type GivenEvent,
} from '../../projections/shared/testing/projector-spec.ts';
import { reactorSpec } from '../testing/reactor-spec.ts';
import {
  ticketStreamId,
  type TicketEvent,
  type TicketOpened,
} from '../../domain/tickets/events.ts';
import { ticketMailerWith, type TicketMailReads } from './ticket-mail.ts';
import type { TemplateOverrides } from '../../commands/mail/templates.ts';

/** The ticket mailer: both ways, never for a note. */
const CUSTOMER = '11111111-1111-4111-8111-111111111111';
const STAFF = '22222222-2222-4222-8222-222222222222';
const TICKET = '33333333-3333-4333-8333-333333333333';
const opened: TicketOpened['data'] = {
  ticketId: TICKET,
  number: '#100001',
  accountId: CUSTOMER,
  openedBy: CUSTOMER,
  byStaff: false,
  departmentId: 'technical',
  priority: 'HIGH',
  subject: 'Server down',
  messageId: 'm1',
  message: 'It does not boot',
  attachments: [],
  relatedServiceId: null,
  relatedInvoiceId: null,
  openedAt: SPEC_AT,
};
const readsWith = (assigneeId: string | null): TicketMailReads => ({
  userContact: async (id) =>
    id === CUSTOMER
      ? { email: 'meera@example.com', name: 'Meera' }
      : id === STAFF
        ? { email: 'priya@akashone.com', name: 'Priya' }
        : undefined,
  tenantBrand: async (id) =>
    id === SPEC_TENANT
      ? { brand: { name: 'AkashOne', supportEmail: 'help@akashone.com' } }
      : undefined,
  ticket: async () => ({ opened, assigneeId, departmentId: 'technical' }),
  departmentName: async (_tenantId, id) => (id === 'technical' ? 'Technical' : id),
  linkBase: async () => 'https://portal.akashone.com',
  overrides: async () => overrides,
});
let overrides: TemplateOverrides = {};
const ev = (e: TicketEvent): GivenEvent => ({ ...e, streamId: ticketStreamId(TICKET) });
const msg = (kind: 'CUSTOMER' | 'STAFF' | 'NOTE', body: string) =>
  ev({
    type: 'TicketMessageAdded',
    data: {
      ticketId: TICKET,
      messageId: `m-${kind}`,
      authorId: STAFF,
      kind,
      body,
      attachments: [],
      at: SPEC_AT,
    },
  });
const mailer = reactorSpec((issue) => ticketMailerWith(readsWith(null), issue));
const assignedMailer = reactorSpec((issue) => ticketMailerWith(readsWith(STAFF), issue));
const mail = (over: Record<string, unknown>) => [
  { command: expect.objectContaining({ type: 'QueueMail', ...over }) },
];

describe('ticket mailer', () => {
  afterEach(() => {
    overrides = {};
  });
  it('confirms an opened ticket to the customer, from the ticket-opened template', () =>
    mailer.given([ev({ type: 'TicketOpened', data: opened })]).thenCommands(
      mail({
        kind: 'ticket-opened',
        to: 'meera@example.com',
        subject: 'AkashOne: ticket #100001 opened: Server down',
        text:
          'Hello Meera,\n\nWe received your ticket #100001 (Technical) and will answer as soon as we can.\n\n' +
          'Subject: Server down\n\nIt does not boot\n\nFollow it or add to it here:\n' +
          `https://portal.akashone.com/tickets/${TICKET}\n\n— AkashOne`,
      }),
    ));
  it("uses the tenant's own template when it edited one", async () => {
    overrides = {
      'ticket-staff-reply': {
        subject: '{{brand}} answered {{ticketNumber}}',
        body: 'Hi {{name}}: {{message}}',
      },
    };
    await mailer
      .given([msg('STAFF', 'Rebooted the host.')])
      .thenCommands(
        mail({ subject: 'AkashOne answered #100001', text: 'Hi Meera: Rebooted the host.' }),
      );
  });
  it("links staff to the desk's ticket page and names the customer", () =>
    mailer.given([msg('CUSTOMER', 'still down')]).thenCommands(
      mail({
        subject: 'AkashOne: Meera replied on ticket #100001: Server down',
        text: expect.stringContaining(`https://portal.akashone.com/admin/tickets/${TICKET}`),
      }),
    ));
  it('mails a staff reply to the customer, with its text', () =>
    mailer.given([msg('STAFF', 'Rebooted the host.')]).thenCommands(
      mail({
        kind: 'ticket-staff-reply',
        to: 'meera@example.com',
        text: expect.stringContaining('Rebooted the host.'),
      }),
    ));
  it('mails a customer reply to the assignee, else the support address', async () => {
    await assignedMailer
      .given([msg('CUSTOMER', 'still down')])
      .thenCommands(mail({ kind: 'ticket-customer-reply', to: 'priya@akashone.com' }));
    await mailer
      .given([msg('CUSTOMER', 'still down')])
      .thenCommands(mail({ kind: 'ticket-customer-reply', to: 'help@akashone.com' }));
  });
  it('never mails an internal note', () =>
    mailer.given([msg('NOTE', 'hypervisor 3')]).thenCommands([]));
  it('mails an auto-close, not a close by hand', async () => {
    await mailer
      .given([
        ev({ type: 'TicketClosed', data: { ticketId: TICKET, by: null, auto: true, at: SPEC_AT } }),
      ])
      .thenCommands(mail({ kind: 'ticket-auto-closed', to: 'meera@example.com' }));
    await mailer
      .given([
        ev({
          type: 'TicketClosed',
          data: { ticketId: TICKET, by: CUSTOMER, auto: false, at: SPEC_AT },
        }),
      ])
      .thenCommands([]);
  });
});
