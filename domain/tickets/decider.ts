import { badInput, conflict, DomainError, notFound, type Decider } from '../shared/decider.ts';
import {
  DAY_MS,
  REOPEN_WINDOW_DAYS,
  type TicketEvent,
  type TicketFile,
  type TicketPriority,
  type TicketStatus,
} from './events.ts';

/** One support ticket: its conversation's state, who it belongs to, and where it stands. */
export interface TicketState {
  ticketId: string | null;
  accountId: string | null;
  status: TicketStatus;
  departmentId: string;
  priority: TicketPriority;
  assigneeId: string | null;
  closedAt: string | null;
  /** The latest staff reply (what auto-close counts from). */
  lastStaffReplyAt: string | null;
  messageIds: Set<string>;
}

export const initialTicket: TicketState = {
  ticketId: null,
  accountId: null,
  status: 'OPEN',
  departmentId: '',
  priority: 'MEDIUM',
  assigneeId: null,
  closedAt: null,
  lastStaffReplyAt: null,
  messageIds: new Set(),
};

export type TicketCommand =
  | {
      type: 'OpenTicket';
      ticketId: string;
      number: string;
      accountId: string;
      openedBy: string;
      byStaff: boolean;
      departmentId: string;
      priority: TicketPriority;
      subject: string;
      messageId: string;
      message: string;
      attachments: TicketFile[];
      relatedServiceId: string | null;
      relatedInvoiceId: string | null;
      now: string;
    }
  | {
      type: 'ReplyToTicket';
      messageId: string;
      authorId: string;
      byStaff: boolean;
      body: string;
      attachments: TicketFile[];
      now: string;
    }
  | { type: 'AddTicketNote'; messageId: string; authorId: string; body: string; now: string }
  | { type: 'AssignTicket'; assigneeId: string | null; by: string; now: string }
  | { type: 'ChangeTicketStatus'; status: TicketStatus; by: string; now: string }
  | {
      type: 'ChangeTicketDetails';
      departmentId: string | null;
      priority: TicketPriority | null;
      by: string;
      now: string;
    }
  | { type: 'CloseTicket'; by: string; now: string }
  | { type: 'ReopenTicket'; by: string; now: string }
  | { type: 'AutoCloseTicket'; autoCloseDays: number; now: string };

type Cmd<T extends TicketCommand['type']> = Extract<TicketCommand, { type: T }>;

function existing(state: TicketState): string {
  if (!state.ticketId) throw notFound('ticket');
  return state.ticketId;
}

function openTicket(c: Cmd<'OpenTicket'>, state: TicketState): TicketEvent[] {
  if (state.ticketId) throw conflict('This ticket was already opened.');
  return [
    {
      type: 'TicketOpened',
      data: {
        ticketId: c.ticketId,
        number: c.number,
        accountId: c.accountId,
        openedBy: c.openedBy,
        byStaff: c.byStaff,
        departmentId: c.departmentId,
        priority: c.priority,
        subject: c.subject,
        messageId: c.messageId,
        message: c.message,
        attachments: c.attachments,
        relatedServiceId: c.relatedServiceId,
        relatedInvoiceId: c.relatedInvoiceId,
        openedAt: c.now,
      },
    },
  ];
}

/** A reply moves the status: staff → Answered, the customer → Customer-Reply (and reopens nothing closed). */
function replyToTicket(c: Cmd<'ReplyToTicket'>, state: TicketState): TicketEvent[] {
  const ticketId = existing(state);
  if (state.status === 'CLOSED') throw conflict('This ticket is closed; reopen it to reply.');
  if (state.messageIds.has(c.messageId)) return [];
  const to: TicketStatus = c.byStaff ? 'ANSWERED' : 'CUSTOMER_REPLY';
  return [
    {
      type: 'TicketMessageAdded',
      data: {
        ticketId,
        messageId: c.messageId,
        authorId: c.authorId,
        kind: c.byStaff ? 'STAFF' : 'CUSTOMER',
        body: c.body,
        attachments: c.attachments,
        at: c.now,
      },
    },
    ...(state.status === to
      ? []
      : [
          {
            type: 'TicketStatusChanged' as const,
            data: { ticketId, from: state.status, to, by: c.authorId, at: c.now },
          },
        ]),
  ];
}

function addTicketNote(c: Cmd<'AddTicketNote'>, state: TicketState): TicketEvent[] {
  const ticketId = existing(state);
  if (state.messageIds.has(c.messageId)) return [];
  return [
    {
      type: 'TicketMessageAdded',
      data: {
        ticketId,
        messageId: c.messageId,
        authorId: c.authorId,
        kind: 'NOTE',
        body: c.body,
        attachments: [],
        at: c.now,
      },
    },
  ];
}

function assignTicket(c: Cmd<'AssignTicket'>, state: TicketState): TicketEvent[] {
  const ticketId = existing(state);
  if (state.assigneeId === c.assigneeId) return [];
  return [
    { type: 'TicketAssigned', data: { ticketId, assigneeId: c.assigneeId, by: c.by, at: c.now } },
  ];
}

function changeTicketStatus(c: Cmd<'ChangeTicketStatus'>, state: TicketState): TicketEvent[] {
  const ticketId = existing(state);
  if (c.status === 'CLOSED')
    return closeTicket({ type: 'CloseTicket', by: c.by, now: c.now }, state);
  if (state.status === 'CLOSED')
    throw badInput('status', 'This ticket is closed; reopen it first.');
  if (state.status === c.status) return [];
  return [
    {
      type: 'TicketStatusChanged',
      data: { ticketId, from: state.status, to: c.status, by: c.by, at: c.now },
    },
  ];
}

function changeTicketDetails(c: Cmd<'ChangeTicketDetails'>, state: TicketState): TicketEvent[] {
  const ticketId = existing(state);
  const departmentId = c.departmentId ?? state.departmentId;
  const priority = c.priority ?? state.priority;
  if (departmentId === state.departmentId && priority === state.priority) return [];
  return [
    {
      type: 'TicketDetailsChanged',
      data: { ticketId, departmentId, priority, by: c.by, at: c.now },
    },
  ];
}

function closeTicket(c: Cmd<'CloseTicket'>, state: TicketState): TicketEvent[] {
  const ticketId = existing(state);
  if (state.status === 'CLOSED') return [];
  return [{ type: 'TicketClosed', data: { ticketId, by: c.by, auto: false, at: c.now } }];
}

/** Within 30 days of closing (the decider checks with `now`). */
function reopenTicket(c: Cmd<'ReopenTicket'>, state: TicketState): TicketEvent[] {
  const ticketId = existing(state);
  if (state.status !== 'CLOSED') throw conflict('This ticket is not closed.');
  const until = Date.parse(state.closedAt!) + REOPEN_WINDOW_DAYS * DAY_MS;
  if (Date.parse(c.now) > until)
    throw new DomainError(
      'CONFLICT',
      `A ticket can be reopened within ${REOPEN_WINDOW_DAYS} days of closing; open a new one.`,
    );
  return [{ type: 'TicketReopened', data: { ticketId, by: c.by, at: c.now } }];
}

/** The system: an Answered ticket without a customer reply for `autoCloseDays`. Otherwise nothing. */
function autoCloseTicket(c: Cmd<'AutoCloseTicket'>, state: TicketState): TicketEvent[] {
  const ticketId = existing(state);
  if (state.status !== 'ANSWERED' || !state.lastStaffReplyAt) return [];
  if (Date.parse(c.now) - Date.parse(state.lastStaffReplyAt) < c.autoCloseDays * DAY_MS) return [];
  return [{ type: 'TicketClosed', data: { ticketId, by: null, auto: true, at: c.now } }];
}

function decide(command: TicketCommand, state: TicketState): TicketEvent[] {
  switch (command.type) {
    case 'OpenTicket':
      return openTicket(command, state);
    case 'ReplyToTicket':
      return replyToTicket(command, state);
    case 'AddTicketNote':
      return addTicketNote(command, state);
    case 'AssignTicket':
      return assignTicket(command, state);
    case 'ChangeTicketStatus':
      return changeTicketStatus(command, state);
    case 'ChangeTicketDetails':
      return changeTicketDetails(command, state);
    case 'CloseTicket':
      return closeTicket(command, state);
    case 'ReopenTicket':
      return reopenTicket(command, state);
    case 'AutoCloseTicket':
      return autoCloseTicket(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown ticket command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

function evolve(state: TicketState, event: TicketEvent): TicketState {
  switch (event.type) {
    case 'TicketOpened':
      return {
        ...state,
        ticketId: event.data.ticketId,
        accountId: event.data.accountId,
        status: 'OPEN',
        departmentId: event.data.departmentId,
        priority: event.data.priority,
        messageIds: new Set([event.data.messageId]),
      };
    case 'TicketMessageAdded':
      return {
        ...state,
        messageIds: new Set([...state.messageIds, event.data.messageId]),
        lastStaffReplyAt: event.data.kind === 'STAFF' ? event.data.at : state.lastStaffReplyAt,
      };
    case 'TicketAssigned':
      return { ...state, assigneeId: event.data.assigneeId };
    case 'TicketStatusChanged':
      return { ...state, status: event.data.to };
    case 'TicketDetailsChanged':
      return { ...state, departmentId: event.data.departmentId, priority: event.data.priority };
    case 'TicketClosed':
      return { ...state, status: 'CLOSED', closedAt: event.data.at };
    case 'TicketReopened':
      return { ...state, status: 'OPEN', closedAt: null };
    default:
      return state;
  }
}

export const ticketDecider: Decider<TicketCommand, TicketEvent, TicketState> = {
  initialState: initialTicket,
  decide,
  evolve,
};
