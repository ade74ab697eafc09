import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { cmd, code, cookieHeader, firstSignInAt, gqlAt, signInAt } from './testing.ts';

const OP = 'akashone.localhost';
const USERS = `query($f: UserFilter) { users(filter: $f) { total items { id email role staffRole staffRoleName status } } }`;
const USER = `query($id: ID!) { user(id: $id) { user { id email status role } activity { kind detail actor { id name } impersonator { id name } } } }`;
const SUSPEND = `mutation($input: SuspendUserInput!) { suspendUser(input: $input) { id status } }`;
const REACTIVATE = `mutation($input: ReactivateUserInput!) { reactivateUser(input: $input) { id status } }`;
const ADD_STAFF = `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { user { id email staffRole } initialPassword } }`;
const ASSIGN = `mutation($input: AssignStaffRoleInput!) { assignStaffRole(input: $input) { id staffRole staffRoleName } }`;
const DEFINE = `mutation($input: DefineRoleInput!) { defineRole(input: $input) { id name permissions system } }`;
const CHANGE = `mutation($input: ChangeRoleInput!) { changeRole(input: $input) { id permissions } }`;
const IMPERSONATE = `mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id email role impersonator { id name } } }`;
const STOP = `mutation { stopImpersonating { id email role } }`;
const ME = `{ me { id role staffRole permissions accountRole accountPermissions impersonator { id name email } } }`;

let t: TestPlatform;
let admin: string;
let adminId: string;

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
  adminId = (await gqlAt(t, OP, ME, {}, admin)).data.me.id;
});
afterAll(async () => t?.close());

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
  return {
    id: user.id as string,
    cookie: await firstSignInAt(t, OP, email, initialPassword, `${initialPassword}-own`),
  };
}

describe('admin over users', () => {
  it('searches and lists users by name, email, role and status', async () => {
    await t.customer('meera.iyer@example.com', 'Meera Iyer');
    await t.customer('ravi@example.com', 'Ravi Kumar');
    const found = (await gqlAt(t, OP, USERS, { f: { search: 'iyer' } }, admin)).data.users;
    expect(found.items.map((u: { email: string }) => u.email)).toEqual(['meera.iyer@example.com']);
    const staffOnly = (await gqlAt(t, OP, USERS, { f: { role: 'ADMIN' } }, admin)).data.users;
    expect(staffOnly.items).toContainEqual(
      expect.objectContaining({
        email: ADMIN.email,
        staffRole: 'super_admin',
        staffRoleName: 'Super admin',
      }),
    );
    expect(staffOnly.items.every((u: { role: string }) => u.role === 'ADMIN')).toBe(true);
    expect(code(await gqlAt(t, OP, USERS, { f: { search: 'a\u0000b' } }, admin))).toBe(
      'BAD_USER_INPUT',
    );
  });

  it('shows a customer’s billing profile and sign-in security to staff', async () => {
    const c = await t.customer('profiled@example.com', 'Profiled Customer');
    const updated = await gqlAt(
      t,
      OP,
      `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }`,
      {
        input: {
          commandId: cmd(),
          name: 'Profiled Customer',
          company: 'Verma Traders',
          phone: '+91 98200 00000',
        },
      },
      c.cookie,
    );
    expect(updated.errors).toBeUndefined();
    const detail = await gqlAt(
      t,
      OP,
      `query($id: ID!) { user(id: $id) { account { company phone emailVerified twoFactorEnabled } } }`,
      { id: c.id },
      admin,
    );
    expect(detail.data.user.account).toEqual({
      company: 'Verma Traders',
      phone: '+91 98200 00000',
      emailVerified: true,
      twoFactorEnabled: false,
    });
  });

  it('suspends an account: its sessions end and it cannot sign in; reactivation lets it back', async () => {
    const c = await t.customer('suspend.me@example.com', 'Suspend Me');
    expect((await t.gql(`{ me { id } }`, {}, c.cookie)).data.me.id).toBe(c.id);
    const suspended = await gqlAt(
      t,
      OP,
      SUSPEND,
      { input: { commandId: cmd(), userId: c.id, reason: 'Chargeback under investigation' } },
      admin,
    );
    expect(suspended.data.suspendUser.status).toBe('SUSPENDED');
    expect((await t.gql(`{ me { id } }`, {}, c.cookie)).data.me).toBeNull();
    await expect(t.signIn('suspend.me@example.com', c.password)).rejects.toThrow(
      /suspended|wrong email or password/,
    );
    expect(
      code(
        await gqlAt(
          t,
          OP,
          SUSPEND,
          { input: { commandId: cmd(), userId: c.id, reason: 'again and again' } },
          admin,
        ),
      ),
    ).toBe('CONFLICT');
    const back = await gqlAt(
      t,
      OP,
      REACTIVATE,
      { input: { commandId: cmd(), userId: c.id } },
      admin,
    );
    expect(back.data.reactivateUser.status).toBe('ACTIVE');
    expect((await t.gql(`{ me { id } }`, {}, c.cookie)).data.me).toBeNull();
    expect(await t.signIn('suspend.me@example.com', c.password)).toMatch(/^sid=/);
    const activity = (await gqlAt(t, OP, USER, { id: c.id }, admin)).data.user.activity.map(
      (a: { kind: string }) => a.kind,
    );
    expect(activity).toEqual(expect.arrayContaining(['UserSuspended', 'UserReactivated']));
  });

  it('refuses bad input, unknown ids and suspending oneself', async () => {
    const c = await t.customer('bad.input@example.com');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          SUSPEND,
          { input: { commandId: cmd(), userId: c.id, reason: 'x' } },
          admin,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          SUSPEND,
          { input: { commandId: cmd(), userId: 'not-an-id', reason: 'long enough' } },
          admin,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          SUSPEND,
          {
            input: {
              commandId: cmd(),
              userId: '00000000-0000-4000-8000-000000000000',
              reason: 'long enough',
            },
          },
          admin,
        ),
      ),
    ).toBe('NOT_FOUND');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          SUSPEND,
          { input: { commandId: cmd(), userId: adminId, reason: 'long enough' } },
          admin,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      code(await gqlAt(t, OP, REACTIVATE, { input: { commandId: cmd(), userId: c.id } }, admin)),
    ).toBe('CONFLICT');
  });
});

describe('roles', () => {
  it('a custom role’s permissions reach the staff member at once, and changing it applies on the next request', async () => {
    const role = (
      await gqlAt(
        t,
        OP,
        DEFINE,
        {
          input: {
            commandId: cmd(),
            name: 'Collections',
            permissions: ['wallet.view', 'users.manage'],
          },
        },
        admin,
      )
    ).data.defineRole;
    // Stored in the catalogue's order (area list, then each area's own), whatever order was sent.
    expect(role).toMatchObject({
      name: 'Collections',
      system: false,
      permissions: ['users.manage', 'wallet.view'],
    });
    const clerk = await staff('clerk@akashone.com', role.id);
    expect((await gqlAt(t, OP, ME, {}, clerk.cookie)).data.me.permissions).toEqual([
      'users.manage',
      'wallet.view',
    ]);
    expect(code(await gqlAt(t, OP, USERS, {}, clerk.cookie))).toBeUndefined();
    await gqlAt(
      t,
      OP,
      CHANGE,
      {
        input: {
          commandId: cmd(),
          roleId: role.id,
          name: 'Collections',
          permissions: ['wallet.view'],
        },
      },
      admin,
    );
    expect(code(await gqlAt(t, OP, USERS, {}, clerk.cookie))).toBe('FORBIDDEN');
    const roles = (await gqlAt(t, OP, `{ staffRoles { id name holders } }`, {}, admin)).data
      .staffRoles;
    expect(roles).toContainEqual({ id: role.id, name: 'Collections', holders: 1 });
  });

  it('nobody hands out more than they hold, or changes the role of someone who holds more', async () => {
    const helper = await staff('helper@akashone.com', 'support');
    // support holds users.manage but not settings.manage or users.impersonate.
    expect(
      code(
        await gqlAt(
          t,
          OP,
          DEFINE,
          { input: { commandId: cmd(), name: 'Nope', permissions: ['wallet.view'] } },
          helper.cookie,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          ADD_STAFF,
          {
            input: {
              commandId: cmd(),
              email: 'boss@akashone.com',
              name: 'Boss',
              staffRole: 'tenant_admin',
            },
          },
          helper.cookie,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          ASSIGN,
          { input: { commandId: cmd(), userId: adminId, staffRole: 'support' } },
          helper.cookie,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          SUSPEND,
          { input: { commandId: cmd(), userId: adminId, reason: 'coup attempt' } },
          helper.cookie,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          ADD_STAFF,
          {
            input: {
              commandId: cmd(),
              email: 'x@akashone.com',
              name: 'X',
              staffRole: 'no-such-role',
            },
          },
          admin,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    const assigned = await gqlAt(
      t,
      OP,
      ASSIGN,
      { input: { commandId: cmd(), userId: helper.id, staffRole: 'billing' } },
      admin,
    );
    expect(assigned.data.assignStaffRole).toMatchObject({
      staffRole: 'billing',
      staffRoleName: 'Billing',
    });
    expect((await gqlAt(t, OP, ME, {}, helper.cookie)).data.me.permissions).toContain(
      'wallet.approve',
    );
  });
});

describe('log in as customer', () => {
  it('shows the banner, records both identities on every action, and leads back to the admin', async () => {
    const c = await t.customer('asha@example.com', 'Asha Verma');
    const started = await gqlAt(
      t,
      OP,
      IMPERSONATE,
      { input: { commandId: cmd(), customerId: c.id } },
      admin,
    );
    expect(started.data.impersonateCustomer).toMatchObject({
      id: c.id,
      role: 'CUSTOMER',
      impersonator: { id: adminId, name: 'Administrator' },
    });
    const asCustomer = cookieHeader(started.cookies, admin);
    expect(asCustomer).toMatch(/sid-staff=/);
    const me = (await gqlAt(t, OP, ME, {}, asCustomer)).data.me;
    expect(me).toMatchObject({
      id: c.id,
      role: 'CUSTOMER',
      permissions: [],
      impersonator: { id: adminId, email: ADMIN.email },
    });
    // Staff powers do not come along: the session is the customer's.
    expect(code(await gqlAt(t, OP, USERS, {}, asCustomer))).toBe('FORBIDDEN');

    const proof = { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
    const req = await gqlAt(
      t,
      OP,
      `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }`,
      {
        input: {
          commandId: cmd(),
          amount: '1000.00',
          method: 'BANK_TRANSFER',
          reference: 'UTR-IMP-1',
          proof,
        },
      },
      asCustomer,
    );
    expect(req.errors).toBeUndefined();
    const [event] = await t.running.platform
      .sql`select metadata from eventlog.events where type = 'TopUpRequested' and data->>'reference' = 'UTR-IMP-1'`;
    expect(event!.metadata.actor).toEqual({
      userId: c.id,
      role: 'customer',
      impersonatorId: adminId,
    });

    const own = (
      await gqlAt(
        t,
        OP,
        `{ accountActivity { kind detail impersonator { id name } actor { id } } }`,
        {},
        asCustomer,
      )
    ).data.accountActivity;
    expect(own).toContainEqual(
      expect.objectContaining({
        kind: 'TopUpRequested',
        impersonator: { id: adminId, name: 'Administrator' },
        actor: { id: c.id },
      }),
    );
    expect(own).toContainEqual(
      expect.objectContaining({
        kind: 'ImpersonationStarted',
        impersonator: { id: adminId, name: 'Administrator' },
      }),
    );

    const back = await gqlAt(t, OP, STOP, {}, asCustomer);
    expect(back.data.stopImpersonating).toMatchObject({ id: adminId, role: 'ADMIN' });
    const restored = cookieHeader(back.cookies, asCustomer);
    expect((await gqlAt(t, OP, ME, {}, restored)).data.me.id).toBe(adminId);
    expect(
      (
        await gqlAt(
          t,
          OP,
          ME,
          {},
          asCustomer.replace(
            /sid=[^;]+/,
            `sid=${started.cookies.find((x) => x.name === 'sid')!.value}`,
          ),
        )
      ).data.me?.id,
    ).not.toBe(c.id);
    const log = (await gqlAt(t, OP, USER, { id: c.id }, admin)).data.user.activity;
    expect(log).toContainEqual(
      expect.objectContaining({
        kind: 'ImpersonationEnded',
        impersonator: { id: adminId, name: 'Administrator' },
      }),
    );
  });

  it('needs users.impersonate, a customer, an active account; staff cannot be impersonated', async () => {
    const c = await t.customer('imp2@example.com');
    const supportAgent = await staff('agent@akashone.com', 'support');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          IMPERSONATE,
          { input: { commandId: cmd(), customerId: c.id } },
          supportAgent.cookie,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          IMPERSONATE,
          { input: { commandId: cmd(), customerId: supportAgent.id } },
          admin,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          IMPERSONATE,
          { input: { commandId: cmd(), customerId: c.id } },
          c.cookie,
        ),
      ),
    ).toBe('FORBIDDEN');
    await gqlAt(
      t,
      OP,
      SUSPEND,
      { input: { commandId: cmd(), userId: c.id, reason: 'fraud review' } },
      admin,
    );
    expect(
      code(
        await gqlAt(t, OP, IMPERSONATE, { input: { commandId: cmd(), customerId: c.id } }, admin),
      ),
    ).toBe('CONFLICT');
    expect(code(await gqlAt(t, OP, STOP, {}, admin))).toBe('BAD_USER_INPUT');
  });

  it('an impersonation ends when its admin is suspended', async () => {
    const c = await t.customer('imp3@example.com');
    const deputy = await staff('deputy@akashone.com', 'tenant_admin');
    const started = await gqlAt(
      t,
      OP,
      IMPERSONATE,
      { input: { commandId: cmd(), customerId: c.id } },
      deputy.cookie,
    );
    const asCustomer = cookieHeader(started.cookies, deputy.cookie);
    expect((await gqlAt(t, OP, ME, {}, asCustomer)).data.me.id).toBe(c.id);
    await gqlAt(
      t,
      OP,
      SUSPEND,
      { input: { commandId: cmd(), userId: deputy.id, reason: 'left the company' } },
      admin,
    );
    expect((await gqlAt(t, OP, ME, {}, asCustomer)).data.me).toBeNull();
  });
});
