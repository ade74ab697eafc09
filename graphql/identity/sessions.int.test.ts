import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { accountTesting } from '../../server/testing/accounts.ts';

let t: TestPlatform;
let h: ReturnType<typeof accountTesting>;

const SESSIONS = `query { mySessions { id current device ip signedInAt lastSeenAt byStaff } }`;
const ME = `query { me { email } }`;
const PASSWORD = 'a long secret phrase';
const CHROME =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36';

async function signInFrom(email: string, ip: string, userAgent = CHROME, cookie?: string) {
  const res = await t.running.app.inject({
    method: 'POST',
    url: '/graphql',
    remoteAddress: ip,
    headers: {
      'content-type': 'application/json',
      'user-agent': userAgent,
      ...(cookie ? { cookie } : {}),
    },
    payload: JSON.stringify({ query: h.SIGN_IN, variables: { e: email, p: PASSWORD } }),
  });
  const sid = res.cookies.find((c) => c.name === 'sid');
  return { cookie: `sid=${sid!.value}`, set: sid! };
}

beforeAll(async () => {
  t = await startTestPlatform();
  h = accountTesting(t);
  await h.newCustomer('sara@example.com', PASSWORD, 'Sara');
  await h.newCustomer('other@example.com', PASSWORD, 'Other');
});
afterAll(async () => t?.close());

describe('sessions', () => {
  it('each sign-in gets a new random session id, whatever cookie the browser brought (no fixation)', async () => {
    const planted = 'sid=attacker-chosen-session-token';
    const a = await signInFrom('sara@example.com', '203.0.113.5', CHROME, planted);
    const b = await signInFrom('sara@example.com', '203.0.113.5');
    expect(a.cookie).not.toBe(planted);
    expect(a.cookie).not.toBe(b.cookie);
    expect(a.set.value).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect((await h.gql(ME, {}, { cookie: planted })).data.me).toBeNull();
  });

  it('the session cookie is HttpOnly, SameSite=Lax, path /, and __Host- and Secure in production', async () => {
    const { set } = await signInFrom('sara@example.com', '203.0.113.5');
    expect(set).toMatchObject({ name: 'sid', httpOnly: true, sameSite: 'Lax', path: '/' });
    expect(set.secure).toBeFalsy();
    expect(set.domain).toBeUndefined();
    const prod = await startTestPlatform({
      NODE_ENV: 'production',
      ADMIN_PASSWORD: 'production-admin-password-1',
    });
    try {
      const res = await prod.running.app.inject({
        method: 'POST',
        url: '/graphql',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({
          query: h.SIGN_IN,
          variables: { e: 'admin@akashone.com', p: 'production-admin-password-1' },
        }),
      });
      const cookie = res.cookies.find((c) => c.name === '__Host-sid');
      expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
      expect(cookie!.domain).toBeUndefined();
    } finally {
      await prod.close();
    }
  });

  it('lists one’s live sessions with device, address and the current one marked', async () => {
    const phone = await signInFrom(
      'sara@example.com',
      '203.0.113.77',
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
    );
    const laptop = await signInFrom('sara@example.com', '203.0.113.78');
    const list = (await h.gql(SESSIONS, {}, { cookie: laptop.cookie })).data.mySessions as {
      id: string;
      current: boolean;
      device: string;
      ip: string;
    }[];
    expect(list.filter((s) => s.current)).toHaveLength(1);
    expect(list.find((s) => s.current)).toMatchObject({
      device: 'Chrome on Windows',
      ip: '203.0.113.78',
    });
    expect(list).toContainEqual(
      expect.objectContaining({
        current: false,
        device: 'Safari on iOS',
        ip: '203.0.113.77',
        byStaff: false,
      }),
    );
    const fromPhone = (await h.gql(SESSIONS, {}, { cookie: phone.cookie })).data.mySessions as {
      id: string;
      current: boolean;
    }[];
    expect(fromPhone.find((s) => s.current)!.id).not.toBe(list.find((s) => s.current)!.id);
  });

  it('signs out one session by id; another person’s session id is "not found" and stays alive', async () => {
    const mine = await signInFrom('sara@example.com', '203.0.113.9');
    const victim = await signInFrom('other@example.com', '203.0.113.10');
    const theirId = (
      (await h.gql(SESSIONS, {}, { cookie: victim.cookie })).data.mySessions as {
        id: string;
        current: boolean;
      }[]
    ).find((s) => s.current)!.id;
    const denied = await h.gql(
      `mutation($id:ID!){ signOutSession(id:$id) }`,
      { id: theirId },
      { cookie: mine.cookie },
    );
    expect(denied.errors![0]!.extensions.code).toBe('NOT_FOUND');
    expect((await h.gql(ME, {}, { cookie: victim.cookie })).data.me.email).toBe(
      'other@example.com',
    );

    const spare = await signInFrom('sara@example.com', '203.0.113.11');
    const spareId = (
      (await h.gql(SESSIONS, {}, { cookie: spare.cookie })).data.mySessions as {
        id: string;
        current: boolean;
      }[]
    ).find((s) => s.current)!.id;
    expect(
      (
        await h.gql(
          `mutation($id:ID!){ signOutSession(id:$id) }`,
          { id: spareId },
          { cookie: mine.cookie },
        )
      ).data.signOutSession,
    ).toBe(true);
    expect((await h.gql(ME, {}, { cookie: spare.cookie })).data.me).toBeNull();
    expect((await h.gql(ME, {}, { cookie: mine.cookie })).data.me.email).toBe('sara@example.com');
  });

  it('"sign out elsewhere" ends every other session, records it, and keeps this one', async () => {
    const others = [
      await signInFrom('sara@example.com', '203.0.113.12'),
      await signInFrom('sara@example.com', '203.0.113.13'),
    ];
    const here = await signInFrom('sara@example.com', '203.0.113.14');
    const live = ((await h.gql(SESSIONS, {}, { cookie: here.cookie })).data.mySessions as unknown[])
      .length;
    const res = await h.gql(`mutation { signOutOtherSessions }`, {}, { cookie: here.cookie });
    expect(res.data.signOutOtherSessions).toBe(live - 1);
    for (const o of others) expect((await h.gql(ME, {}, { cookie: o.cookie })).data.me).toBeNull();
    expect((await h.gql(SESSIONS, {}, { cookie: here.cookie })).data.mySessions).toHaveLength(1);
    const [ended] = await t.running.platform
      .sql`select data from eventlog.events where type = 'SessionsEnded' order by global_position desc limit 1`;
    expect(ended!.data).toMatchObject({ reason: 'signed-out-elsewhere' });
    expect(ended!.data.sessionRefs.length).toBe(live - 1);
    expect((await h.gql(`mutation { signOutOtherSessions }`)).errors![0]!.extensions.code).toBe(
      'UNAUTHENTICATED',
    );
  });

  it('signing out ends the session; idle and absolute timeouts end it too', async () => {
    const a = await signInFrom('sara@example.com', '203.0.113.20');
    await h.gql(`mutation { signOut }`, {}, { cookie: a.cookie });
    expect((await h.gql(ME, {}, { cookie: a.cookie })).data.me).toBeNull();

    const sql = t.running.platform.sql;
    const idle = await signInFrom('sara@example.com', '203.0.113.21');
    await sql`update auth.sessions set last_seen_at = now() - interval '61 minutes' where ip = '203.0.113.21'`;
    expect((await h.gql(ME, {}, { cookie: idle.cookie })).data.me).toBeNull();
    const old = await signInFrom('sara@example.com', '203.0.113.22');
    await sql`update auth.sessions set created_at = now() - interval '12 hours 1 minute' where ip = '203.0.113.22'`;
    expect((await h.gql(ME, {}, { cookie: old.cookie })).data.me).toBeNull();
    const list = (
      await h.gql(
        SESSIONS,
        {},
        { cookie: (await signInFrom('sara@example.com', '203.0.113.23')).cookie },
      )
    ).data.mySessions as { ip: string }[];
    expect(list.map((s) => s.ip)).not.toContain('203.0.113.21');
    expect(list.map((s) => s.ip)).not.toContain('203.0.113.22');
  });
});
