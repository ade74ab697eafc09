import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureUser } from '../../server/bootstrap.ts';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { cmd, cookieHeader, gqlAt, signInAt } from './testing.ts';

const OP = 'akashone.localhost';

/**
 * An impersonation ends with the admin's sessions (whatever ends them), has its own short
 * lifetime, and is listed among the admin's sessions (issue 9, item 2).
 */
const IMPERSONATE = `mutation($input: ImpersonateCustomerInput!) { impersonateCustomer(input: $input) { id } }`;
const ME = `{ me { id impersonator { id } } }`;
const SESSIONS = `{ mySessions { id current byStaff impersonating { id name email } } }`;
const PASSWORD = 'staff-password-long-1';

let t: TestPlatform;
let superAdmin: string;
let n = 0;

beforeAll(async () => {
  t = await startTestPlatform();
  superAdmin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
});
afterAll(async () => t?.close());

/** A tenant admin signed in from two browsers, and a customer they act as from the first. */
async function impersonating() {
  n += 1;
  const email = `imp-admin-${n}@akashone.com`;
  const made = await ensureUser(
    { store: t.running.platform.store, now: () => new Date(), bcryptCost: 10 },
    `imp:${email}`,
    { email, name: `Admin ${n}`, role: 'admin', staffRole: 'tenant_admin', password: PASSWORD },
  );
  await t.running.platform.projections.waitFor(made!.position, 10_000);
  const customer = await t.customer(`imp-customer-${n}@example.com`, `Customer ${n}`);
  const browserA = await signInAt(t, OP, email, PASSWORD);
  const browserB = await signInAt(t, OP, email, PASSWORD);
  const started = await gqlAt(
    t,
    OP,
    IMPERSONATE,
    { input: { commandId: cmd(), customerId: customer.id } },
    browserA,
  );
  expect(started.errors).toBeUndefined();
  const asCustomer = cookieHeader(started.cookies, browserA);
  expect((await gqlAt(t, OP, ME, {}, asCustomer)).data.me.id).toBe(customer.id);
  return {
    adminId: made!.userId,
    email,
    customer: { ...customer, name: `Customer ${n}`, email: `imp-customer-${n}@example.com` },
    browserB,
    asCustomer,
  };
}

const stillActing = async (cookie: string, customerId: string) =>
  (await gqlAt(t, OP, ME, {}, cookie)).data.me?.id === customerId;

describe('an impersonation ends with its impersonator', () => {
  it('signing out other sessions (from another browser) ends it', async () => {
    const s = await impersonating();
    const out = await gqlAt(t, OP, `mutation { signOutOtherSessions }`, {}, s.browserB);
    expect(out.errors).toBeUndefined();
    expect(await stillActing(s.asCustomer, s.customer.id)).toBe(false);
  });

  it('changing the password ends it', async () => {
    const s = await impersonating();
    const changed = await gqlAt(
      t,
      OP,
      `mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }`,
      {
        input: {
          commandId: cmd(),
          currentPassword: PASSWORD,
          newPassword: 'another staff password 2',
        },
      },
      s.browserB,
    );
    expect(changed.errors).toBeUndefined();
    expect(await stillActing(s.asCustomer, s.customer.id)).toBe(false);
  });

  it('a role change ends it, even to a role that may still impersonate', async () => {
    const s = await impersonating();
    const assigned = await gqlAt(
      t,
      OP,
      `mutation($input: AssignStaffRoleInput!) { assignStaffRole(input: $input) { id } }`,
      { input: { commandId: cmd(), userId: s.adminId, staffRole: 'super_admin' } },
      superAdmin,
    );
    expect(assigned.errors).toBeUndefined();
    expect(await stillActing(s.asCustomer, s.customer.id)).toBe(false);
  });

  it('lasts IMPERSONATION_MINUTES (30) at most, though the admin stays signed in', async () => {
    const s = await impersonating();
    await t.running.platform
      .sql`update auth.sessions set created_at = created_at - interval '29 minutes' where impersonator_id = ${s.adminId}`;
    expect(await stillActing(s.asCustomer, s.customer.id)).toBe(true);
    await t.running.platform
      .sql`update auth.sessions set created_at = created_at - interval '2 minutes' where impersonator_id = ${s.adminId}`;
    expect(await stillActing(s.asCustomer, s.customer.id)).toBe(false);
    expect((await gqlAt(t, OP, ME, {}, s.browserB)).data.me.id).toBe(s.adminId);
  });

  it("is listed among the admin's sessions, naming the customer, and can be ended from there", async () => {
    const s = await impersonating();
    const list = (await gqlAt(t, OP, SESSIONS, {}, s.browserB)).data.mySessions as {
      id: string;
      current: boolean;
      byStaff: boolean;
      impersonating: { id: string; name: string } | null;
    }[];
    expect(list).toHaveLength(3);
    const acting = list.filter((x) => x.impersonating);
    expect(acting).toEqual([
      expect.objectContaining({
        current: false,
        byStaff: false,
        impersonating: { id: s.customer.id, name: s.customer.name, email: s.customer.email },
      }),
    ]);
    // The customer sees it too, as staff signed in as them.
    expect(
      (await gqlAt(t, OP, SESSIONS, {}, s.customer.cookie)).data.mySessions.filter(
        (x: { byStaff: boolean }) => x.byStaff,
      ),
    ).toHaveLength(1);
    const ended = await gqlAt(
      t,
      OP,
      `mutation($id: ID!) { signOutSession(id: $id) }`,
      { id: acting[0]!.id },
      s.browserB,
    );
    expect(ended.errors).toBeUndefined();
    expect(await stillActing(s.asCustomer, s.customer.id)).toBe(false);
  });
});
