import { randomUUID } from 'node:crypto';
import { linkInMailbox } from '../../../server/testing/mailbox.ts';
import { ensureUser } from '../../../server/bootstrap.ts';
import { DEMO_PROOF_PNG } from '../../../server/demo.ts';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../../server/testing/platform.ts';
import { totpCode } from '../../../commands/identity/totp.ts';
import { cmd, cookieHeader, firstSignInAt, gqlAt, openReseller, signInAt } from '../testing.ts';

export const A = 'akashone.localhost';
export const B = 'kloudnests.localhost';

export interface Person {
  id: string;
  email: string;
  cookie: string;
  password: string;
}

/**
 * Two tenants with people and objects in each, for the access suites: tenant A (the operator)
 * with its staff in every system role and customers X and Y; tenant B (a reseller) with its admin
 * and customer Z. Y and Z each own a top-up, a ledger line, a team with a member, a pending
 * invitation and a session; Z also has two-factor on (so a sign-in challenge exists), a password
 * reset link and an unconfirmed registration in B.
 */
export interface World {
  t: TestPlatform;
  superA: Person;
  staffA: { tenant_admin: Person; support: Person; billing: Person };
  x: Person;
  y: Person;
  adminB: Person;
  z: Person;
  staffB: Person;
  roleA: string;
  roleB: string;
  topUpY: string;
  topUpZ: string;
  ledgerEventY: string;
  ledgerEventZ: string;
  invitationY: { id: string; token: string };
  invitationZ: { id: string; token: string };
  memberY: string;
  memberZ: string;
  sessionY: string;
  sessionZ: string;
  resetTokenZ: string;
  verifyTokenB: string;
  challengeZ: string;
  /** Z's authenticator secret, so an attempt can bring a valid code. */
  totpSecretZ: string;
  password: string;
}

const proof = { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
const PASSWORD = 'world-password-123';

async function must<T = any>(res: Promise<{ data: T; errors?: any[] }>): Promise<T> {
  const r = await res;
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

/** The token of the last link to `path` mailed to `to` (read from the mailbox, as the person would). */
async function mailedToken(t: TestPlatform, to: string, path: RegExp): Promise<string> {
  return linkInMailbox(t.running.platform.mail.mailbox!, to, path);
}

async function customerIn(
  t: TestPlatform,
  host: string,
  tenantId: string,
  email: string,
): Promise<Person> {
  const made = await ensureUser(
    { store: t.running.platform.store, now: () => new Date(), bcryptCost: 10 },
    `world:${email}`,
    { email, name: email.split('@')[0]!, role: 'customer', password: PASSWORD },
    tenantId,
  );
  await t.running.platform.projections.waitFor(made!.position, 10_000);
  return {
    id: made!.userId,
    email,
    cookie: await signInAt(t, host, email, PASSWORD),
    password: PASSWORD,
  };
}

async function staffIn(
  t: TestPlatform,
  host: string,
  by: string,
  email: string,
  staffRole: string,
): Promise<Person> {
  const d = await must(
    gqlAt(
      t,
      host,
      `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { user { id } initialPassword } }`,
      { input: { commandId: cmd(), email, name: email.split('@')[0], staffRole } },
      by,
    ),
  );
  const initial = d.addStaffMember.initialPassword as string;
  const password = `${initial}-own`;
  return {
    id: d.addStaffMember.user.id,
    email,
    cookie: await firstSignInAt(t, host, email, initial, password),
    password,
  };
}

/** A funded wallet: a top-up approved by `admin`; returns the top-up and its ledger event. */
async function fund(t: TestPlatform, host: string, customer: Person, admin: string) {
  const req = await must(
    gqlAt(
      t,
      host,
      `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }`,
      {
        input: {
          commandId: cmd(),
          amount: '1500.00',
          method: 'BANK_TRANSFER',
          reference: `UTR-${customer.id.slice(0, 8)}`,
          proof,
        },
      },
      customer.cookie,
    ),
  );
  await must(
    gqlAt(
      t,
      host,
      `mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }`,
      { input: { commandId: cmd(), topUpId: req.requestTopUp.id } },
      admin,
    ),
  );
  const wallet = await must(
    gqlAt(t, host, `{ wallet { entries { eventId } } }`, {}, customer.cookie),
  );
  return {
    topUp: req.requestTopUp.id as string,
    ledgerEvent: wallet.wallet.entries[0].eventId as string,
  };
}

/** A team with one member who joined and one invitation still waiting. */
async function team(t: TestPlatform, host: string, owner: Person) {
  const invite = (email: string) =>
    must(
      gqlAt(
        t,
        host,
        `mutation($input: InviteTeamMemberInput!) { inviteTeamMember(input: $input) { id } }`,
        { input: { commandId: cmd(), email, name: 'Member', role: 'billing' } },
        owner.cookie,
      ),
    );
  const memberEmail = `member-of-${owner.email}`;
  await invite(memberEmail);
  const joinToken = await mailedToken(t, memberEmail, /\/invite\/([A-Za-z0-9_-]+)/);
  await must(
    gqlAt(
      t,
      host,
      `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { email } }`,
      { input: { token: joinToken, password: PASSWORD } },
    ),
  );
  const member = await must(gqlAt(t, host, `{ team { members { id } } }`, {}, owner.cookie));
  const pendingEmail = `invited-by-${owner.email}`;
  const pending = await invite(pendingEmail);
  return {
    memberId: member.team.members[0].id as string,
    invitation: {
      id: pending.inviteTeamMember.id as string,
      token: await mailedToken(t, pendingEmail, /\/invite\/([A-Za-z0-9_-]+)/),
    },
  };
}

const sessionOf = async (t: TestPlatform, host: string, who: Person) =>
  (await must(gqlAt(t, host, `{ mySessions { id current } }`, {}, who.cookie))).mySessions.find(
    (s: { current: boolean }) => s.current,
  ).id as string;

export async function buildWorld(): Promise<World> {
  const t = await startTestPlatform();
  const superA: Person = {
    id: '',
    email: ADMIN.email,
    cookie: await signInAt(t, A, ADMIN.email, ADMIN.password),
    password: ADMIN.password,
  };
  superA.id = (await must(gqlAt(t, A, `{ me { id } }`, {}, superA.cookie))).me.id;
  for (const [host, by] of [[A, superA.cookie]] as const) {
    await must(
      gqlAt(
        t,
        host,
        `mutation($input: SwitchFeatureInput!) { switchFeature(input: $input) { tenantId } }`,
        { input: { commandId: cmd(), feature: 'team-accounts', enabled: true } },
        by,
      ),
    );
  }
  const staffA = {
    tenant_admin: await staffIn(t, A, superA.cookie, 'owner2@akashone.com', 'tenant_admin'),
    support: await staffIn(t, A, superA.cookie, 'support@akashone.com', 'support'),
    billing: await staffIn(t, A, superA.cookie, 'billing@akashone.com', 'billing'),
  };
  const roleA = (
    await must(
      gqlAt(
        t,
        A,
        `mutation($input: DefineRoleInput!) { defineRole(input: $input) { id } }`,
        { input: { commandId: cmd(), name: 'Sales A', permissions: ['wallet.view'] } },
        superA.cookie,
      ),
    )
  ).defineRole.id;
  const x = await customerIn(t, A, 'akashone', 'x@example.com');
  const y = await customerIn(t, A, 'akashone', 'y@example.com');
  const fundedY = await fund(t, A, y, superA.cookie);
  const teamY = await team(t, A, y);

  const reseller = await openReseller(t, superA.cookie, 'kloudnests', B);
  const adminB: Person = {
    id: (await must(gqlAt(t, B, `{ me { id } }`, {}, reseller.admin))).me.id,
    email: reseller.adminEmail,
    cookie: reseller.admin,
    password: reseller.adminPassword,
  };
  const staffB = await staffIn(t, B, adminB.cookie, 'support@kloudnests.example', 'support');
  const roleB = (
    await must(
      gqlAt(
        t,
        B,
        `mutation($input: DefineRoleInput!) { defineRole(input: $input) { id } }`,
        { input: { commandId: cmd(), name: 'Sales B', permissions: ['wallet.view'] } },
        adminB.cookie,
      ),
    )
  ).defineRole.id;
  const z = await customerIn(t, B, 'kloudnests', 'z@example.com');
  const fundedZ = await fund(t, B, z, adminB.cookie);
  const teamZ = await team(t, B, z);

  // Z turns on two-factor; the confirmation renews Z's session, so the cookie is taken afresh.
  const setup = await must(
    gqlAt(t, B, `mutation { startTwoFactorSetup { secret } }`, {}, z.cookie),
  );
  const confirmed = await gqlAt(
    t,
    B,
    `mutation($c:String!){ confirmTwoFactorSetup(code:$c){ recoveryCodes } }`,
    { c: totpCode(setup.startTwoFactorSetup.secret, new Date()) },
    z.cookie,
  );
  if (confirmed.errors) throw new Error(JSON.stringify(confirmed.errors));
  z.cookie = cookieHeader(confirmed.cookies, z.cookie);
  const challenge = await must(
    gqlAt(
      t,
      B,
      `mutation($e:String!,$p:String!){ signIn(email:$e,password:$p){ next challenge } }`,
      { e: z.email, p: PASSWORD },
    ),
  );
  await must(
    gqlAt(t, B, `mutation($e:String!){ requestPasswordReset(email:$e){ email } }`, { e: z.email }),
  );
  await must(
    gqlAt(t, B, `mutation($input: RegisterInput!){ register(input:$input){ email } }`, {
      input: { commandId: randomUUID(), email: 'w@example.com', name: 'W', password: PASSWORD },
    }),
  );
  // The approval mails are queued by a reactor, after the fact: let them land before counting events.
  await mailedToken(t, z.email, /(was approved)/);
  await mailedToken(t, y.email, /(was approved)/);

  return {
    t,
    superA,
    staffA,
    x,
    y,
    adminB,
    z,
    staffB,
    roleA,
    roleB,
    topUpY: fundedY.topUp,
    topUpZ: fundedZ.topUp,
    ledgerEventY: fundedY.ledgerEvent,
    ledgerEventZ: fundedZ.ledgerEvent,
    invitationY: teamY.invitation,
    invitationZ: teamZ.invitation,
    memberY: teamY.memberId,
    memberZ: teamZ.memberId,
    sessionY: await sessionOf(t, A, y),
    sessionZ: await sessionOf(t, B, z),
    resetTokenZ: await mailedToken(t, z.email, /\/reset-password\?token=([A-Za-z0-9_-]+)/),
    verifyTokenB: await mailedToken(t, 'w@example.com', /\/verify-email\?token=([A-Za-z0-9_-]+)/),
    challengeZ: challenge.signIn.challenge,
    totpSecretZ: setup.startTwoFactorSetup.secret,
    password: PASSWORD,
  };
}
