import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { accountTesting } from '../../server/testing/accounts.ts';
import { totpCode } from '../../commands/identity/totp.ts';
import { cmd, code, firstSignInAt, gqlAt, openReseller, signInAt } from './testing.ts';

const OP = 'akashone.localhost';
const RESET = `mutation($input: ResetUserTwoFactorInput!) { resetUserTwoFactor(input: $input) { id email status } }`;
const USER = `query($id: ID!) { user(id: $id) { account { twoFactorEnabled } activity { kind detail actor { id name } } } }`;
const ADD_STAFF = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { user { id } initialPassword } }`;
const SETUP = `mutation { startTwoFactorSetup { secret } }`;
const CONFIRM = `mutation($c:String!){ confirmTwoFactorSetup(code:$c){ recoveryCodes } }`;
const ME = `{ me { id twoFactorEnabled } }`;

let t: TestPlatform;
let h: ReturnType<typeof accountTesting>;
let admin: string;
let adminId: string;
/** The server's clock runs `offset` ms ahead, so each code below is of a new time step. */
let offset = 0;
const nextCode = (secret: string) => totpCode(secret, new Date(Date.now() + (offset += 30_000)));

beforeAll(async () => {
  t = await startTestPlatform();
  h = accountTesting(t);
  t.running.platform.identity.now = () => new Date(Date.now() + offset);
  admin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
  adminId = (await gqlAt(t, OP, ME, {}, admin)).data.me.id;
});
afterAll(async () => t?.close());

/** Turns two-factor on for a signed-in person; returns their renewed session cookie. */
async function enableTwoFactor(cookie: string): Promise<string> {
  const secret = (await h.gql(SETUP, {}, { cookie })).data.startTwoFactorSetup.secret as string;
  const done = await h.gql(CONFIRM, { c: nextCode(secret) }, { cookie });
  expect(done.errors).toBeUndefined();
  return h.sessionCookieOf(done)!;
}

async function staff(email: string, staffRole: string) {
  const added = await gqlAt(
    t,
    OP,
    ADD_STAFF,
    { input: { commandId: cmd(), email, name: email.split('@')[0], staffRole } },
    admin,
  );
  if (added.errors) throw new Error(JSON.stringify(added.errors));
  const { user, initialPassword } = added.data.addStaffMember;
  const password = `${initialPassword}-own`;
  return {
    id: user.id as string,
    email,
    password,
    cookie: await firstSignInAt(t, OP, email, initialPassword, password),
  };
}

const reset = (
  userId: string,
  cookie: string,
  reason = 'Lost phone; identity checked on a call',
  commandId = cmd(),
) => gqlAt(t, OP, RESET, { input: { commandId, userId, reason } }, cookie);

describe('support resets a user’s two-factor authentication', () => {
  it('turns it off with who and why, ends the sessions, mails the user; the password alone signs in and it can be turned on again', async () => {
    const c = await h.newCustomer(
      'lost.phone@example.com',
      'a lost phone passphrase',
      'Lena Fernandes',
    );
    const cookie = await enableTwoFactor(c.cookie);
    expect(
      (await h.gql(h.SIGN_IN, { e: 'lost.phone@example.com', p: 'a lost phone passphrase' })).data
        .signIn.next,
    ).toBe('TOTP');

    const res = await reset(c.id, admin);
    expect(res.errors).toBeUndefined();
    expect(res.data.resetUserTwoFactor).toEqual({
      id: c.id,
      email: 'lost.phone@example.com',
      status: 'ACTIVE',
    });

    const [event] = await t.running.platform
      .sql`select data, metadata from eventlog.events where type = 'TwoFactorReset' and data->>'userId' = ${c.id}`;
    expect(event!.data).toMatchObject({
      userId: c.id,
      resetBy: adminId,
      reason: 'Lost phone; identity checked on a call',
    });
    expect(event!.metadata.actor).toMatchObject({ userId: adminId, role: 'admin' });

    const detail = (await gqlAt(t, OP, USER, { id: c.id }, admin)).data.user;
    expect(detail.account.twoFactorEnabled).toBe(false);
    expect(detail.activity).toContainEqual({
      kind: 'TwoFactorReset',
      detail:
        'Two-factor authentication reset by staff, every session signed out: Lost phone; identity checked on a call',
      actor: { id: adminId, name: 'Administrator' },
    });
    expect((await h.gql(ME, {}, { cookie })).data.me).toBeNull();

    const mail = (await h.mailsTo('lost.phone@example.com')).at(-1)!;
    expect(mail.subject).toBe('AkashOne.com: two-factor authentication was turned off by support');
    expect(mail.body).toMatch(/Hello Lena Fernandes,/);
    expect(mail.body).toMatch(
      /turned off two-factor authentication for your AkashOne\.com account on \d{1,2} \w{3} \d{4}, \d{2}:\d{2} IST/,
    );
    expect(mail.body).toMatch(
      /turn two-factor authentication on again: http:\/\/akashone\.localhost(:\d+)?\/account\/security/,
    );
    expect(mail.body).toMatch(/If you did not ask for this, contact support/);
    expect(mail.body).not.toContain('identity checked'); // the staff's reason stays in the activity log

    const signedIn = await h.gql(h.SIGN_IN, {
      e: 'lost.phone@example.com',
      p: 'a lost phone passphrase',
    });
    expect(signedIn.data.signIn.next).toBe('DONE');
    const fresh = await enableTwoFactor(h.sessionCookieOf(signedIn)!);
    expect((await h.gql(ME, {}, { cookie: fresh })).data.me).toEqual({
      id: c.id,
      twoFactorEnabled: true,
    });
    expect(
      (await h.gql(h.SIGN_IN, { e: 'lost.phone@example.com', p: 'a lost phone passphrase' })).data
        .signIn.next,
    ).toBe('TOTP');
  });

  it('the same commandId twice has one effect and the first answer; a later sign-in is left alone', async () => {
    const c = await h.newCustomer('twice@example.com', 'sent again by a retry');
    await enableTwoFactor(c.cookie);
    const id = cmd();
    expect((await reset(c.id, admin, 'Lost phone, twice sent', id)).errors).toBeUndefined();
    const after = h.sessionCookieOf(
      await h.gql(h.SIGN_IN, { e: 'twice@example.com', p: 'sent again by a retry' }),
    )!;
    const again = await reset(c.id, admin, 'Lost phone, twice sent', id);
    expect(again.errors).toBeUndefined();
    expect(again.data.resetUserTwoFactor.id).toBe(c.id);
    expect((await h.gql(ME, {}, { cookie: after })).data.me.id).toBe(c.id);
    const events = await t.running.platform
      .sql`select event_id from eventlog.events where type = 'TwoFactorReset' and data->>'userId' = ${c.id}`;
    expect(events).toHaveLength(1);
    const mails = (await h.mailsTo('twice@example.com')).filter((m) =>
      m.subject.includes('turned off by support'),
    );
    expect(mails).toHaveLength(1);
    expect(code(await reset(c.id, admin, 'Another reason entirely', id))).toBe('CONFLICT');
  });

  it('refuses when two-factor is not on, a bad reason, and one’s own account', async () => {
    const c = await t.customer('no.2fa@example.com');
    const none = await reset(c.id, admin);
    expect(code(none)).toBe('CONFLICT');
    expect(none.errors![0].message).toMatch(
      /Two-factor authentication is not on for this account./,
    );
    const short = await reset(c.id, admin, ' x ');
    expect(short.errors![0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      issues: [{ path: ['reason'] }],
    });
    expect(code(await reset(c.id, admin, 'x'.repeat(501)))).toBe('BAD_USER_INPUT');
    expect(code(await reset(c.id, admin, 'bad\u0000reason'))).toBe('BAD_USER_INPUT');
    expect(code(await reset('not-an-id', admin))).toBe('BAD_USER_INPUT');
    expect(code(await reset('00000000-0000-4000-8000-000000000000', admin))).toBe('NOT_FOUND');
    expect(code(await reset(adminId, admin))).toBe('FORBIDDEN');
  });

  it('needs users.manage; support cannot reset someone who holds more; customers are refused', async () => {
    const c = await h.newCustomer('guarded@example.com', 'kept safe by a phone');
    const cookie = await enableTwoFactor(c.cookie);
    const billing = await staff('billing.clerk@akashone.com', 'billing');
    const support = await staff('support.agent@akashone.com', 'support');
    const owner = await staff('deputy.owner@akashone.com', 'tenant_admin');
    await enableTwoFactor(owner.cookie);
    const other = await h.newCustomer('neighbour@example.com', 'lives next door quietly');

    const refusal = await reset(c.id, billing.cookie);
    expect(code(refusal)).toBe('FORBIDDEN');
    expect(refusal.errors![0].message).toMatch(/users\.manage/);
    expect(code(await reset(c.id, other.cookie))).toBe('FORBIDDEN');
    expect(code(await reset(owner.id, support.cookie))).toBe('FORBIDDEN');
    expect(
      code(
        await gqlAt(t, OP, RESET, {
          input: { commandId: cmd(), userId: c.id, reason: 'anonymous try' },
        }),
      ),
    ).toBe('UNAUTHENTICATED');
    expect((await h.gql(ME, {}, { cookie })).data.me).toEqual({ id: c.id, twoFactorEnabled: true });

    expect((await reset(c.id, support.cookie)).errors).toBeUndefined();
  });

  it('another tenant’s user is not found, either way', async () => {
    const b = await openReseller(t, admin, 'kloudnests', 'kloudnests.localhost');
    const adminB = (await gqlAt(t, 'kloudnests.localhost', ME, {}, b.admin)).data.me.id;
    const c = await h.newCustomer('tenant.a@example.com', 'a tenant a passphrase');
    const cookie = await enableTwoFactor(c.cookie);
    expect(code(await reset(adminB, admin))).toBe('NOT_FOUND');
    const fromB = await gqlAt(
      t,
      'kloudnests.localhost',
      RESET,
      { input: { commandId: cmd(), userId: c.id, reason: 'not my customer' } },
      b.admin,
    );
    expect(code(fromB)).toBe('NOT_FOUND');
    expect((await h.gql(ME, {}, { cookie })).data.me).toEqual({ id: c.id, twoFactorEnabled: true });
  });

  it('staff whose two-factor was reset must set it up again before their next sign-in completes', async () => {
    const s = await staff('reset.staff@akashone.com', 'billing');
    await enableTwoFactor(s.cookie);
    expect((await reset(s.id, admin, 'New phone; old one lost')).errors).toBeUndefined();
    const held = await h.gql(h.SIGN_IN, { e: s.email, p: s.password });
    expect(held.data.signIn).toMatchObject({ next: 'TOTP_SETUP', viewer: null });
    expect(h.sessionCookieOf(held)).toBeNull();
    const mail = (await h.mailsTo(s.email)).at(-1)!;
    expect(mail.body).toMatch(
      /At your next sign-in you will be asked to set up an authenticator again/,
    );
  });
});
