import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../server/bootstrap.ts';
import { accountTesting } from '../../server/testing/accounts.ts';
import { linkInMailbox, mailsInMailbox, parseEml } from '../../server/testing/mailbox.ts';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';

let t: TestPlatform;
let h: ReturnType<typeof accountTesting>;
let support: string;
const SUPPORT = { email: 'support-agent@akashone.com', password: 'support agent passphrase' };
const REQUEST_RESET = `mutation($e:String!){ requestPasswordReset(email:$e){ email } }`;
const RESET = `mutation($t:String!,$p:String!){ resetPassword(token:$t,password:$p){ email } }`;
const OUTBOX = `{ outbox(first: 200) { id to subject kind text status sentAt sentVia causedBy } }`;
const RESET_LINK = /(https?:\/\/\S+\/reset-password\?token=([A-Za-z0-9_-]+))/;

beforeAll(async () => {
  t = await startTestPlatform();
  h = accountTesting(t);
  const made = await ensureUser(
    { store: t.running.platform.store, now: () => new Date(), bcryptCost: 10 },
    'test:support',
    {
      email: SUPPORT.email,
      name: 'Support Agent',
      role: 'admin',
      staffRole: 'support',
      password: SUPPORT.password,
    },
  );
  await t.running.platform.projections.waitFor(made!.position, 10_000);
  const signedIn = await h.gql(
    h.SIGN_IN,
    { e: SUPPORT.email, p: SUPPORT.password },
    { ip: '198.51.100.7' },
  );
  expect(signedIn.errors).toBeUndefined();
  support = h.sessionCookieOf(signedIn)!;
});
afterAll(async () => t?.close());

describe('no staff member sees a secret a mail carries (issue 9, item 1)', () => {
  it('support asks a reset for the super admin and reads the outbox: the link is hidden; only the mailbox has it', async () => {
    expect(
      (await h.gql(REQUEST_RESET, { e: ADMIN.email }, { ip: '203.0.113.66' })).errors,
    ).toBeUndefined();
    await h.settled();
    // The mail as the super admin gets it: the .eml on disk.
    const [link, token] = RESET_LINK.exec(
      (await mailsInMailbox(t.running.platform.mail.mailbox!, ADMIN.email)).at(-1)!.text,
    )!.slice(1) as [string, string];

    const outbox = await h.gql(OUTBOX, {}, { cookie: support, ip: '198.51.100.7' });
    expect(outbox.errors).toBeUndefined();
    const mail = (outbox.data.outbox as { to: string; kind: string; text: string }[]).find(
      (m) => m.to === ADMIN.email,
    )!;
    expect(mail).toMatchObject({
      kind: 'reset-password',
      subject: 'AkashOne.com: reset your password',
    });
    expect(mail.text).toContain('[link hidden]');
    expect(JSON.stringify(outbox)).not.toContain(token);
    // Nor in the read model, the event log's readable data, or any admin page's GraphQL.
    expect(
      JSON.stringify(await t.running.platform.sql`select * from rm_mail.outbox`),
    ).not.toContain(token);
    expect(
      JSON.stringify(await t.running.platform.sql`select data, metadata from eventlog.events`),
    ).not.toContain(token);
    for (const q of [
      '{ activity(first: 200) { id kind summary } }',
      '{ customers { id email } }',
    ]) {
      const res = await h.gql(q, {}, { cookie: support, ip: '198.51.100.7' });
      expect(JSON.stringify(res)).not.toContain(token);
    }

    // The attack's last step fails for support (no token); the owner's link still works.
    expect(link.startsWith('http://akashone.localhost:3000/reset-password?token=')).toBe(true);
    expect(
      (await h.gql(RESET, { t: token, p: 'seven quiet harbours at sea' }, { ip: '203.0.113.67' }))
        .errors,
    ).toBeUndefined();
    const back = await h.gql(
      h.SIGN_IN,
      { e: ADMIN.email, p: 'seven quiet harbours at sea' },
      { ip: '203.0.113.67' },
    );
    expect(back.errors).toBeUndefined();
  });

  it('each mail is one MIME .eml under DATA_DIR/mail, readable by its owner only, and the outbox says it was sent', async () => {
    await h.newCustomer('meera@example.com', 'a calm blue river at dusk', 'Meera Iyer');
    const dir = t.running.platform.mail.mailbox!;
    expect(dir).toBe(path.resolve(t.running.platform.settings.DATA_DIR, 'mail'));
    const [mail] = await mailsInMailbox(dir, 'meera@example.com');
    // A MIME message as a mail program reads it: the brand's sender, one recipient, the subject,
    // a Date and a Message-ID of the mail's own id, a text part and the HTML one.
    const parsed = await parseEml(await readFile(mail!.file), mail!.file);
    expect(parsed.from).toMatch(/^"?AkashOne\.com"? <[^>]+@[^>]+>$/);
    expect(parsed.to).toBe('meera@example.com');
    expect(parsed.subject).toBe('AkashOne.com: confirm your email address');
    expect(parsed.headers.get('message-id')).toMatch(new RegExp(`^<${mail!.mailId}@[^>]+>$`));
    expect(parsed.headers.get('date')).toBeInstanceOf(Date);
    expect(parsed.text).toMatch(/^Hello Meera Iyer,\n/);
    expect(parsed.html).toContain('Meera Iyer');
    expect((await stat(mail!.file)).mode & 0o077).toBe(0);
    await expect
      .poll(
        async () =>
          (
            (await h.gql(OUTBOX, {}, { cookie: support, ip: '198.51.100.7' })).data.outbox as {
              id: string;
              status: string;
              sentVia: string;
            }[]
          ).find((m) => m.id === mail!.mailId),
        { timeout: 10_000 },
      )
      .toMatchObject({ status: 'SENT', sentVia: 'mailbox', kind: 'verify-email' });
    expect((await readdir(dir)).filter((n) => n.startsWith(mail!.mailId))).toEqual([
      `${mail!.mailId}.eml`,
    ]);
  });
});

describe('mailed links (issue 9, item 10)', () => {
  it("come from the tenant's public address, not from a forged Host or port", async () => {
    await h.newCustomer('ravi@example.com', 'a calm green river at noon', 'Ravi');
    await h.gql(
      REQUEST_RESET,
      { e: 'ravi@example.com' },
      { ip: '203.0.113.80', host: 'localhost:6666' },
    );
    await h.settled();
    const link = await linkInMailbox(
      t.running.platform.mail.mailbox!,
      'ravi@example.com',
      RESET_LINK,
    );
    expect(link).toMatch(/^http:\/\/akashone\.localhost:3000\/reset-password\?token=/);
  });

  it('a new reset link makes the older one invalid', async () => {
    await h.newCustomer('anil@example.com', 'a calm grey river at dawn', 'Anil');
    await h.gql(REQUEST_RESET, { e: 'anil@example.com' }, { ip: '203.0.113.81' });
    const first = await h.tokenFor('anil@example.com', '/reset-password');
    await h.gql(REQUEST_RESET, { e: 'anil@example.com' }, { ip: '203.0.113.81' });
    const second = await h.tokenFor('anil@example.com', '/reset-password');
    expect(second).not.toBe(first);
    const old = await h.gql(
      RESET,
      { t: first, p: 'seven loud harbours inland' },
      { ip: '203.0.113.82' },
    );
    expect(old.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(
      (await h.gql(RESET, { t: second, p: 'seven loud harbours inland' }, { ip: '203.0.113.82' }))
        .errors,
    ).toBeUndefined();
  });
});
