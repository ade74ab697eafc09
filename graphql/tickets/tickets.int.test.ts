import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { linkInMailbox } from '../../server/testing/mailbox.ts';
import { ticketDeps } from './resolvers.ts';
import { openTicket } from '../../commands/tickets/open-ticket.ts';
import { reopenTicket } from '../../commands/tickets/reopen-ticket.ts';
import { closeTicket } from '../../commands/tickets/close-ticket.ts';
import { autoCloseTickets } from '../../commands/tickets/auto-close.ts';
import { answeredTickets, ticketDepartments } from '../../projections/tickets/queries.ts';
import { readScoped } from '../../projections/shared/scoped.ts';
import {
  changeTicketSettings,
  saveCannedReply,
  saveTicketDepartment,
} from '../../commands/tickets/desk.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { ticketMailer } from '../../integrations/tickets/ticket-mail.ts';
import { ticketStreamId } from '../../domain/tickets/events.ts';
import { mailStreamId } from '../../domain/mail/events.ts';
import { uuidFrom } from '../../commands/shared/ids.ts';
import Fastify from 'fastify';
import cookie from '@fastify/cookie';
import { registerTicketFileRoutes } from '../../server/http/ticket-files.ts';

const DETAIL = `id number subject status priority accountId department { id name } closedAt reopenableUntil
  messages { body internal author { staff } attachments { fileName contentType size url } }`;
const OPEN = `mutation($input: OpenTicketInput!) { openTicket(input: $input) { ${DETAIL} } }`;
const REPLY = `mutation($input: ReplyToTicketInput!) { replyToTicket(input: $input) { ${DETAIL} } }`;
const NOTE = `mutation($c: ID!, $id: ID!, $n: String!) { addTicketNote(commandId: $c, ticketId: $id, note: $n) { ${DETAIL} } }`;
const CLOSE = `mutation($c: ID!, $id: ID!) { closeTicket(commandId: $c, ticketId: $id) { ${DETAIL} } }`;
const REOPEN = `mutation($c: ID!, $id: ID!) { reopenTicket(commandId: $c, ticketId: $id) { ${DETAIL} } }`;
const TICKET = `query($id: ID!) { ticket(id: $id) { ${DETAIL} } }`;

const png = { fileName: 'screenshot.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
const html = {
  fileName: 'screenshot.png',
  contentType: 'image/png',
  base64: Buffer.from('<!doctype html><script>alert(1)</script>').toString('base64'),
};
const openInput = (over: Record<string, unknown> = {}) => ({
  commandId: randomUUID(),
  departmentId: 'technical',
  priority: 'HIGH',
  subject: 'Server does not boot',
  message: 'Since this morning the VPS is down.',
  ...over,
});

let t: TestPlatform;
let customer: { id: string; cookie: string };
let other: { id: string; cookie: string };
let admin: string;
let ticketId: string;

/** Events but queued mails (the ticket mailer queues those as it catches up). */
const eventCount = async () =>
  Number(
    (
      await t.running.platform
        .sql`select count(*)::int as n from eventlog.events where stream_id not like 'mail-%'`
    )[0]!.n,
  );
const settled = async () =>
  t.running.platform.projections.waitFor(await t.running.platform.store.headPosition(), 10_000);
const fieldOf = (res: { errors?: any[] }) => res.errors?.[0]?.extensions;

beforeAll(async () => {
  t = await startTestPlatform();
  customer = await t.customer('meera@example.com', 'Meera Nair');
  other = await t.customer('arjun@example.com', 'Arjun Rao');
  admin = await t.signIn(ADMIN.email, ADMIN.password);
});
afterAll(async () => t?.close());

describe('support tickets over GraphQL', () => {
  it('a customer opens a ticket with a screenshot attached; it is numbered per tenant', async () => {
    const res = await t.gql(OPEN, { input: openInput({ attachments: [png] }) }, customer.cookie);
    expect(res.errors).toBeUndefined();
    const tk = res.data.openTicket;
    ticketId = tk.id;
    expect(tk).toMatchObject({
      number: '#100001',
      status: 'OPEN',
      priority: 'HIGH',
      accountId: customer.id,
      department: { id: 'technical', name: 'Technical' },
    });
    expect(tk.messages).toHaveLength(1);
    expect(tk.messages[0].attachments[0]).toMatchObject({
      fileName: 'screenshot.png',
      contentType: 'image/png',
      url: expect.stringMatching(new RegExp(`^/files/tickets/${tk.id}/attachments/`)),
    });
  });

  it('the same commandId again opens nothing more', async () => {
    const input = openInput({ subject: 'Once' });
    const a = await t.gql(OPEN, { input }, customer.cookie);
    const before = await eventCount();
    const b = await t.gql(OPEN, { input }, customer.cookie);
    expect(b.data.openTicket.id).toBe(a.data.openTicket.id);
    expect(b.data.openTicket.number).toBe('#100002');
    expect(await eventCount()).toBe(before);
  });

  it('staff reply answers it; an internal note is never returned to the customer', async () => {
    const reply = await t.gql(
      REPLY,
      { input: { commandId: randomUUID(), ticketId, message: 'We are looking at it.' } },
      admin,
    );
    expect(reply.errors).toBeUndefined();
    expect(reply.data.replyToTicket.status).toBe('ANSWERED');
    const note = await t.gql(
      NOTE,
      { c: randomUUID(), id: ticketId, n: 'hypervisor 3 is down' },
      admin,
    );
    expect(note.data.addTicketNote.messages.map((m: any) => m.internal)).toEqual([
      false,
      false,
      true,
    ]);
    const seen = (await t.gql(TICKET, { id: ticketId }, customer.cookie)).data.ticket;
    expect(seen.messages).toHaveLength(2);
    expect(JSON.stringify(seen)).not.toContain('hypervisor 3');
    // A customer cannot add a note.
    const refused = await t.gql(NOTE, { c: randomUUID(), id: ticketId, n: 'x' }, customer.cookie);
    expect(refused.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('the customer replies; the status says the customer replied', async () => {
    const res = await t.gql(
      REPLY,
      { input: { commandId: randomUUID(), ticketId, message: 'Thanks, still down.' } },
      customer.cookie,
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.replyToTicket.status).toBe('CUSTOMER_REPLY');
  });

  it('another customer of the tenant does not see it (NOT_FOUND) nor list it', async () => {
    const res = await t.gql(TICKET, { id: ticketId }, other.cookie);
    expect(res.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await t.gql(`{ tickets { id } }`, {}, other.cookie);
    expect(list.data.tickets).toEqual([]);
  });

  it('close, reopen within 30 days; after 30 days reopening is refused (clock driven)', async () => {
    const closed = await t.gql(CLOSE, { c: randomUUID(), id: ticketId }, customer.cookie);
    expect(closed.data.closeTicket.status).toBe('CLOSED');
    const closedAt = Date.parse(closed.data.closeTicket.closedAt);
    expect(Date.parse(closed.data.closeTicket.reopenableUntil) - closedAt).toBe(30 * 86_400_000);
    const reopened = await t.gql(REOPEN, { c: randomUUID(), id: ticketId }, customer.cookie);
    expect(reopened.data.reopenTicket.status).toBe('OPEN');

    const ctx = () => ({
      tenantId: 'akashone',
      actor: { userId: customer.id, role: 'customer' as const },
      commandId: randomUUID(),
    });
    const deps = ticketDeps(t.running.platform as never);
    await closeTicket(deps, ctx(), { ticketId });
    const later = { ...deps, now: () => new Date(Date.now() + 31 * 86_400_000) };
    await expect(reopenTicket(later, ctx(), { ticketId })).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/30 days/),
    });
    const soon = { ...deps, now: () => new Date(Date.now() + 29 * 86_400_000) };
    await expect(reopenTicket(soon, ctx(), { ticketId })).resolves.toMatchObject({ ticketId });
  });

  it('bad input is refused with field errors and nothing is written', async () => {
    const before = await eventCount();
    const empty = await t.gql(OPEN, { input: openInput({ subject: '  ' }) }, customer.cookie);
    expect(fieldOf(empty)?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(fieldOf(empty))).toContain('subject');
    // 100 KB is over the 64 KiB body limit for all but file mutations (graphql/limits.ts
    // FILE_MUTATIONS): refused before any resolver; 201 characters is the command's field error.
    const huge = await t.gql(
      OPEN,
      { input: openInput({ subject: 'x'.repeat(100_000) }) },
      customer.cookie,
    );
    expect(huge.errors?.length).toBeGreaterThan(0);
    expect(huge.data?.openTicket ?? null).toBeNull();
    const long = await t.gql(
      OPEN,
      { input: openInput({ subject: 'x'.repeat(201) }) },
      customer.cookie,
    );
    expect(fieldOf(long)?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(long.errors)).toContain('subject');
    const htmlPng = await t.gql(
      OPEN,
      { input: openInput({ attachments: [html] }) },
      customer.cookie,
    );
    expect(fieldOf(htmlPng)?.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(fieldOf(htmlPng))).toContain('contentType');
    const service = await t.gql(
      OPEN,
      { input: openInput({ relatedServiceId: randomUUID() }) },
      customer.cookie,
    );
    expect(JSON.stringify(fieldOf(service))).toContain('relatedServiceId');
    expect(await eventCount()).toBe(before);

    // A service that exists but belongs to another account is refused the same way.
    const deps = { ...ticketDeps(t.running.platform as never), ownerOf: async () => other.id };
    const err = await openTicket(
      deps,
      {
        tenantId: 'akashone',
        actor: { userId: customer.id, role: 'customer' },
        commandId: randomUUID(),
      },
      openInput({ relatedServiceId: randomUUID() }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect((err as DomainError).issues[0]!.path).toEqual(['relatedServiceId']);
    expect(await eventCount()).toBe(before);
  });

  it('another tenant’s ticket is NOT_FOUND for its customers and staff here', async () => {
    const deps = ticketDeps(t.running.platform as never);
    const elsewhere = await openTicket(
      deps,
      {
        tenantId: 'kloudnests',
        actor: { userId: randomUUID(), role: 'customer' },
        commandId: randomUUID(),
      },
      openInput({ subject: 'Elsewhere' }),
    );
    await t.running.platform.projections.waitFor(elsewhere.position!, 10_000);
    const reply = await t.gql(
      REPLY,
      { input: { commandId: randomUUID(), ticketId: elsewhere.ticketId, message: 'hi' } },
      customer.cookie,
    );
    expect(reply.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const staffReply = await t.gql(
      REPLY,
      { input: { commandId: randomUUID(), ticketId: elsewhere.ticketId, message: 'hi' } },
      admin,
    );
    expect(staffReply.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const read = await t.gql(TICKET, { id: elsewhere.ticketId }, admin);
    expect(read.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const list = await t.gql(`{ tickets { id } }`, {}, admin);
    expect(list.data.tickets.map((x: { id: string }) => x.id)).not.toContain(elsewhere.ticketId);
  });

  it('an Answered ticket is closed by the system after 7 days without a customer reply', async () => {
    const opened = (await t.gql(OPEN, { input: openInput({ subject: 'Auto' }) }, customer.cookie))
      .data.openTicket;
    const answered = await t.gql(
      REPLY,
      { input: { commandId: randomUUID(), ticketId: opened.id, message: 'Done, please check.' } },
      admin,
    );
    expect(answered.data.replyToTicket.status).toBe('ANSWERED');
    const base = t.running.platform.sql;
    const candidates = (await answeredTickets(base)).filter((c) => c.ticketId === opened.id);
    expect(candidates).toHaveLength(1);
    const at = (days: number) => ({
      store: t.running.platform.store,
      now: () => new Date(Date.now() + days * 86_400_000),
    });
    expect((await autoCloseTickets(at(6.9), candidates)).closed).toEqual([]);
    expect((await autoCloseTickets(at(7.01), candidates)).closed).toEqual([opened.id]);
    // A second sweep (another process, a retry) writes nothing more.
    const before = await eventCount();
    expect((await autoCloseTickets(at(8), candidates)).closed).toEqual([]);
    expect(await eventCount()).toBe(before);
    await settled();
    const seen = (await t.gql(TICKET, { id: opened.id }, customer.cookie)).data.ticket;
    expect(seen.status).toBe('CLOSED');
  });

  it('mails both ways for the first ticket: opened and staff reply to the customer, the reply to support; no note', async () => {
    const platform = t.running.platform;
    const mailer = ticketMailer(
      { store: platform.store, now: () => new Date() },
      platform.sql,
      async () => 'https://elsewhere.example',
    );
    const events = await platform.store.readStream(ticketStreamId(ticketId));
    // The platform's mailer may already have run; feeding the events again queues nothing twice.
    for (const e of events) if (mailer.handles.has(e.type)) await mailer.react(e);
    const queued = (await platform.store.readAll()).filter((e) => e.type === 'MailQueued');
    const mailOf = (eventId: string) =>
      queued.filter((q) => q.streamId === mailStreamId(uuidFrom(`mail:${eventId}`)));
    const kinds = events.map((e) => {
      const m = mailOf(e.id);
      expect(m.length).toBeLessThanOrEqual(1);
      const d = m[0]?.data as { kind: string; to: string; text: string } | undefined;
      return d ? `${d.kind}>${d.to}` : null;
    });
    expect(kinds.filter(Boolean)).toEqual([
      'ticket-opened>meera@example.com',
      'ticket-staff-reply>meera@example.com',
      expect.stringMatching(/^ticket-customer-reply>/),
    ]);
    expect(JSON.stringify(queued.map((q) => q.data))).not.toContain('hypervisor 3');
  });

  it('serves an attachment to the ticket’s customer and staff only (GET /files/tickets/…)', async () => {
    // The route on an app of its own (the platform registers it beside the invoice files).
    const app = Fastify();
    await app.register(cookie);
    registerTicketFileRoutes(app, t.running.platform as never);
    const tk = (await t.gql(TICKET, { id: ticketId }, customer.cookie)).data.ticket;
    const url = tk.messages[0].attachments[0].url as string;
    const get = (cookieHeader?: string) =>
      app.inject({ method: 'GET', url, headers: cookieHeader ? { cookie: cookieHeader } : {} });
    const mine = await get(customer.cookie);
    expect(mine.statusCode).toBe(200);
    expect(mine.headers['content-type']).toBe('image/png');
    expect(mine.headers['x-content-type-options']).toBe('nosniff');
    expect(mine.rawPayload.equals(Buffer.from(DEMO_PROOF_PNG, 'base64'))).toBe(true);
    expect((await get(admin)).statusCode).toBe(200);
    expect((await get(other.cookie)).statusCode).toBe(404);
    expect((await get()).statusCode).toBe(401);
    await app.close();
  });

  it('a department renamed by staff shows its new name on an existing ticket and in the list; another tenant’s desk changes do not show here', async () => {
    const DESK = `{ ticketDepartments { id name active } cannedReplies { id title body } ticketSettings { autoCloseDays } }`;
    const before = (await t.gql(DESK, {}, admin)).data;
    expect(before.ticketDepartments.map((d: { name: string }) => d.name)).toEqual([
      'Sales',
      'Billing',
      'Technical',
    ]);
    expect(before.ticketSettings.autoCloseDays).toBe(7);
    // Another tenant renames the same default, adds a canned reply and changes its days.
    const elsewhere = {
      tenantId: 'kloudnests',
      actor: { userId: randomUUID(), role: 'admin' },
      commandId: randomUUID(),
      permissions: ['tickets.manage'],
    };
    const deps = ticketDeps(t.running.platform as never);
    await saveTicketDepartment(deps, elsewhere, {
      id: 'technical',
      name: 'Their tech',
      active: true,
    });
    await saveCannedReply(
      deps,
      { ...elsewhere, commandId: randomUUID() },
      { title: 'Theirs', body: 'Not here.' },
    );
    const theirs = await changeTicketSettings(
      deps,
      { ...elsewhere, commandId: randomUUID() },
      { autoCloseDays: 2 },
    );
    await t.running.platform.projections.waitFor(theirs.position!, 10_000);
    expect((await t.gql(DESK, {}, admin)).data).toEqual(before);

    const renamed = await t.gql(
      `mutation($c: ID!) { saveTicketDepartment(commandId: $c, id: "technical", name: "Technical support", active: true) { id name active } }`,
      { c: randomUUID() },
      admin,
    );
    expect(renamed.errors).toBeUndefined();
    expect(renamed.data.saveTicketDepartment).toEqual({
      id: 'technical',
      name: 'Technical support',
      active: true,
    });
    const added = await t.gql(
      `mutation($c: ID!) { saveTicketDepartment(commandId: $c, name: "Abuse", active: true) { id name } }`,
      { c: randomUUID() },
      admin,
    );
    expect(added.errors).toBeUndefined();
    const seen = (await t.gql(TICKET, { id: ticketId }, customer.cookie)).data.ticket;
    expect(seen.department).toEqual({ id: 'technical', name: 'Technical support' });
    const listed = (await t.gql(`{ tickets { id department { name } } }`, {}, admin)).data.tickets;
    expect(listed.find((x: { id: string }) => x.id === ticketId).department.name).toBe(
      'Technical support',
    );
    const after = (await t.gql(`{ ticketDepartments { id name } }`, {}, customer.cookie)).data;
    expect(after.ticketDepartments).toEqual([
      { id: 'sales', name: 'Sales' },
      { id: 'billing', name: 'Billing' },
      { id: 'technical', name: 'Technical support' },
      { id: added.data.saveTicketDepartment.id, name: 'Abuse' },
    ]);
    // Theirs still has its own name, and our rename is not theirs.
    const their = await readScoped(t.running.platform.sql, 'kloudnests', ticketDepartments);
    expect(their.find((d) => d.id === 'technical')?.name).toBe('Their tech');
    expect(their.map((d) => d.name)).not.toContain('Abuse');
  });

  it('canned replies saved, edited and deleted and the auto-close days changed are read back at once', async () => {
    const SAVE = `mutation($c: ID!, $id: ID, $t: String!, $b: String!) { saveCannedReply(commandId: $c, id: $id, title: $t, body: $b) { id title body } }`;
    const first = (
      await t.gql(SAVE, { c: randomUUID(), t: 'Restarted', b: 'We restarted it.' }, admin)
    ).data.saveCannedReply;
    const second = (await t.gql(SAVE, { c: randomUUID(), t: 'Refund', b: 'Refunded.' }, admin)).data
      .saveCannedReply;
    const edited = await t.gql(
      SAVE,
      { c: randomUUID(), id: first.id, t: 'Restarted the host', b: 'We restarted the host.' },
      admin,
    );
    expect(edited.data.saveCannedReply).toEqual({
      id: first.id,
      title: 'Restarted the host',
      body: 'We restarted the host.',
    });
    const deleted = await t.gql(
      `mutation($c: ID!, $id: ID!) { deleteCannedReply(commandId: $c, id: $id) }`,
      { c: randomUUID(), id: second.id },
      admin,
    );
    expect(deleted.data.deleteCannedReply).toBe(true);
    const days = await t.gql(
      `mutation($c: ID!) { changeTicketSettings(commandId: $c, autoCloseDays: 10) { autoCloseDays } }`,
      { c: randomUUID() },
      admin,
    );
    expect(days.data.changeTicketSettings.autoCloseDays).toBe(10);
    const desk = (
      await t.gql(`{ cannedReplies { id title } ticketSettings { autoCloseDays } }`, {}, admin)
    ).data;
    expect(desk).toEqual({
      cannedReplies: [{ id: first.id, title: 'Restarted the host' }],
      ticketSettings: { autoCloseDays: 10 },
    });
  });

  it('offers as assignees the active staff who work tickets (support, admins), not a billing reader', async () => {
    const ADD = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { user { id } } }`;
    const add = async (email: string, name: string, staffRole: string) => {
      const res = await t.gql(
        ADD,
        { input: { commandId: randomUUID(), email, name, staffRole } },
        admin,
      );
      expect(res.errors).toBeUndefined();
      return res.data.addStaffMember.user.id as string;
    };
    const support = await add('sunil.support@akashone.com', 'Sunil Support', 'support');
    const billing = await add('bina.billing@akashone.com', 'Bina Billing', 'billing');
    const ASSIGNEES = `{ ticketAssignees { userId name } }`;
    const listed = await t.gql(ASSIGNEES, {}, admin);
    expect(listed.errors).toBeUndefined();
    const ids = listed.data.ticketAssignees.map((a: { userId: string }) => a.userId);
    expect(ids).toContain(support);
    expect(ids).not.toContain(billing);
    expect(listed.data.ticketAssignees.map((a: { name: string }) => a.name)).toContain(
      'Sunil Support',
    );
    // Assigned to the one offered, the ticket says so.
    const assigned = await t.gql(
      `mutation($c: ID!, $id: ID!, $a: ID) { assignTicket(commandId: $c, ticketId: $id, assigneeId: $a) { assignee { userId name } } }`,
      { c: randomUUID(), id: ticketId, a: support },
      admin,
    );
    expect(assigned.data.assignTicket.assignee).toEqual({ userId: support, name: 'Sunil Support' });
    expect((await t.gql(ASSIGNEES, {}, customer.cookie)).errors?.[0]?.extensions?.code).toBe(
      'FORBIDDEN',
    );
  });

  it('a team member of the account (any account role) sees its tickets and opens one for it; the tickets stay the account’s', async () => {
    const on = await t.gql(
      `mutation($input: SwitchFeatureInput!) { switchFeature(input: $input) { tenantId } }`,
      { input: { commandId: randomUUID(), feature: 'team-accounts', enabled: true } },
      admin,
    );
    expect(on.errors).toBeUndefined();
    const invited = await t.gql(
      `mutation($input: InviteTeamMemberInput!) { inviteTeamMember(input: $input) { id } }`,
      {
        input: {
          commandId: randomUUID(),
          email: 'arun.viewer@example.com',
          name: 'Arun Viewer',
          role: 'viewer',
        },
      },
      customer.cookie,
    );
    expect(invited.errors).toBeUndefined();
    const token = await linkInMailbox(
      t.running.platform.mail.mailbox!,
      'arun.viewer@example.com',
      /\/invite\/([A-Za-z0-9_-]+)/,
    );
    const accepted = await t.gql(
      `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { email } }`,
      { input: { token, password: 'team-member-password-1' } },
    );
    expect(accepted.errors).toBeUndefined();
    const member = await t.signIn('arun.viewer@example.com', 'team-member-password-1');

    const listed = await t.gql(`{ tickets { id accountId } }`, {}, member);
    expect(listed.errors).toBeUndefined();
    expect(listed.data.tickets.map((x: { id: string }) => x.id)).toContain(ticketId);
    expect(
      listed.data.tickets.every((x: { accountId: string }) => x.accountId === customer.id),
    ).toBe(true);
    const opened = await t.gql(
      OPEN,
      { input: openInput({ subject: 'Opened by a team member' }) },
      member,
    );
    expect(opened.errors).toBeUndefined();
    expect(opened.data.openTicket.accountId).toBe(customer.id);
    const id = opened.data.openTicket.id as string;
    const ownerList = await t.gql(`{ tickets { id } }`, {}, customer.cookie);
    expect(ownerList.data.tickets.map((x: { id: string }) => x.id)).toContain(id);
    const elsewhere = await t.gql(TICKET, { id }, other.cookie);
    expect(elsewhere.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('with support tickets switched off the desk answers nothing (FORBIDDEN), for customers and staff', async () => {
    const off = await t.gql(
      `mutation($input: SwitchFeatureInput!) { switchFeature(input: $input) { tenantId } }`,
      { input: { commandId: randomUUID(), feature: 'tickets', enabled: false } },
      admin,
    );
    expect(off.errors).toBeUndefined();
    const before = await eventCount();
    const opened = await t.gql(OPEN, { input: openInput() }, customer.cookie);
    expect(opened.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(opened.errors?.[0]?.message).toMatch(/“Support tickets” is switched off/);
    const listed = await t.gql(`{ tickets { id } }`, {}, admin);
    expect(listed.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(await eventCount()).toBe(before);
  });
});
