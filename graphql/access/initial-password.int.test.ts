import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { cmd, code, gqlAt, signInAt } from './testing.ts';

/** A staff member created with an initial password chooses their own at first sign-in (issue 9, item 12). */
const OP = 'akashone.localhost';
const ADD_STAFF = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { user { id } initialPassword } }`;
const SIGN_IN =
  'mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ next challenge viewer { id } } }';
const CHOOSE =
  'mutation($c:String!,$p:String!){ chooseNewPassword(challenge:$c,password:$p){ next viewer { id email } } }';

let t: TestPlatform;
let admin: string;

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
});
afterAll(async () => t?.close());

describe('initial passwords', () => {
  it('sign-in holds a new staff member at a new password and opens a session only after it', async () => {
    const added = await gqlAt(
      t,
      OP,
      ADD_STAFF,
      {
        input: {
          commandId: cmd(),
          email: 'new.staff@akashone.com',
          name: 'New Staff',
          staffRole: 'support',
        },
      },
      admin,
    );
    const { user, initialPassword } = added.data.addStaffMember;

    const held = await gqlAt(t, OP, SIGN_IN, { e: 'new.staff@akashone.com', p: initialPassword });
    expect(held.data.signIn).toMatchObject({
      next: 'PASSWORD_CHANGE',
      viewer: null,
      challenge: expect.any(String),
    });
    expect(held.cookies.find((c) => c.name === 'sid')).toBeUndefined();
    const challenge = held.data.signIn.challenge as string;

    // The password they were given does not count as their own.
    const same = await gqlAt(t, OP, CHOOSE, { c: challenge, p: initialPassword });
    expect(code(same)).toBe('BAD_USER_INPUT');
    expect(same.errors![0].extensions.issues[0].path).toEqual(['password']);

    const chosen = await gqlAt(t, OP, CHOOSE, { c: challenge, p: 'my very own staff passphrase' });
    expect(chosen.errors).toBeUndefined();
    expect(chosen.data.chooseNewPassword).toEqual({
      next: 'DONE',
      viewer: { id: user.id, email: 'new.staff@akashone.com' },
    });
    const sid = chosen.cookies.find((c) => c.name === 'sid')!;
    expect((await gqlAt(t, OP, '{ me { id } }', {}, `sid=${sid.value}`)).data.me.id).toBe(user.id);

    // The challenge worked once; the initial password no longer signs in; the new one signs straight in.
    expect(code(await gqlAt(t, OP, CHOOSE, { c: challenge, p: 'another staff passphrase' }))).toBe(
      'UNAUTHENTICATED',
    );
    expect(
      code(await gqlAt(t, OP, SIGN_IN, { e: 'new.staff@akashone.com', p: initialPassword })),
    ).toBe('UNAUTHENTICATED');
    expect(
      (
        await gqlAt(t, OP, SIGN_IN, {
          e: 'new.staff@akashone.com',
          p: 'my very own staff passphrase',
        })
      ).data.signIn.next,
    ).toBe('DONE');
  });

  it('a made-up challenge changes nothing', async () => {
    expect(
      code(await gqlAt(t, OP, CHOOSE, { c: 'x'.repeat(43), p: 'my very own staff passphrase' })),
    ).toBe('UNAUTHENTICATED');
  });
});
