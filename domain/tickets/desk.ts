import { badInput, conflict, notFound, type Decider } from '../shared/decider.ts';
import { DEFAULT_AUTO_CLOSE_DAYS, type TicketDeskEvent } from './events.ts';

/** Departments every tenant starts with (admin-editable; ids are fixed so the defaults need no event). */
export const DEFAULT_DEPARTMENTS = [
  { id: 'sales', name: 'Sales', active: true },
  { id: 'billing', name: 'Billing', active: true },
  { id: 'technical', name: 'Technical', active: true },
] as const;

/** A tenant's ticket desk: the ticket-number counter, departments, canned replies and settings. */
export interface TicketDeskState {
  sequence: number;
  numbers: Map<string, string>;
  departments: Map<string, { name: string; active: boolean }>;
  cannedReplies: Map<string, { title: string; body: string }>;
  autoCloseDays: number;
}

export const initialDesk: TicketDeskState = {
  sequence: 0,
  numbers: new Map(),
  departments: new Map(DEFAULT_DEPARTMENTS.map((d) => [d.id, { name: d.name, active: d.active }])),
  cannedReplies: new Map(),
  autoCloseDays: DEFAULT_AUTO_CLOSE_DAYS,
};

/** The first ticket of a tenant is #100001. */
export const FIRST_TICKET_SEQUENCE = 100001;
export const ticketNumber = (sequence: number) => `#${sequence}`;

export type TicketDeskCommand =
  | { type: 'AllocateTicketNumber'; ticketId: string }
  | {
      type: 'SaveTicketDepartment';
      departmentId: string;
      name: string;
      active: boolean;
      now: string;
    }
  | { type: 'SaveCannedReply'; replyId: string; title: string; body: string; now: string }
  | { type: 'DeleteCannedReply'; replyId: string; now: string }
  | { type: 'ChangeTicketSettings'; autoCloseDays: number; now: string };

type Cmd<T extends TicketDeskCommand['type']> = Extract<TicketDeskCommand, { type: T }>;

/** The next number, once per ticket (a retry gets the same one). */
function allocateTicketNumber(
  c: Cmd<'AllocateTicketNumber'>,
  s: TicketDeskState,
): TicketDeskEvent[] {
  if (s.numbers.has(c.ticketId)) return [];
  const sequence = s.sequence === 0 ? FIRST_TICKET_SEQUENCE : s.sequence + 1;
  return [
    {
      type: 'TicketNumberAllocated',
      data: { ticketId: c.ticketId, sequence, number: ticketNumber(sequence) },
    },
  ];
}

function saveTicketDepartment(
  c: Cmd<'SaveTicketDepartment'>,
  s: TicketDeskState,
): TicketDeskEvent[] {
  const key = c.name.toLowerCase();
  for (const [id, d] of s.departments)
    if (id !== c.departmentId && d.name.toLowerCase() === key)
      throw badInput('name', `A department named ${d.name} already exists.`);
  if (
    c.active === false &&
    [...s.departments].every(([id, d]) => id === c.departmentId || !d.active)
  )
    throw badInput('active', 'Keep at least one department active.');
  const prior = s.departments.get(c.departmentId);
  if (prior && prior.name === c.name && prior.active === c.active) return [];
  return [
    {
      type: 'TicketDepartmentSaved',
      data: { departmentId: c.departmentId, name: c.name, active: c.active, at: c.now },
    },
  ];
}

function saveCannedReply(c: Cmd<'SaveCannedReply'>, s: TicketDeskState): TicketDeskEvent[] {
  const prior = s.cannedReplies.get(c.replyId);
  if (prior && prior.title === c.title && prior.body === c.body) return [];
  return [
    {
      type: 'CannedReplySaved',
      data: { replyId: c.replyId, title: c.title, body: c.body, at: c.now },
    },
  ];
}

function deleteCannedReply(c: Cmd<'DeleteCannedReply'>, s: TicketDeskState): TicketDeskEvent[] {
  if (!s.cannedReplies.has(c.replyId)) throw notFound('canned reply');
  return [{ type: 'CannedReplyDeleted', data: { replyId: c.replyId, at: c.now } }];
}

function changeTicketSettings(
  c: Cmd<'ChangeTicketSettings'>,
  s: TicketDeskState,
): TicketDeskEvent[] {
  if (!Number.isInteger(c.autoCloseDays) || c.autoCloseDays < 1 || c.autoCloseDays > 365)
    throw badInput('autoCloseDays', 'Between 1 and 365 days.');
  if (c.autoCloseDays === s.autoCloseDays) return [];
  return [{ type: 'TicketSettingsChanged', data: { autoCloseDays: c.autoCloseDays, at: c.now } }];
}

function decide(command: TicketDeskCommand, state: TicketDeskState): TicketDeskEvent[] {
  switch (command.type) {
    case 'AllocateTicketNumber':
      return allocateTicketNumber(command, state);
    case 'SaveTicketDepartment':
      return saveTicketDepartment(command, state);
    case 'SaveCannedReply':
      return saveCannedReply(command, state);
    case 'DeleteCannedReply':
      return deleteCannedReply(command, state);
    case 'ChangeTicketSettings':
      return changeTicketSettings(command, state);
    default: {
      const _exhaustive: never = command;
      throw conflict(`Unknown desk command ${(_exhaustive as { type: string }).type}.`);
    }
  }
}

function evolve(state: TicketDeskState, event: TicketDeskEvent): TicketDeskState {
  switch (event.type) {
    case 'TicketNumberAllocated':
      return {
        ...state,
        sequence: event.data.sequence,
        numbers: new Map(state.numbers).set(event.data.ticketId, event.data.number),
      };
    case 'TicketDepartmentSaved':
      return {
        ...state,
        departments: new Map(state.departments).set(event.data.departmentId, {
          name: event.data.name,
          active: event.data.active,
        }),
      };
    case 'CannedReplySaved':
      return {
        ...state,
        cannedReplies: new Map(state.cannedReplies).set(event.data.replyId, {
          title: event.data.title,
          body: event.data.body,
        }),
      };
    case 'CannedReplyDeleted': {
      const cannedReplies = new Map(state.cannedReplies);
      cannedReplies.delete(event.data.replyId);
      return { ...state, cannedReplies };
    }
    case 'TicketSettingsChanged':
      return { ...state, autoCloseDays: event.data.autoCloseDays };
    default:
      return state;
  }
}

export const ticketDeskDecider: Decider<TicketDeskCommand, TicketDeskEvent, TicketDeskState> = {
  initialState: initialDesk,
  decide,
  evolve,
};
