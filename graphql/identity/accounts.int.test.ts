import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { accountTesting } from '../../server/testing/accounts.ts';

let t: TestPlatform;
let h: ReturnType<typeof accountTesting>;

const RESEND = `mutation($e:String!){ resendVerificationEmail(email:$e){ email } }`;
const FORGOT = `mutation($e:String!){ requestPasswordReset(email:$e){ email } }`;
const RESET = `mutation($t:String!,$p:String!){ resetPassword(token:$t, password:$p){ email } }`;
const CHANGE = `mutation($input: ChangePasswordInput!){ changePassword(input:$input){ id } }`;
const ME = `query { me { id email name } }`;

const register = (
  email: string,
  password = 'a fine long passphrase',
  name = 'Asha Verma',
  ip?: string,
) =>
  h.gql(
    h.REGISTER,
    { input: { commandId: randomUUID(), email, name, password } },
    ip ? { ip } : {},
  );
const signIn = (email: string, password: string, ip?: string) =>
  h.gql(h.SIGN_IN, { e: email, p: password }, ip ? { ip } : {});
const issuesOf = (a: { errors?: { extensions: { issues?: { path: string[] }[] } }[] }) =>
  a.errors?.[0]?.extensions.issues?.map((i) => i.path.join('.'));

beforeAll(async () => {
  t = await startTestPlatform();
  h = accountTesting(t);
});
afterAll(async () => t?.close());

describe('registration and email confirmation', () => {
  it('registers, mails a single-use link, and sign-in waits for the confirmation', async () => {
    const reg = await register('meera@example.com');
    expect(reg.errors).toBeUndefined();
    expect(reg.data.register).toEqual({ email: 'meera@example.com' });
    expect(reg.cookies.sid).toBeUndefined();
    const [mail] = await h.mailsTo('meera@example.com');
    expect(mail!.subject).toBe('AkashOne.com: confirm your email address');
    expect(mail!.body).toMatch(/expires in 24 hours/);

    const early = await signIn('meera@example.com', 'a fine long passphrase');
    expect(early.data.signIn).toMatchObject({
      next: 'VERIFY_EMAIL',
      viewer: null,
      challenge: null,
    });
    expect(early.cookies.sid).toBeUndefined();

    const token = await h.tokenFor('meera@example.com', '/verify-email');
    const verified = await h.gql(h.VERIFY, { t: token });
    expect(verified.data.verifyEmail).toEqual({ email: 'meera@example.com' });
    const again = await h.gql(h.VERIFY, { t: token });
    expect(again.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    expect(again.errors![0]!.message).toMatch(/already used/);

    const now = await signIn('meera@example.com', 'a fine long passphrase');
    expect(now.data.signIn.next).toBe('DONE');
    expect(h.sessionCookieOf(now)).toBeTruthy();
  });

  it('an email that has an account answers exactly like a new one, mails its owner and changes nothing', async () => {
    await h.newCustomer('ravi@example.com', 'original secret phrase');
    const before = await h.mailsTo('ravi@example.com');
    const fresh = await register(
      'someone-new@example.com',
      'another fine passphrase',
      'New Person',
    );
    const taken = await register('Ravi@Example.com', 'attacker chosen passphrase', 'Not Ravi');
    expect([taken.status, taken.errors]).toEqual([fresh.status, fresh.errors]);
    expect(Object.keys(taken.data.register)).toEqual(Object.keys(fresh.data.register));
    expect(taken.cookies).toEqual({});
    const after = await h.mailsTo('ravi@example.com');
    expect(after.length).toBe(before.length + 1);
    expect(after.at(-1)!.subject).toBe('AkashOne.com: someone tried to sign up with your email');
    expect(after.at(-1)!.body).not.toMatch(/token=/);
    expect(
      (await signIn('ravi@example.com', 'attacker chosen passphrase')).errors![0]!.message,
    ).toBe('Wrong email or password.');
    expect((await signIn('ravi@example.com', 'original secret phrase')).data.signIn.next).toBe(
      'DONE',
    );
  });

  it('refuses bad registrations with the field and a reason, and writes nothing', async () => {
    const before = await h.eventCount();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ password: 'short' }, 'password', /at least 12/],
      [{ password: 'x'.repeat(129) }, 'password', /at most 128/],
      [{ password: 'Password1234' }, 'password', /most common/],
      [{ password: '₹'.repeat(60) }, 'password', /different characters/],
      [{ password: 'badinput-person-2026', email: 'badinput@example.com' }, 'password', /email/],
      [{ email: 'not-an-email' }, 'email', /valid email/],
      [{ name: '' }, 'name', /Required/],
      [{ name: 'x\u0007y' }, 'name', /control/],
    ];
    for (const [over, field, message] of cases) {
      const input = {
        commandId: randomUUID(),
        email: 'badinput@example.com',
        name: 'Bad Input',
        password: 'a fine long passphrase',
        ...over,
      };
      const res = await h.gql(h.REGISTER, { input });
      expect(res.errors?.[0]?.extensions.code, JSON.stringify(over)).toBe('BAD_USER_INPUT');
      expect(issuesOf(res), JSON.stringify(over)).toContain(field);
      expect(res.errors![0]!.extensions.issues!.find((i) => i.path[0] === field)!.message).toMatch(
        message,
      );
    }
    expect(await h.eventCount()).toBe(before);
    expect(await h.mailsTo('badinput@example.com')).toEqual([]);
  });

  it('a made-up, truncated or expired link is refused with what to do, and writes nothing', async () => {
    await register('lata@example.com');
    const token = await h.tokenFor('lata@example.com', '/verify-email');
    const before = await h.eventCount();
    const wrong = await h.gql(h.VERIFY, {
      t: token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA'),
    });
    expect(wrong.errors![0]).toMatchObject({ extensions: { code: 'BAD_USER_INPUT' } });
    expect(wrong.errors![0]!.message).toMatch(/not valid/);
    expect((await h.gql(h.VERIFY, { t: token.slice(0, 40) })).errors![0]!.message).toMatch(
      /not valid/,
    );
    expect((await h.gql(h.VERIFY, { t: '' })).errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    // Expire the link by moving its deadline in the log's copy is not possible (events are immutable):
    // instead a platform whose clock is a day ahead follows it.
    const { platform } = t.running;
    const realNow = platform.identity.now;
    platform.identity.now = () => new Date(Date.now() + 25 * 3_600_000);
    try {
      const late = await h.gql(h.VERIFY, { t: token });
      expect(late.errors![0]!.message).toMatch(/expired/);
    } finally {
      platform.identity.now = realNow;
    }
    expect(await h.eventCount()).toBe(before);
  });

  it('resend answers alike for unknown, confirmed and unconfirmed emails; only the unconfirmed gets a link', async () => {
    await register('kiran@example.com');
    await h.settled();
    const answers = await Promise.all(
      ['kiran@example.com', 'nobody-here@example.com', 'ravi@example.com'].map((e) =>
        h.gql(RESEND, { e }),
      ),
    );
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(answers.map((a) => Object.keys(a.data.resendVerificationEmail))).toEqual([
      ['email'],
      ['email'],
      ['email'],
    ]);
    expect(
      (await h.mailsTo('kiran@example.com')).filter((m) => /confirm your email/.test(m.subject)),
    ).toHaveLength(2);
    expect(await h.mailsTo('nobody-here@example.com')).toEqual([]);
    expect(
      (await h.mailsTo('ravi@example.com')).filter((m) => /confirm your email/.test(m.subject)),
    ).toHaveLength(1);
  });
});

describe('password reset by mail', () => {
  it('answers alike whether or not the email exists; the link works once and signs out every session', async () => {
    const anna = await h.newCustomer('anna@example.com', 'first secret phrase');
    const known = await h.gql(FORGOT, { e: 'anna@example.com' });
    const unknown = await h.gql(FORGOT, { e: 'ghost@example.com' });
    expect([known.status, known.errors]).toEqual([unknown.status, unknown.errors]);
    expect(Object.keys(known.data.requestPasswordReset)).toEqual(
      Object.keys(unknown.data.requestPasswordReset),
    );
    expect(await h.mailsTo('ghost@example.com')).toEqual([]);
    const mail = (await h.mailsTo('anna@example.com')).at(-1)!;
    expect(mail.subject).toBe('AkashOne.com: reset your password');
    expect(mail.body).toMatch(/expires in 30 minutes/);

    const token = await h.tokenFor('anna@example.com', '/reset-password');
    const weak = await h.gql(RESET, { t: token, p: 'short' });
    expect(issuesOf(weak)).toEqual(['password']);
    const done = await h.gql(RESET, { t: token, p: 'second secret phrase' });
    expect(done.data.resetPassword).toEqual({ email: 'anna@example.com' });
    expect((await h.gql(ME, {}, { cookie: anna.cookie })).data.me).toBeNull();
    const reused = await h.gql(RESET, { t: token, p: 'third secret phrase' });
    expect(reused.errors![0]!.message).toMatch(/already used/);
    expect((await signIn('anna@example.com', 'first secret phrase')).errors![0]!.message).toBe(
      'Wrong email or password.',
    );
    expect((await signIn('anna@example.com', 'second secret phrase')).data.signIn.next).toBe(
      'DONE',
    );
  });

  it('a reset link expires after PASSWORD_RESET_MINUTES', async () => {
    await h.newCustomer('omar@example.com', 'first secret phrase');
    await h.gql(FORGOT, { e: 'omar@example.com' });
    const token = await h.tokenFor('omar@example.com', '/reset-password');
    const { platform } = t.running;
    const realNow = platform.identity.now;
    platform.identity.now = () => new Date(Date.now() + 31 * 60_000);
    try {
      expect(
        (await h.gql(RESET, { t: token, p: 'a brand new secret phrase' })).errors![0]!.message,
      ).toMatch(/expired/);
    } finally {
      platform.identity.now = realNow;
    }
    expect((await signIn('omar@example.com', 'first secret phrase')).data.signIn.next).toBe('DONE');
  });

  it('mails an account at most three reset links an hour asked from one address, still answering the same', async () => {
    await h.newCustomer('zara@example.com', 'first secret phrase');
    const before = (await h.mailsTo('zara@example.com')).length;
    for (let i = 0; i < 5; i++)
      expect(
        (await h.gql(FORGOT, { e: 'zara@example.com' }, { ip: '203.0.113.10' })).errors,
      ).toBeUndefined();
    expect((await h.mailsTo('zara@example.com')).length - before).toBe(3);
  });

  it('one address may ask for twenty account mails an hour, whatever the emails', async () => {
    const ip = '203.0.113.200';
    for (let i = 0; i < 20; i++)
      expect((await h.gql(FORGOT, { e: `probe${i}@example.com` }, { ip })).errors).toBeUndefined();
    const refused = await h.gql(FORGOT, { e: 'probe99@example.com' }, { ip });
    expect(refused.errors![0]!.extensions.code).toBe('RATE_LIMITED');
  });
});

describe('changing the password', () => {
  it('needs the current password, ends every other session and gives this browser a new one', async () => {
    const first = await h.newCustomer('vik@example.com', 'first secret phrase');
    const second = h.sessionCookieOf(await signIn('vik@example.com', 'first secret phrase'))!;
    const before = await h.eventCount();
    const wrong = await h.gql(
      CHANGE,
      {
        input: {
          commandId: randomUUID(),
          currentPassword: 'not my password',
          newPassword: 'second secret phrase',
        },
      },
      { cookie: first.cookie },
    );
    expect(issuesOf(wrong)).toEqual(['currentPassword']);
    const same = await h.gql(
      CHANGE,
      {
        input: {
          commandId: randomUUID(),
          currentPassword: 'first secret phrase',
          newPassword: 'first secret phrase',
        },
      },
      { cookie: first.cookie },
    );
    expect(issuesOf(same)).toEqual(['newPassword']);
    const tooLong = await h.gql(
      CHANGE,
      {
        input: {
          commandId: randomUUID(),
          currentPassword: 'first secret phrase',
          newPassword: 'y'.repeat(129),
        },
      },
      { cookie: first.cookie },
    );
    expect(issuesOf(tooLong)).toEqual(['newPassword']);
    expect(await h.eventCount()).toBe(before);

    const changed = await h.gql(
      CHANGE,
      {
        input: {
          commandId: randomUUID(),
          currentPassword: 'first secret phrase',
          newPassword: 'second secret phrase',
        },
      },
      { cookie: first.cookie },
    );
    expect(changed.errors).toBeUndefined();
    const renewed = h.sessionCookieOf(changed)!;
    expect(renewed).not.toBe(first.cookie);
    expect((await h.gql(ME, {}, { cookie: first.cookie })).data.me).toBeNull();
    expect((await h.gql(ME, {}, { cookie: second })).data.me).toBeNull();
    expect((await h.gql(ME, {}, { cookie: renewed })).data.me.email).toBe('vik@example.com');
    expect((await h.mailsTo('vik@example.com')).at(-1)!.subject).toBe(
      'AkashOne.com: your password was changed',
    );
    expect((await signIn('vik@example.com', 'second secret phrase')).data.signIn.next).toBe('DONE');
  });

  it('multi-byte passwords count every byte (bcrypt alone would read only the first 72)', async () => {
    // 24 × '₹' is 72 bytes: without the pre-hash, these two would be the same password.
    const base = '₹'.repeat(24);
    await h.newCustomer('rupee@example.com', `${base}-first-नमस्ते`);
    expect((await signIn('rupee@example.com', `${base}-other-नमस्ते`)).errors![0]!.message).toBe(
      'Wrong email or password.',
    );
    expect((await signIn('rupee@example.com', `${base}-first-नमस्ते`)).data.signIn.next).toBe('DONE');
    const sixty = await h.newCustomer('sixty@example.com', `${'₹'.repeat(60)}-मेरा-पासवर्ड`);
    expect(sixty.id).toBeTruthy();
    expect(
      (await signIn('sixty@example.com', `${'₹'.repeat(59)}-मेरा-पासवर्ड`)).errors,
    ).toBeDefined();
  });
});

describe('profile', () => {
  const UPDATE = `mutation($input: UpdateProfileInput!){ updateProfile(input:$input){ name company phone gstin address { line1 city stateCode stateName postalCode country } } }`;
  const address = {
    line1: '4th Floor, Baner Road',
    city: 'Pune',
    stateCode: '27',
    postalCode: '411045',
  };

  it('saves name, company, phone, billing address with state and a GSTIN; every change is an event', async () => {
    const c = await h.newCustomer('neha@example.com', 'a long secret phrase', 'Neha');
    const res = await h.gql(
      UPDATE,
      {
        input: {
          commandId: randomUUID(),
          name: 'Neha Kulkarni',
          company: 'Kulkarni Infotech LLP',
          phone: '+91 98200 12345',
          address,
          gstin: '27aapfu0939f1zv',
        },
      },
      { cookie: c.cookie },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.updateProfile).toEqual({
      name: 'Neha Kulkarni',
      company: 'Kulkarni Infotech LLP',
      phone: '+91 98200 12345',
      gstin: '27AAPFU0939F1ZV',
      address: { ...address, stateName: 'Maharashtra', country: 'IN' },
    });
    expect((await h.gql(ME, {}, { cookie: c.cookie })).data.me.name).toBe('Neha Kulkarni');
    const [event] = await t.running.platform
      .sql`select data from eventlog.events where type = 'ProfileUpdated' and data->>'userId' = ${c.id}`;
    expect(event!.data).toMatchObject({ gstin: '27AAPFU0939F1ZV', address: { stateCode: '27' } });
  });

  it('refuses a GSTIN with a wrong check character (saying which was expected), of another state, or a bad state or PIN', async () => {
    const c = await h.newCustomer('dev@example.com', 'a long secret phrase', 'Dev');
    const before = await h.eventCount();
    const cases: [Record<string, unknown>, string, RegExp][] = [
      [{ address, gstin: '27AAPFU0939F1ZA' }, 'gstin', /15th character should be "V", not "A"/],
      [
        {
          address: { ...address, stateCode: '29', city: 'Bengaluru', postalCode: '560001' },
          gstin: '27AAPFU0939F1ZV',
        },
        'gstin',
        /registered in Maharashtra/,
      ],
      [{ address, gstin: '27AAPFU0939F1Z' }, 'gstin', /15 characters/],
      [{ address: { ...address, stateCode: '28' } }, 'address.stateCode', /no longer used/],
      [{ address: { ...address, stateCode: '77' } }, 'address.stateCode', /Unknown GST state code/],
      [{ address: { ...address, postalCode: '041104' } }, 'address.postalCode', /6 digits/],
      [{ address, phone: 'call me' }, 'phone', /phone number/],
      [{ gstin: '27AAPFU0939F1ZV' }, 'address', /billing address/],
    ];
    for (const [over, field, message] of cases) {
      const res = await h.gql(
        UPDATE,
        { input: { commandId: randomUUID(), name: 'Dev', ...over } },
        { cookie: c.cookie },
      );
      expect(res.errors?.[0]?.extensions.code, JSON.stringify(over)).toBe('BAD_USER_INPUT');
      const issue = res.errors![0]!.extensions.issues!.find((i) => i.path.join('.') === field);
      expect(
        issue?.message,
        `${JSON.stringify(over)} → ${JSON.stringify(res.errors![0]!.extensions.issues)}`,
      ).toMatch(message);
    }
    expect(await h.eventCount()).toBe(before);
  });

  it('lists the states a billing address may name, without legacy codes', async () => {
    const states = (await h.gql(`query { billingStates { code name } }`)).data.billingStates as {
      code: string;
      name: string;
    }[];
    expect(states).toContainEqual({ code: '27', name: 'Maharashtra' });
    expect(states).toContainEqual({ code: '96', name: 'Foreign country' });
    expect(states.map((s) => s.code)).not.toContain('28');
    expect(states.map((s) => s.code)).not.toContain('99');
  });

  it('needs a signed-in user', async () => {
    expect((await h.gql(`query { profile { name } }`)).errors![0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    const res = await h.gql(UPDATE, { input: { commandId: randomUUID(), name: 'X' } });
    expect(res.errors![0]!.extensions.code).toBe('UNAUTHENTICATED');
  });
});
