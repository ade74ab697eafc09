import { afterAll, describe, it } from 'vitest';
import {
  ticketDeskStreamId,
  ticketStreamId,
  type TicketDeskEvent,
  type TicketEvent,
} from '../../domain/tickets/events.ts';
import {
  endProjectorSpecs,
  projectorSpec,
  SPEC_AT,
  SPEC_TENANT,
  type GivenEvent,
} from '../shared/testing/projector-spec.ts';
import { ticketsProjector } from './projector.ts';

/** The tickets read model from its events (each batch applied twice: nothing doubles). */
afterAll(endProjectorSpecs);

const ACCOUNT = '11111111-1111-4111-8111-111111111111';
const STAFF = '22222222-2222-4222-8222-222222222222';
const TICKET = '33333333-3333-4333-8333-333333333333';
const M1 = '44444444-4444-4444-8444-444444444441';
const M2 = '44444444-4444-4444-8444-444444444442';
const M3 = '44444444-4444-4444-8444-444444444443';
const M4 = '44444444-4444-4444-8444-444444444444';
const at = (h: number) => `2026-04-01T${String(10 + h).padStart(2, '0')}:00:00.000Z`;
const file = {
  id: 'f1',
  sha256: 'ab'.repeat(32),
  fileName: 'a.png',
  contentType: 'image/png',
  size: 9,
};

const ev = (e: TicketEvent): GivenEvent => ({ ...e, streamId: ticketStreamId(TICKET) });
const opened = ev({
  type: 'TicketOpened',
  data: {
    ticketId: TICKET,
    number: '#100001',
    accountId: ACCOUNT,
    openedBy: ACCOUNT,
    byStaff: false,
    departmentId: 'technical',
    priority: 'HIGH',
    subject: 'Down',
    messageId: M1,
    message: 'It is down',
    attachments: [file],
    relatedServiceId: null,
    relatedInvoiceId: null,
    openedAt: SPEC_AT,
  },
});
const msg = (messageId: string, kind: 'CUSTOMER' | 'STAFF' | 'NOTE', h: number) =>
  ev({
    type: 'TicketMessageAdded',
    data: {
      ticketId: TICKET,
      messageId,
      authorId: kind === 'CUSTOMER' ? ACCOUNT : STAFF,
      kind,
      body: kind.toLowerCase(),
      attachments: [],
      at: at(h),
    },
  });
const status = (from: string, to: string, h: number) =>
  ev({
    type: 'TicketStatusChanged',
    data: { ticketId: TICKET, from, to, by: STAFF, at: at(h) },
  } as TicketEvent);

describe('tickets projector', () => {
  it('an opened ticket with its first message and attachment', async () => {
    const spec = projectorSpec(ticketsProjector).given([opened]);
    await spec.thenRows('tickets', [
      {
        id: TICKET,
        tenant_id: SPEC_TENANT,
        number: '#100001',
        account_id: ACCOUNT,
        status: 'OPEN',
        priority: 'HIGH',
        department_id: 'technical',
        last_customer_message_at: SPEC_AT,
        last_staff_reply_at: null,
      },
    ]);
    await spec.thenRows('ticket_messages', [
      { id: M1, kind: 'CUSTOMER', body: 'It is down', attachments: [file] },
    ]);
  });

  it('replies, a note, assignment, details and close move the row; the note is kept as NOTE', async () => {
    const spec = projectorSpec(ticketsProjector).given([
      opened,
      msg(M2, 'STAFF', 1),
      status('OPEN', 'ANSWERED', 1),
      msg(M3, 'NOTE', 2),
      msg(M4, 'CUSTOMER', 3),
      status('ANSWERED', 'CUSTOMER_REPLY', 3),
      ev({
        type: 'TicketAssigned',
        data: { ticketId: TICKET, assigneeId: STAFF, by: STAFF, at: at(4) },
      }),
      ev({
        type: 'TicketDetailsChanged',
        data: { ticketId: TICKET, departmentId: 'billing', priority: 'LOW', by: STAFF, at: at(4) },
      }),
      ev({ type: 'TicketClosed', data: { ticketId: TICKET, by: STAFF, auto: false, at: at(5) } }),
    ]);
    await spec.thenRows('tickets', [
      {
        status: 'CLOSED',
        priority: 'LOW',
        department_id: 'billing',
        assignee_id: STAFF,
        last_message_at: at(3),
        last_customer_message_at: at(3),
        last_staff_reply_at: at(1),
        closed_at: at(5),
      },
    ]);
    await spec.thenRows('ticket_messages', [
      { id: M1, kind: 'CUSTOMER' },
      { id: M2, kind: 'STAFF' },
      { id: M3, kind: 'NOTE' },
      { id: M4, kind: 'CUSTOMER' },
    ]);
  });

  it('a reopened ticket is open again without a closing time', async () => {
    const spec = projectorSpec(ticketsProjector).given([
      opened,
      ev({ type: 'TicketClosed', data: { ticketId: TICKET, by: ACCOUNT, auto: false, at: at(1) } }),
      ev({ type: 'TicketReopened', data: { ticketId: TICKET, by: ACCOUNT, at: at(2) } }),
    ]);
    await spec.thenRows('tickets', [{ status: 'OPEN', closed_at: null }]);
  });
});

const desk = (e: TicketDeskEvent, tenantId = SPEC_TENANT): GivenEvent => ({
  ...e,
  streamId: ticketDeskStreamId(tenantId),
  tenantId,
});
const department = (departmentId: string, name: string, active: boolean, h: number) =>
  desk({ type: 'TicketDepartmentSaved', data: { departmentId, name, active, at: at(h) } });
const canned = (replyId: string, title: string, h: number) =>
  desk({ type: 'CannedReplySaved', data: { replyId, title, body: `${title} body`, at: at(h) } });

describe('tickets projector: the desk', () => {
  it('departments as staff saved them: a default renamed, one added, one archived; numbers make no rows', async () => {
    const spec = projectorSpec(ticketsProjector).given([
      desk({
        type: 'TicketNumberAllocated',
        data: { ticketId: TICKET, sequence: 100001, number: '#100001' },
      }),
      department('sales', 'Presales', true, 1),
      department('abuse', 'Abuse', true, 2),
      department('billing', 'Billing', false, 3),
      department('sales', 'Sales and renewals', true, 4),
    ]);
    await spec.thenRows('ticket_departments', [
      { tenant_id: SPEC_TENANT, id: 'abuse', name: 'Abuse', active: true, position: '2' },
      { tenant_id: SPEC_TENANT, id: 'billing', name: 'Billing', active: false, position: '3' },
      // Renamed twice, it keeps the place of its first save.
      {
        tenant_id: SPEC_TENANT,
        id: 'sales',
        name: 'Sales and renewals',
        active: true,
        position: '1',
      },
    ]);
    await spec.thenRows('ticket_settings', []);
  });

  it('canned replies: saved, edited, deleted (kept as deleted) and one saved again comes last', async () => {
    const spec = projectorSpec(ticketsProjector).given([
      canned('r1', 'Restarted', 0),
      canned('r2', 'Refund', 1),
      canned('r1', 'Restarted the host', 2),
      desk({ type: 'CannedReplyDeleted', data: { replyId: 'r2', at: at(3) } }),
      canned('r3', 'Closing', 4),
      desk({ type: 'CannedReplyDeleted', data: { replyId: 'r1', at: at(5) } }),
      canned('r1', 'Back again', 6),
    ]);
    await spec.thenRows('ticket_canned_replies', [
      {
        id: 'r1',
        title: 'Back again',
        body: 'Back again body',
        deleted: false,
        position: '6',
        saved_at: at(6),
      },
      {
        id: 'r2',
        title: 'Refund',
        body: 'Refund body',
        deleted: true,
        position: '1',
        saved_at: at(1),
      },
      {
        id: 'r3',
        title: 'Closing',
        body: 'Closing body',
        deleted: false,
        position: '4',
        saved_at: at(4),
      },
    ]);
  });

  it('auto-close days: the last change wins; each tenant keeps its own desk', async () => {
    const spec = projectorSpec(ticketsProjector).given([
      desk({ type: 'TicketSettingsChanged', data: { autoCloseDays: 3, at: at(1) } }),
      desk({ type: 'TicketSettingsChanged', data: { autoCloseDays: 14, at: at(2) } }),
      desk({ type: 'TicketSettingsChanged', data: { autoCloseDays: 30, at: at(3) } }, 'other'),
      desk(
        {
          type: 'TicketDepartmentSaved',
          data: { departmentId: 'sales', name: 'Deals', active: true, at: at(3) },
        },
        'other',
      ),
    ]);
    await spec.thenRows('ticket_settings', [
      { tenant_id: 'other', auto_close_days: 30, changed_at: at(3) },
      { tenant_id: SPEC_TENANT, auto_close_days: 14, changed_at: at(2) },
    ]);
    await spec.thenRows('ticket_departments', [{ tenant_id: 'other', id: 'sales', name: 'Deals' }]);
  });
});
