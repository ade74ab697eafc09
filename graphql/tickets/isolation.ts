import { expect } from 'vitest';
import { SIGNED_OUT, type IsolationCase } from '../access/testing/isolation-kit.ts';
import { m, NO_ID, STAFF, type MatrixRow, type Role } from '../access/testing/matrix-kit.ts';

/**
 * Support tickets (tickets.graphql): how each operation is kept within the caller's tenant and
 * account (isolation) and which roles may call it (matrix). A ticket of another account or
 * tenant is NOT_FOUND (graphql/tickets/tickets.int.test.ts opens real ones on both tenants).
 */

const cmd = () => crypto.randomUUID();
const MANAGE: Role[] = ['super_admin', 'tenant_admin', 'support'];
const TICKET = (field: string, extra = '') =>
  `mutation($c: ID!, $id: ID!) { ${field}(commandId: $c, ticketId: $id${extra}) { id } }`;
const OPEN_FOR = 'mutation($input: OpenTicketInput!) { openTicket(input: $input) { id } }';
const openFor = (accountId: string) => ({
  input: {
    commandId: cmd(),
    departmentId: 'sales',
    priority: 'LOW',
    subject: 's',
    message: 'M.',
    accountId,
  },
});
const unknownTicket = (query: string): IsolationCase => ({
  why: 'a ticket id of another tenant or account answers NOT_FOUND (ids reveal nothing)',
  attempts: () => [
    { as: 'x', query, variables: { c: cmd(), id: NO_ID } },
    { as: 'adminB', query, variables: { c: cmd(), id: NO_ID } },
    { as: 'zOnA', query, variables: { c: cmd(), id: NO_ID }, refused: SIGNED_OUT },
  ],
});

export const isolation: Record<string, IsolationCase> = {
  tickets: {
    why: 'customers list their account’s tickets only; staff their tenant’s (row-level security)',
    attempts: (w) => [
      {
        as: 'x',
        query: '{ tickets { id accountId } }',
        answers: (d) => {
          for (const t of d.tickets as { accountId: string }[]) expect(t.accountId).toBe(w.x.id);
        },
      },
      {
        as: 'adminB',
        query: '{ tickets { id accountId } }',
        answers: (d) => {
          const ids = (d.tickets as { accountId: string }[]).map((t) => t.accountId);
          expect(ids).not.toContain(w.x.id);
          expect(ids).not.toContain(w.y.id);
        },
      },
      { as: 'zOnA', query: '{ tickets { id } }', refused: SIGNED_OUT },
    ],
  },
  ticket: unknownTicket('query($id: ID!) { ticket(id: $id) { id } }'),
  ticketDepartments: {
    why: 'the host tenant’s departments',
    attempts: () => [
      {
        as: 'x',
        query: '{ ticketDepartments { id } }',
        answers: (d) =>
          expect(d.ticketDepartments.map((x: { id: string }) => x.id)).toEqual(
            expect.arrayContaining(['sales', 'billing', 'technical']),
          ),
      },
      { as: 'zOnA', query: '{ ticketDepartments { id } }', refused: SIGNED_OUT },
    ],
  },
  cannedReplies: {
    why: 'the host tenant’s canned replies, staff only',
    attempts: () => [
      { as: 'x', query: '{ cannedReplies { id } }', refused: ['FORBIDDEN'] },
      { as: 'zOnA', query: '{ cannedReplies { id } }', refused: SIGNED_OUT },
    ],
  },
  ticketAssignees: {
    why: 'the host tenant’s staff who work tickets, staff only',
    attempts: () => [
      { as: 'x', query: '{ ticketAssignees { userId } }', refused: ['FORBIDDEN'] },
      { as: 'zOnA', query: '{ ticketAssignees { userId } }', refused: SIGNED_OUT },
    ],
  },
  ticketSettings: {
    why: 'the host tenant’s setting, staff only',
    attempts: () => [
      { as: 'x', query: '{ ticketSettings { autoCloseDays } }', refused: ['FORBIDDEN'] },
      { as: 'zOnA', query: '{ ticketSettings { autoCloseDays } }', refused: SIGNED_OUT },
    ],
  },
  openTicket: {
    why: 'customers open for their own account; staff name a customer of their tenant',
    attempts: (w) => [
      { as: 'x', query: OPEN_FOR, variables: openFor(w.y.id), refused: ['FORBIDDEN'] },
      { as: 'adminB', query: OPEN_FOR, variables: openFor(w.y.id), refused: ['BAD_USER_INPUT'] },
    ],
  },
  replyToTicket: {
    why: 'as ticket',
    attempts: () => [
      {
        as: 'x',
        query: 'mutation($input: ReplyToTicketInput!) { replyToTicket(input: $input) { id } }',
        variables: { input: { commandId: cmd(), ticketId: NO_ID, message: 'Hi.' } },
      },
      {
        as: 'adminB',
        query: 'mutation($input: ReplyToTicketInput!) { replyToTicket(input: $input) { id } }',
        variables: { input: { commandId: cmd(), ticketId: NO_ID, message: 'Hi.' } },
      },
    ],
  },
  addTicketNote: unknownTicket(TICKET('addTicketNote', ', note: "n"')),
  assignTicket: unknownTicket(TICKET('assignTicket', ', assigneeId: null')),
  changeTicketStatus: unknownTicket(TICKET('changeTicketStatus', ', status: ON_HOLD')),
  changeTicketDetails: unknownTicket(TICKET('changeTicketDetails', ', priority: HIGH')),
  closeTicket: unknownTicket(TICKET('closeTicket')),
  reopenTicket: unknownTicket(TICKET('reopenTicket')),
  saveTicketDepartment: {
    why: 'writes the host tenant’s desk only (its stream is named by the request’s tenant)',
    attempts: () => [
      {
        as: 'x',
        query:
          'mutation($c: ID!) { saveTicketDepartment(commandId: $c, name: "X", active: true) { id } }',
        variables: { c: cmd() },
        refused: ['FORBIDDEN'],
      },
    ],
  },
  saveCannedReply: {
    why: 'as saveTicketDepartment',
    attempts: () => [
      {
        as: 'x',
        query: 'mutation($c: ID!) { saveCannedReply(commandId: $c, title: "t", body: "b") { id } }',
        variables: { c: cmd() },
        refused: ['FORBIDDEN'],
      },
    ],
  },
  deleteCannedReply: {
    why: 'as saveTicketDepartment; an id of another tenant’s reply is unknown here',
    attempts: () => [
      {
        as: 'adminB',
        query: 'mutation($c: ID!, $id: ID!) { deleteCannedReply(commandId: $c, id: $id) }',
        variables: { c: cmd(), id: NO_ID },
      },
    ],
  },
  changeTicketSettings: {
    why: 'as saveTicketDepartment',
    attempts: () => [
      {
        as: 'x',
        query:
          'mutation($c: ID!) { changeTicketSettings(commandId: $c, autoCloseDays: 3) { autoCloseDays } }',
        variables: { c: cmd() },
        refused: ['FORBIDDEN'],
      },
    ],
  },
};

const onTicket = (field: string, extra = '') => ({
  call: () => ({ query: TICKET(field, extra), variables: { c: cmd(), id: NO_ID } }),
});

export const matrix: Record<string, MatrixRow> = {
  tickets: { allowed: 'signed-in', call: () => ({ query: '{ tickets { id } }' }) },
  ticket: {
    allowed: 'signed-in',
    call: () => ({ query: 'query($id: ID!) { ticket(id: $id) { id } }', variables: { id: NO_ID } }),
  },
  ticketDepartments: {
    allowed: 'signed-in',
    call: () => ({ query: '{ ticketDepartments { id } }' }),
  },
  cannedReplies: { allowed: MANAGE, call: () => ({ query: '{ cannedReplies { id } }' }) },
  ticketAssignees: {
    allowed: MANAGE,
    call: () => ({ query: '{ ticketAssignees { userId } }' }),
  },
  ticketSettings: {
    allowed: STAFF,
    call: () => ({ query: '{ ticketSettings { autoCloseDays } }' }),
  },
  openTicket: {
    allowed: [...MANAGE, 'customer'],
    call: m('openTicket', 'OpenTicketInput', '{ id }', (w, role) => ({
      departmentId: 'sales',
      priority: 'LOW',
      subject: 'Matrix',
      message: 'Matrix check.',
      ...(role === 'customer' ? {} : { accountId: w.y.id }),
    })),
  },
  replyToTicket: {
    allowed: [...MANAGE, 'customer'],
    call: m('replyToTicket', 'ReplyToTicketInput', '{ id }', () => ({
      ticketId: NO_ID,
      message: 'Matrix.',
    })),
  },
  addTicketNote: { allowed: MANAGE, ...onTicket('addTicketNote', ', note: "n"') },
  assignTicket: { allowed: MANAGE, ...onTicket('assignTicket', ', assigneeId: null') },
  changeTicketStatus: { allowed: MANAGE, ...onTicket('changeTicketStatus', ', status: ON_HOLD') },
  changeTicketDetails: { allowed: MANAGE, ...onTicket('changeTicketDetails', ', priority: HIGH') },
  closeTicket: { allowed: [...MANAGE, 'customer'], ...onTicket('closeTicket') },
  reopenTicket: { allowed: [...MANAGE, 'customer'], ...onTicket('reopenTicket') },
  saveTicketDepartment: {
    allowed: MANAGE,
    call: (_w, _r, n) => ({
      query:
        'mutation($c: ID!, $n: String!) { saveTicketDepartment(commandId: $c, name: $n, active: true) { id } }',
      variables: { c: cmd(), n: `Matrix ${n}` },
    }),
  },
  saveCannedReply: {
    allowed: MANAGE,
    call: () => ({
      query: 'mutation($c: ID!) { saveCannedReply(commandId: $c, title: "t", body: "b") { id } }',
      variables: { c: cmd() },
    }),
  },
  deleteCannedReply: {
    allowed: MANAGE,
    call: () => ({
      query: 'mutation($c: ID!, $id: ID!) { deleteCannedReply(commandId: $c, id: $id) }',
      variables: { c: cmd(), id: NO_ID },
    }),
  },
  changeTicketSettings: {
    allowed: MANAGE,
    call: () => ({
      query:
        'mutation($c: ID!) { changeTicketSettings(commandId: $c, autoCloseDays: 7) { autoCloseDays } }',
      variables: { c: cmd() },
    }),
  },
};
