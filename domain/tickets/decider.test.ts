import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import { ticketDecider, type TicketCommand } from './decider.ts';
import { ticketDeskDecider } from './desk.ts';
import type { TicketDeskEvent, TicketEvent } from './events.ts';
import { extensionFits, sniffAttachmentType } from './attachment-type.ts';

const given = specFor(ticketDecider);
const givenDesk = specFor(ticketDeskDecider);
const t0 = '2026-04-01T10:00:00.000Z';
const day = (n: number) => new Date(Date.parse(t0) + n * 86_400_000).toISOString();

const openCmd: Extract<TicketCommand, { type: 'OpenTicket' }> = {
  type: 'OpenTicket',
  ticketId: 'k1',
  number: '#100001',
  accountId: 'acc',
  openedBy: 'acc',
  byStaff: false,
  departmentId: 'technical',
  priority: 'HIGH',
  subject: 'Server down',
  messageId: 'm1',
  message: 'It does not boot',
  attachments: [],
  relatedServiceId: null,
  relatedInvoiceId: null,
  now: t0,
};
const opened: TicketEvent = {
  type: 'TicketOpened',
  data: {
    ticketId: 'k1',
    number: '#100001',
    accountId: 'acc',
    openedBy: 'acc',
    byStaff: false,
    departmentId: 'technical',
    priority: 'HIGH',
    subject: 'Server down',
    messageId: 'm1',
    message: 'It does not boot',
    attachments: [],
    relatedServiceId: null,
    relatedInvoiceId: null,
    openedAt: t0,
  },
};
const msg = (
  messageId: string,
  kind: 'CUSTOMER' | 'STAFF' | 'NOTE',
  at = t0,
  authorId = kind === 'CUSTOMER' ? 'acc' : 'staff',
): TicketEvent => ({
  type: 'TicketMessageAdded',
  data: { ticketId: 'k1', messageId, authorId, kind, body: 'hi', attachments: [], at },
});
const status = (from: string, to: string, by: string, at = t0): TicketEvent =>
  ({
    type: 'TicketStatusChanged',
    data: { ticketId: 'k1', from, to, by, at },
  }) as TicketEvent;
const closed = (at = t0, auto = false, by: string | null = 'acc'): TicketEvent => ({
  type: 'TicketClosed',
  data: { ticketId: 'k1', by, auto, at },
});
const reply = (byStaff: boolean, messageId = 'm2', now = t0): TicketCommand => ({
  type: 'ReplyToTicket',
  messageId,
  authorId: byStaff ? 'staff' : 'acc',
  byStaff,
  body: 'hi',
  attachments: [],
  now,
});

describe('tickets: opening', () => {
  it('records the ticket with its first message', () => given([]).when(openCmd).then([opened]));
  it('refuses opening the same ticket twice', () =>
    given([opened]).when(openCmd).thenRefuses('CONFLICT'));
});

describe('tickets: replies and notes', () => {
  it('a staff reply answers the ticket', () =>
    given([opened])
      .when(reply(true))
      .then([msg('m2', 'STAFF'), status('OPEN', 'ANSWERED', 'staff')]));
  it('a customer reply sets Customer-Reply', () =>
    given([opened, msg('m2', 'STAFF'), status('OPEN', 'ANSWERED', 'staff')])
      .when(reply(false, 'm3'))
      .then([msg('m3', 'CUSTOMER'), status('ANSWERED', 'CUSTOMER_REPLY', 'acc')]));
  it('a second customer reply keeps the status', () =>
    given([opened, msg('m2', 'CUSTOMER'), status('OPEN', 'CUSTOMER_REPLY', 'acc')])
      .when(reply(false, 'm3'))
      .then([msg('m3', 'CUSTOMER')]));
  it('the same message again writes nothing', () =>
    given([opened, msg('m2', 'STAFF')])
      .when(reply(true))
      .then([]));
  it('refuses a reply to a closed ticket and to an unknown one', () => {
    given([opened, closed()])
      .when(reply(false))
      .thenRefuses('CONFLICT', /reopen/);
    given([]).when(reply(false)).thenRefuses('NOT_FOUND');
  });
  it('a note changes no status and is kind NOTE', () =>
    given([opened])
      .when({ type: 'AddTicketNote', messageId: 'n1', authorId: 'staff', body: 'hi', now: t0 })
      .then([msg('n1', 'NOTE')]));
  it('refuses a note on an unknown ticket', () =>
    given([])
      .when({ type: 'AddTicketNote', messageId: 'n1', authorId: 'staff', body: 'x', now: t0 })
      .thenRefuses('NOT_FOUND'));
});

describe('tickets: assign, status, details', () => {
  it('assigns and unassigns; the same assignee again writes nothing', () => {
    given([opened])
      .when({ type: 'AssignTicket', assigneeId: 's1', by: 'staff', now: t0 })
      .then([
        { type: 'TicketAssigned', data: { ticketId: 'k1', assigneeId: 's1', by: 'staff', at: t0 } },
      ]);
    const assigned: TicketEvent = {
      type: 'TicketAssigned',
      data: { ticketId: 'k1', assigneeId: 's1', by: 'staff', at: t0 },
    };
    given([opened, assigned])
      .when({ type: 'AssignTicket', assigneeId: 's1', by: 'staff', now: t0 })
      .then([]);
    given([])
      .when({ type: 'AssignTicket', assigneeId: 's1', by: 'staff', now: t0 })
      .thenRefuses('NOT_FOUND');
  });
  it('changes status; to CLOSED it closes; a closed ticket must be reopened first', () => {
    given([opened])
      .when({ type: 'ChangeTicketStatus', status: 'ON_HOLD', by: 'staff', now: t0 })
      .then([status('OPEN', 'ON_HOLD', 'staff')]);
    given([opened])
      .when({ type: 'ChangeTicketStatus', status: 'CLOSED', by: 'staff', now: t0 })
      .then([closed(t0, false, 'staff')]);
    given([opened, closed()])
      .when({ type: 'ChangeTicketStatus', status: 'IN_PROGRESS', by: 'staff', now: t0 })
      .thenRefuses('BAD_USER_INPUT');
  });
  it('changes department and priority; unchanged writes nothing', () => {
    given([opened])
      .when({
        type: 'ChangeTicketDetails',
        departmentId: 'billing',
        priority: null,
        by: 'staff',
        now: t0,
      })
      .then([
        {
          type: 'TicketDetailsChanged',
          data: { ticketId: 'k1', departmentId: 'billing', priority: 'HIGH', by: 'staff', at: t0 },
        },
      ]);
    given([opened])
      .when({
        type: 'ChangeTicketDetails',
        departmentId: 'technical',
        priority: 'HIGH',
        by: 'staff',
        now: t0,
      })
      .then([]);
  });
});

describe('tickets: close, reopen, auto-close', () => {
  it('closes once', () => {
    given([opened]).when({ type: 'CloseTicket', by: 'acc', now: t0 }).then([closed()]);
    given([opened, closed()]).when({ type: 'CloseTicket', by: 'acc', now: t0 }).then([]);
  });
  it('reopens within 30 days, refused after', () => {
    given([opened, closed(t0)])
      .when({ type: 'ReopenTicket', by: 'acc', now: day(30) })
      .then([{ type: 'TicketReopened', data: { ticketId: 'k1', by: 'acc', at: day(30) } }]);
    given([opened, closed(t0)])
      .when({ type: 'ReopenTicket', by: 'acc', now: day(30.01) })
      .thenRefuses('CONFLICT', /30 days/);
    given([opened]).when({ type: 'ReopenTicket', by: 'acc', now: t0 }).thenRefuses('CONFLICT');
  });
  const answered = [opened, msg('m2', 'STAFF', t0), status('OPEN', 'ANSWERED', 'staff')];
  it('auto-closes an Answered ticket after the days without a customer reply', () => {
    given(answered)
      .when({ type: 'AutoCloseTicket', autoCloseDays: 7, now: day(7) })
      .then([closed(day(7), true, null)]);
    given(answered)
      .when({ type: 'AutoCloseTicket', autoCloseDays: 7, now: day(6.9) })
      .then([]);
  });
  it('does not auto-close once the customer replied', () =>
    given([...answered, msg('m3', 'CUSTOMER', day(1)), status('ANSWERED', 'CUSTOMER_REPLY', 'acc')])
      .when({ type: 'AutoCloseTicket', autoCloseDays: 7, now: day(30) })
      .then([]));
});

describe('ticket desk', () => {
  const allocated = (ticketId: string, sequence: number): TicketDeskEvent => ({
    type: 'TicketNumberAllocated',
    data: { ticketId, sequence, number: `#${sequence}` },
  });
  it('numbers tickets per tenant from #100001, once per ticket', () => {
    givenDesk([])
      .when({ type: 'AllocateTicketNumber', ticketId: 'a' })
      .then([allocated('a', 100001)]);
    givenDesk([allocated('a', 100001)])
      .when({ type: 'AllocateTicketNumber', ticketId: 'b' })
      .then([allocated('b', 100002)]);
    givenDesk([allocated('a', 100001)])
      .when({ type: 'AllocateTicketNumber', ticketId: 'a' })
      .then([]);
  });
  it('saves departments; refuses a duplicate name and deactivating the last', () => {
    givenDesk([])
      .when({
        type: 'SaveTicketDepartment',
        departmentId: 'd1',
        name: 'Abuse',
        active: true,
        now: t0,
      })
      .then([
        {
          type: 'TicketDepartmentSaved',
          data: { departmentId: 'd1', name: 'Abuse', active: true, at: t0 },
        },
      ]);
    givenDesk([])
      .when({
        type: 'SaveTicketDepartment',
        departmentId: 'd1',
        name: 'sales',
        active: true,
        now: t0,
      })
      .thenRefuses('BAD_USER_INPUT', /already exists/);
    const off = (id: string, name: string): TicketDeskEvent => ({
      type: 'TicketDepartmentSaved',
      data: { departmentId: id, name, active: false, at: t0 },
    });
    givenDesk([off('sales', 'Sales'), off('billing', 'Billing')])
      .when({
        type: 'SaveTicketDepartment',
        departmentId: 'technical',
        name: 'Technical',
        active: false,
        now: t0,
      })
      .thenRefuses('BAD_USER_INPUT', /at least one/);
  });
  it('saves and deletes canned replies; deleting an unknown one is NOT_FOUND', () => {
    const saved: TicketDeskEvent = {
      type: 'CannedReplySaved',
      data: { replyId: 'r1', title: 'Hi', body: 'Hello', at: t0 },
    };
    givenDesk([])
      .when({ type: 'SaveCannedReply', replyId: 'r1', title: 'Hi', body: 'Hello', now: t0 })
      .then([saved]);
    givenDesk([saved])
      .when({ type: 'DeleteCannedReply', replyId: 'r1', now: t0 })
      .then([{ type: 'CannedReplyDeleted', data: { replyId: 'r1', at: t0 } }]);
    givenDesk([])
      .when({ type: 'DeleteCannedReply', replyId: 'r1', now: t0 })
      .thenRefuses('NOT_FOUND');
  });
  it('changes auto-close days within 1–365', () => {
    givenDesk([])
      .when({ type: 'ChangeTicketSettings', autoCloseDays: 3, now: t0 })
      .then([{ type: 'TicketSettingsChanged', data: { autoCloseDays: 3, at: t0 } }]);
    givenDesk([])
      .when({ type: 'ChangeTicketSettings', autoCloseDays: 0, now: t0 })
      .thenRefuses('BAD_USER_INPUT');
    givenDesk([]).when({ type: 'ChangeTicketSettings', autoCloseDays: 7, now: t0 }).then([]);
  });
});

describe('attachments by content', () => {
  it('knows PNG, PDF and ZIP by their bytes and text by its content', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]);
    expect(sniffAttachmentType(png, 'a.png')).toBe('image/png');
    expect(sniffAttachmentType(new TextEncoder().encode('%PDF-1.7'), 'a.pdf')).toBe(
      'application/pdf',
    );
    expect(sniffAttachmentType(new Uint8Array([0x50, 0x4b, 3, 4]), 'a.zip')).toBe(
      'application/zip',
    );
    expect(sniffAttachmentType(new TextEncoder().encode('boot log\nline 2'), 'boot.log')).toBe(
      'text/plain',
    );
  });
  it('refuses HTML named .png or .txt, and binary named .txt', () => {
    const html = new TextEncoder().encode('<!doctype html><script>alert(1)</script>');
    expect(sniffAttachmentType(html, 'shot.png')).toBeNull();
    expect(sniffAttachmentType(html, 'notes.txt')).toBeNull();
    expect(sniffAttachmentType(new Uint8Array([0, 1, 2, 0xff]), 'x.txt')).toBeNull();
  });
  it('checks the extension against the type', () => {
    expect(extensionFits('a.PNG', 'image/png')).toBe(true);
    expect(extensionFits('a.pdf', 'image/png')).toBe(false);
  });
});
