import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { startSmtpCatcher, type SmtpCatcher } from '../../server/testing/smtp-catcher.ts';
import { queueMail } from '../../commands/mail/queue-mail.ts';
import { mailStreamId } from '../../domain/mail/events.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { gqlAt, openReseller } from '../access/testing.ts';

/*
 * Admin → Outbox over GraphQL on the whole platform, its mail going to a real SMTP server (the
 * catcher) that refuses when told: each mail's state after a refusal (retrying, failed), the
 * status filter, and resending a failed mail, which the platform's sender delivers again.
 */

const FIELDS = `id to subject status attempts lastError nextRetryAt sentAt sentVia providerMessageId`;
const OUTBOX = `query($s: MailStatus) { outbox(first: 200, status: $s) { ${FIELDS} } }`;
const RESEND = `mutation($c: ID!, $id: ID!) { resendMail(commandId: $c, mailId: $id) { ${FIELDS} } }`;
const HELD = 'held@example.in';

type Mail = {
  id: string;
  to: string;
  status: string;
  attempts: number;
  lastError: string | null;
  nextRetryAt: string | null;
  sentAt: string | null;
  sentVia: string | null;
  providerMessageId: string | null;
};

let t: TestPlatform;
let smtp: SmtpCatcher;
let admin: string;
let customer: string;
/** RCPT TO the held address waits for `release`: its mail stays QUEUED meanwhile. */
const held: (() => void)[] = [];

beforeAll(async () => {
  smtp = await startSmtpCatcher({
    onRcptTo(address, _session, callback) {
      if (address.address === HELD) held.push(() => callback());
      else callback();
    },
  });
  t = await startTestPlatform({ MAIL_SMTP_URL: smtp.url });
  admin = await t.signIn(ADMIN.email, ADMIN.password);
  customer = (await t.customer('meera@example.com', 'Meera Nair')).cookie;
}, 60_000);
afterAll(async () => {
  for (const release of held.splice(0)) release();
  await t?.close();
  await smtp?.close();
});

/** Queues a mail in `tenantId` as the other areas do (the sender picks it up at once). */
async function queue(to: string, tenantId = OPERATOR_TENANT_ID) {
  const mailId = randomUUID();
  await queueMail(
    {
      store: t.running.platform.store,
      now: () => new Date(),
      keys: t.running.platform.identity.keys,
    },
    { tenantId, actor: { userId: 'system', role: 'system' }, commandId: `test:${mailId}` },
    {
      mailId,
      to,
      subject: `Invoice for ${to}`,
      kind: 'invoice-created',
      text: 'Your invoice is ready.',
      secrets: [],
      causedBy: randomUUID(),
    },
  );
  return mailId;
}

async function outbox(status?: string): Promise<Mail[]> {
  const res = await t.gql(OUTBOX, status ? { s: status } : {}, admin);
  expect(res.errors).toBeUndefined();
  return res.data.outbox;
}

/** Polls the outbox until the mail is in `status` (the sender works in the background). */
async function until(mailId: string, status: string, timeoutMs = 10_000): Promise<Mail> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = (await outbox()).find((m) => m.id === mailId);
    if (mail?.status === status) return mail;
    if (Date.now() > deadline)
      throw new Error(`mail ${mailId} is ${mail?.status ?? 'not in the outbox'}, not ${status}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const codeOf = (res: { errors?: any[] }) => res.errors?.[0]?.extensions?.code;

describe('Admin → Outbox over GraphQL', () => {
  let retrying: string;
  let failed: string;

  it('a temporary refusal leaves the mail RETRYING with its attempt, error and next retry', async () => {
    smtp.refuseNext(1, 451);
    const before = Date.now();
    retrying = await queue('asha@example.in');
    const mail = await until(retrying, 'RETRYING');
    expect(mail.attempts).toBe(1);
    expect(mail.lastError).toMatch(/451|temporarily unavailable/i);
    expect(mail.sentAt).toBeNull();
    // The first retry is due a minute after the failed attempt.
    const due = Date.parse(mail.nextRetryAt!);
    expect(due).toBeGreaterThanOrEqual(before + 60_000);
    expect(due).toBeLessThanOrEqual(Date.now() + 60_000);
  });

  it('a permanent refusal leaves it FAILED with the error and no next retry', async () => {
    smtp.refuseNext(1, 550);
    failed = await queue('bina@example.in');
    const mail = await until(failed, 'FAILED');
    expect(mail).toMatchObject({ attempts: 1, nextRetryAt: null, sentAt: null });
    expect(mail.lastError).toMatch(/550|unavailable/i);
  });

  it('status narrows the outbox to one state, newest first by default', async () => {
    const ids = async (s?: string) => (await outbox(s)).map((m) => m.id);
    expect(await ids('FAILED')).toContain(failed);
    expect(await ids('FAILED')).not.toContain(retrying);
    expect(await ids('RETRYING')).toEqual([retrying]);
    expect(await ids('SENT')).not.toContain(failed);
    for (const m of await outbox('SENT')) expect(m.status).toBe('SENT');
    const all = await ids();
    expect(all.indexOf(failed)).toBeLessThan(all.indexOf(retrying));
    const bad = await t.gql(`{ outbox(status: BOUNCED) { id } }`, {}, admin);
    expect(codeOf(bad)).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('resending a FAILED mail delivers it again, and the outbox shows it SENT', async () => {
    const commandId = randomUUID();
    const res = await t.gql(RESEND, { c: commandId, id: failed }, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.resendMail).toMatchObject({ id: failed, status: 'QUEUED', attempts: 0 });
    // The same commandId again is the same resend: one more delivery, not two.
    const again = await t.gql(RESEND, { c: commandId, id: failed }, admin);
    expect(again.errors).toBeUndefined();
    // The platform's sender finds the resend on its next tick (every 15 s).
    const [caught] = await smtp.mailsTo('bina@example.in', 1, 30_000);
    expect(caught!.subject).toBe('Invoice for bina@example.in');
    const mail = await until(failed, 'SENT', 10_000);
    expect(mail.sentVia).toBeTruthy();
    expect(mail.sentAt).not.toBeNull();
    const events = await t.running.platform.store.readStream(mailStreamId(failed));
    expect(events.filter((e) => e.type === 'MailResendRequested')).toHaveLength(1);
  }, 60_000);

  it('a mail still being delivered (QUEUED, or RETRYING) is not resent: CONFLICT, nothing written', async () => {
    const queued = await queue(HELD);
    await until(queued, 'QUEUED');
    await expect.poll(() => held.length).toBe(1); // the SMTP conversation is under way
    for (const id of [queued, retrying]) {
      const before = (await t.running.platform.store.readStream(mailStreamId(id))).length;
      const res = await t.gql(RESEND, { c: randomUUID(), id }, admin);
      expect(codeOf(res)).toBe('CONFLICT');
      expect(res.errors![0].message).toBe(
        'The mail is still being delivered; resend it once it is sent or failed.',
      );
      expect((await t.running.platform.store.readStream(mailStreamId(id))).length).toBe(before);
    }
    held.shift()!();
    await until(queued, 'SENT');
  });

  it('another tenant’s mail, and an id that is no mail, are NOT_FOUND', async () => {
    const superAdmin = await t.signIn(ADMIN.email, ADMIN.password);
    const reseller = await openReseller(t, superAdmin, 'kloudnests', 'kloudnests.localhost');
    const theirs = await queue('zoya@example.in', 'kloudnests');
    const sent = await smtp.mailsTo('zoya@example.in');
    expect(sent).toHaveLength(1);
    expect((await outbox()).map((m) => m.id)).not.toContain(theirs);
    const before = (await t.running.platform.store.readStream(mailStreamId(theirs))).length;
    for (const id of [theirs, randomUUID(), 'not-a-mail']) {
      const res = await t.gql(RESEND, { c: randomUUID(), id }, admin);
      expect(codeOf(res)).toBe('NOT_FOUND');
    }
    expect((await t.running.platform.store.readStream(mailStreamId(theirs))).length).toBe(before);
    // Their own admin, on their host, sees it and may resend it.
    const own = await gqlAt(t, 'kloudnests.localhost', OUTBOX, {}, reseller.admin);
    expect(own.data.outbox.map((m: Mail) => m.id)).toContain(theirs);
  });

  it('a customer may neither read the outbox nor resend: FORBIDDEN', async () => {
    expect(codeOf(await t.gql(OUTBOX, {}, customer))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(RESEND, { c: randomUUID(), id: failed }, customer))).toBe(
      'FORBIDDEN',
    );
    expect(codeOf(await t.gql(RESEND, { c: randomUUID(), id: failed }))).toBe('UNAUTHENTICATED');
  });
});
