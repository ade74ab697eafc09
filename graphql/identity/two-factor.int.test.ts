import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { accountTesting } from '../../server/testing/accounts.ts';
import { totpCode } from '../../commands/identity/totp.ts';

let t: TestPlatform;
let h: ReturnType<typeof accountTesting>;
/**
 * The server's clock starts at the beginning of a time step and runs with real time (the file
 * takes a few seconds of the step's 30), moving a whole step on when a test says so. On the
 * wall clock, a step boundary crossed between two tests now and then turned a "replayed" code
 * into a fresh one.
 */
const startedAt = Date.now();
const start = Math.ceil(startedAt / 30_000) * 30_000 + 500;
let offset = 0;
const clock = () => start + (Date.now() - startedAt) + offset;
const serverNow = () => new Date(clock());
const nextStep = () => (offset += 30_000);
const codeNow = (secret: string, steps = 0) => totpCode(secret, new Date(clock() + steps * 30_000));

const SETUP = `mutation { startTwoFactorSetup { secret otpauthUri qrCodeDataUrl startedAt } }`;
const CONFIRM = `mutation($c:String!){ confirmTwoFactorSetup(code:$c){ recoveryCodes viewer { id } } }`;
const COMPLETE = `mutation($ch:String!,$c:String!){ completeSignIn(challenge:$ch, code:$c){ id email } }`;
const DISABLE = `mutation($p:String!,$c:String!){ disableTwoFactor(password:$p, code:$c){ id } }`;
const REGENERATE = `mutation($c:String!){ regenerateRecoveryCodes(code:$c){ codes } }`;
const SECURITY = `query { accountSecurity { twoFactorEnabled recoveryCodesLeft twoFactorRequiredBy emailVerified } }`;
const ME = `query { me { id email twoFactorEnabled } }`;

const PASSWORD = 'a long secret phrase';
let user: { cookie: string; id: string };
let secret = '';
let recovery: string[] = [];

const signIn = () => h.gql(h.SIGN_IN, { e: 'tara@example.com', p: PASSWORD });

beforeAll(async () => {
  t = await startTestPlatform();
  h = accountTesting(t);
  t.running.platform.identity.now = serverNow;
  user = await h.newCustomer('tara@example.com', PASSWORD, 'Tara');
});
afterAll(async () => t?.close());

describe('setting up an authenticator', () => {
  it('shows a QR code and the secret; the secret is sealed in the log, never in clear', async () => {
    const res = await h.gql(SETUP, {}, { cookie: user.cookie });
    expect(res.errors).toBeUndefined();
    const setup = res.data.startTwoFactorSetup;
    expect(setup.secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(setup.otpauthUri).toBe(
      `otpauth://totp/AkashOne.com:tara%40example.com?secret=${setup.secret}&period=30&digits=6&algorithm=SHA1&issuer=AkashOne.com`,
    );
    expect(setup.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/);
    secret = setup.secret;
    const leaks = await t.running.platform
      .sql`select type from eventlog.events where data::text like ${`%${secret}%`} or metadata::text like ${`%${secret}%`}`;
    expect(leaks).toEqual([]);
    const [started] = await t.running.platform
      .sql`select data from eventlog.events where type = 'TwoFactorSetupStarted' and data->>'userId' = ${user.id}`;
    expect(started!.data.secretSealed).toMatch(/^v1\./);
  });

  it('a wrong code is refused and writes nothing', async () => {
    const before = await h.eventCount();
    const wrong = await h.gql(CONFIRM, { c: codeNow(secret, 3) }, { cookie: user.cookie });
    expect(wrong.errors![0]).toMatchObject({
      extensions: { code: 'BAD_USER_INPUT', issues: [{ path: ['code'] }] },
    });
    expect(
      (await h.gql(CONFIRM, { c: 'abcdef' }, { cookie: user.cookie })).errors![0]!.extensions.code,
    ).toBe('BAD_USER_INPUT');
    expect(await h.eventCount()).toBe(before);
  });

  it('a code from the app turns it on: ten recovery codes shown once, a new session id, the others ended', async () => {
    const other = h.sessionCookieOf(await signIn())!;
    const res = await h.gql(CONFIRM, { c: codeNow(secret) }, { cookie: user.cookie });
    expect(res.errors).toBeUndefined();
    recovery = res.data.confirmTwoFactorSetup.recoveryCodes;
    expect(recovery).toHaveLength(10);
    expect(new Set(recovery).size).toBe(10);
    const renewed = h.sessionCookieOf(res)!;
    expect(renewed).toBeTruthy();
    expect(renewed).not.toBe(user.cookie);
    expect((await h.gql(ME, {}, { cookie: user.cookie })).data.me).toBeNull();
    expect((await h.gql(ME, {}, { cookie: other })).data.me).toBeNull();
    expect((await h.gql(ME, {}, { cookie: renewed })).data.me).toMatchObject({
      email: 'tara@example.com',
      twoFactorEnabled: true,
    });
    user.cookie = renewed;
    expect((await h.gql(SECURITY, {}, { cookie: renewed })).data.accountSecurity).toEqual({
      twoFactorEnabled: true,
      recoveryCodesLeft: 10,
      twoFactorRequiredBy: null,
      emailVerified: true,
    });
    const log = await t.running.platform
      .sql`select data::text as d from eventlog.events where type = 'TwoFactorEnabled'`;
    for (const code of recovery) expect(log[0]!.d).not.toContain(code);
    expect((await h.mailsTo('tara@example.com')).at(-1)!.subject).toBe(
      'AkashOne.com: two-factor authentication turned on',
    );
  });
});

describe('signing in with two factors', () => {
  it('the password alone gives no session, only a challenge for the code', async () => {
    const res = await signIn();
    expect(res.data.signIn).toMatchObject({ next: 'TOTP', viewer: null });
    expect(res.data.signIn.challenge).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(res.cookies.sid).toBeUndefined();
  });

  it('a code is accepted once: the step used to turn it on, or to sign in, is refused again', async () => {
    const replayed = await h.gql(COMPLETE, {
      ch: (await signIn()).data.signIn.challenge,
      c: codeNow(secret),
    });
    expect(replayed.errors![0]!.message).toMatch(/already used/);
    expect(replayed.cookies.sid).toBeUndefined();

    nextStep();
    const code = codeNow(secret);
    const ok = await h.gql(COMPLETE, { ch: (await signIn()).data.signIn.challenge, c: code });
    expect(ok.errors).toBeUndefined();
    expect(ok.data.completeSignIn.email).toBe('tara@example.com');
    expect(h.sessionCookieOf(ok)).toBeTruthy();
    const again = await h.gql(COMPLETE, { ch: (await signIn()).data.signIn.challenge, c: code });
    expect(again.errors![0]!.message).toMatch(/already used/);
  });

  it('the same code sent at once from two sign-ins opens one session', async () => {
    nextStep();
    const code = codeNow(secret);
    const challenges = [
      (await signIn()).data.signIn.challenge,
      (await signIn()).data.signIn.challenge,
      (await signIn()).data.signIn.challenge,
    ];
    const answers = await Promise.all(challenges.map((ch) => h.gql(COMPLETE, { ch, c: code })));
    expect(answers.filter((a) => !a.errors)).toHaveLength(1);
    for (const a of answers.filter((x) => x.errors))
      expect(a.errors![0]!.message).toMatch(/already used/);
    expect(answers.filter((a) => a.cookies.sid)).toHaveLength(1);
  });

  it('allows one step of drift, not two', async () => {
    nextStep();
    const ahead = await h.gql(COMPLETE, {
      ch: (await signIn()).data.signIn.challenge,
      c: codeNow(secret, 1),
    });
    expect(ahead.errors).toBeUndefined();
    nextStep();
    nextStep();
    const far = await h.gql(COMPLETE, {
      ch: (await signIn()).data.signIn.challenge,
      c: codeNow(secret, 3),
    });
    expect(far.errors![0]!.message).toMatch(/not right/);
  });

  it('a recovery code works once', async () => {
    const ok = await h.gql(COMPLETE, {
      ch: (await signIn()).data.signIn.challenge,
      c: recovery[0]!.toUpperCase(),
    });
    expect(ok.errors).toBeUndefined();
    const again = await h.gql(COMPLETE, {
      ch: (await signIn()).data.signIn.challenge,
      c: recovery[0]!,
    });
    expect(again.errors![0]!.message).toMatch(/already used/);
    expect(
      (await h.gql(SECURITY, {}, { cookie: user.cookie })).data.accountSecurity.recoveryCodesLeft,
    ).toBe(9);
  });

  it('five wrong codes end the challenge; a made-up challenge is refused', async () => {
    const challenge = (await signIn()).data.signIn.challenge;
    for (let i = 0; i < 5; i++) {
      const res = await h.gql(COMPLETE, { ch: challenge, c: '000000' });
      expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    }
    nextStep();
    const late = await h.gql(COMPLETE, { ch: challenge, c: codeNow(secret) });
    expect(late.errors![0]).toMatchObject({ extensions: { code: 'UNAUTHENTICATED' } });
    expect(late.errors![0]!.message).toMatch(/sign in again\.$/);
    expect(
      (await h.gql(COMPLETE, { ch: 'x'.repeat(43), c: codeNow(secret) })).errors![0]!.extensions
        .code,
    ).toBe('UNAUTHENTICATED');
  });

  it('refuses two code fields in one request (aliases cannot multiply guesses)', async () => {
    const challenge = (await signIn()).data.signIn.challenge;
    const res = await h.gql(
      `mutation($ch:String!){ a: completeSignIn(challenge:$ch, code:"111111"){ id } b: completeSignIn(challenge:$ch, code:"222222"){ id } }`,
      { ch: challenge },
    );
    expect(res.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(res.errors![0]!.message).toMatch(/At most one/);
    const mixed = await h.gql(
      `mutation { a: signIn(email:"x@y.z", password:"p"){ next } b: requestPasswordReset(email:"x@y.z"){ email } }`,
    );
    expect(mixed.errors![0]!.message).toMatch(/At most one/);
  });
});

describe('recovery codes and turning it off', () => {
  it('new recovery codes need a code and replace the old ones', async () => {
    nextStep();
    const res = await h.gql(REGENERATE, { c: codeNow(secret) }, { cookie: user.cookie });
    expect(res.errors).toBeUndefined();
    const fresh = res.data.regenerateRecoveryCodes.codes as string[];
    expect(fresh).toHaveLength(10);
    expect(fresh).not.toContain(recovery[1]);
    const old = await h.gql(COMPLETE, {
      ch: (await signIn()).data.signIn.challenge,
      c: recovery[1]!,
    });
    expect(old.errors![0]!.message).toMatch(/not right/);
    recovery = fresh;
  });

  it('turning it off needs the password and a code; nothing is written on a refusal', async () => {
    const before = await h.eventCount();
    nextStep();
    const noPassword = await h.gql(
      DISABLE,
      { p: 'wrong password here', c: codeNow(secret) },
      { cookie: user.cookie },
    );
    expect(noPassword.errors![0]!.extensions.issues).toEqual([
      { path: ['password'], message: 'This is not your password.' },
    ]);
    const noCode = await h.gql(DISABLE, { p: PASSWORD, c: '123456' }, { cookie: user.cookie });
    expect(noCode.errors![0]!.extensions.issues![0]!.path).toEqual(['code']);
    expect(await h.eventCount()).toBe(before);

    const off = await h.gql(DISABLE, { p: PASSWORD, c: codeNow(secret) }, { cookie: user.cookie });
    expect(off.errors).toBeUndefined();
    expect(h.sessionCookieOf(off)).not.toBe(user.cookie);
    user.cookie = h.sessionCookieOf(off)!;
    expect((await signIn()).data.signIn.next).toBe('DONE');
    expect((await h.gql(SECURITY, {}, { cookie: user.cookie })).data.accountSecurity).toMatchObject(
      { twoFactorEnabled: false, recoveryCodesLeft: 0 },
    );
  });
});

describe('staff and two-factor', () => {
  it('staff see the deadline of their grace period', async () => {
    const admin = await t.signIn(ADMIN.email, ADMIN.password);
    const due = (await h.gql(SECURITY, {}, { cookie: admin })).data.accountSecurity
      .twoFactorRequiredBy;
    expect(Date.parse(due) - Date.now()).toBeGreaterThan(6.9 * 86_400_000);
    expect(
      (await h.gql(SECURITY, {}, { cookie: user.cookie })).data.accountSecurity.twoFactorRequiredBy,
    ).toBeNull();
  });

  it('after the grace period, staff sign-in goes to a forced set-up that ends in a session', async () => {
    const strict = await startTestPlatform({ STAFF_2FA_GRACE_DAYS: '0' });
    try {
      const s = accountTesting(strict);
      const held = await s.gql(s.SIGN_IN, { e: ADMIN.email, p: ADMIN.password });
      expect(held.data.signIn).toMatchObject({ next: 'TOTP_SETUP', viewer: null });
      expect(held.cookies.sid).toBeUndefined();
      const challenge = held.data.signIn.challenge;
      const setup = await s.gql(
        `mutation($ch:String!){ startHeldTwoFactorSetup(challenge:$ch){ secret } }`,
        { ch: challenge },
      );
      const adminSecret = setup.data.startHeldTwoFactorSetup.secret;
      const CONFIRM_HELD = `mutation($ch:String!,$c:String!){ confirmHeldTwoFactorSetup(challenge:$ch, code:$c){ recoveryCodes viewer { email role } } }`;
      const wrong = await s.gql(CONFIRM_HELD, { ch: challenge, c: '000000' });
      expect(wrong.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
      const done = await s.gql(CONFIRM_HELD, {
        ch: challenge,
        c: totpCode(adminSecret, new Date()),
      });
      expect(done.errors).toBeUndefined();
      expect(done.data.confirmHeldTwoFactorSetup).toMatchObject({
        viewer: { email: ADMIN.email, role: 'ADMIN' },
      });
      expect(done.data.confirmHeldTwoFactorSetup.recoveryCodes).toHaveLength(10);
      const cookie = s.sessionCookieOf(done)!;
      expect(
        (await s.gql(`query { me { email twoFactorEnabled } }`, {}, { cookie })).data.me,
      ).toEqual({ email: ADMIN.email, twoFactorEnabled: true });
      expect(
        (
          await s.gql(CONFIRM_HELD, {
            ch: challenge,
            c: totpCode(adminSecret, new Date(Date.now() + 30_000)),
          })
        ).errors![0]!.extensions.code,
      ).toBe('UNAUTHENTICATED');
      // From now on the admin signs in with a code like anyone else.
      expect((await s.gql(s.SIGN_IN, { e: ADMIN.email, p: ADMIN.password })).data.signIn.next).toBe(
        'TOTP',
      );
    } finally {
      await strict.close();
    }
  });
});
