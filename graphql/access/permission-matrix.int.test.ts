import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildSchema } from 'graphql';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { schema as api } from '../../server/areas/index.ts';
import { cmd, gqlAt, resellerInput, signInAt } from './testing.ts';
import { A, buildWorld, type Person, type World } from './testing/world.ts';

/**
 * Every operation × each system role (and anonymous): allowed, or refused as designed. "Allowed"
 * means neither FORBIDDEN nor UNAUTHENTICATED (a made-up id still answers NOT_FOUND, a second
 * suspension CONFLICT). Public operations are refused to nobody. A new operation without a row
 * fails the suite.
 */
type Role = 'super_admin' | 'tenant_admin' | 'support' | 'billing' | 'customer';
const ROLES: Role[] = ['super_admin', 'tenant_admin', 'support', 'billing', 'customer'];
const STAFF: Role[] = ['super_admin', 'tenant_admin', 'support', 'billing'];
const USERS_MANAGE: Role[] = ['super_admin', 'tenant_admin', 'support'];
/** The tenant's owners: settings.manage and users.impersonate. */
const OWNERS: Role[] = ['super_admin', 'tenant_admin'];

interface Row {
  /** Who may: 'public' (anyone, signed in or not), 'signed-in' (every role), or the roles. */
  allowed: 'public' | 'signed-in' | Role[];
  call: (w: World, role: Role, n: number) => { query: string; variables?: Record<string, unknown> };
  /** Run with a session made for this call (the operation ends the session it is called with). */
  freshSession?: boolean;
}

const q = (query: string, variables?: Record<string, unknown>) => () => ({ query, variables });
const m = (field: string, type: string, select: string, input: (w: World, role: Role, n: number) => Record<string, unknown>) => (w: World, role: Role, n: number) => ({
  query: `mutation($input: ${type}!) { ${field}(input: $input) ${select} }`,
  variables: { input: { commandId: cmd(), ...input(w, role, n) } },
});
const NO_ID = '00000000-0000-4000-8000-000000000000';
const proof = { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
const settingsA = () => resellerInput('akashone', 'akashone.localhost');

const MATRIX: Record<string, Row> = {
  ok: { allowed: 'public', call: q('{ ok }') },
  me: { allowed: 'public', call: q('{ me { id } }') },
  brand: { allowed: 'public', call: q('{ brand { name } }') },
  billingStates: { allowed: 'public', call: q('{ billingStates { code } }') },
  invitation: { allowed: 'public', call: q('query { invitation(token: "not-a-real-invitation-token-at-all") { email } }') },
  outbox: { allowed: USERS_MANAGE, call: q('{ outbox { id } }') },
  customers: { allowed: USERS_MANAGE, call: q('{ customers { id } }') },
  permissionCatalog: { allowed: STAFF, call: q('{ permissionCatalog { key } }') },
  staffRoles: { allowed: USERS_MANAGE, call: q('{ staffRoles { id } }') },
  users: { allowed: USERS_MANAGE, call: q('{ users { total } }') },
  user: { allowed: USERS_MANAGE, call: (w) => ({ query: 'query($id: ID!) { user(id: $id) { user { id } } }', variables: { id: w.x.id } }) },
  accountActivity: { allowed: ['customer'], call: q('{ accountActivity { id } }') },
  team: { allowed: ['customer'], call: q('{ team { accountId } }') },
  profile: { allowed: 'signed-in', call: q('{ profile { email } }') },
  accountSecurity: { allowed: 'signed-in', call: q('{ accountSecurity { twoFactorEnabled } }') },
  mySessions: { allowed: 'signed-in', call: q('{ mySessions { id } }') },
  tenantSettings: { allowed: OWNERS, call: q('{ tenantSettings { tenantId } }') },
  tenants: { allowed: ['super_admin'], call: q('{ tenants { tenantId } }') },
  topUpPaymentDetails: { allowed: 'signed-in', call: q('{ topUpPaymentDetails { bankIfsc } }') },
  wallet: { allowed: 'signed-in', call: (w, r) => ({ query: 'query($id: ID) { wallet(customerId: $id) { balance } }', variables: { id: r === 'customer' ? null : w.y.id } }) },
  walletStatement: {
    allowed: 'signed-in',
    call: (w, r) => ({ query: 'query($id: ID) { walletStatement(asOf: "2100-01-01T00:00:00Z", customerId: $id) { balance } }', variables: { id: r === 'customer' ? null : w.y.id } }),
  },
  topUps: { allowed: 'signed-in', call: q('{ topUps { total } }') },
  topUp: { allowed: 'signed-in', call: (w) => ({ query: 'query($id: ID!) { topUp(id: $id) { id } }', variables: { id: w.topUpY } }) },
  tracedEvent: { allowed: 'signed-in', call: (w) => ({ query: 'query($id: ID!) { tracedEvent(eventId: $id) { id } }', variables: { id: w.ledgerEventY } }) },

  _noop: { allowed: 'public', call: q('mutation { _noop }') },
  signIn: { allowed: 'public', call: q('mutation { signIn(email: "nobody@example.com", password: "not the password") { next } }') },
  signOut: { allowed: 'public', call: q('mutation { signOut }'), freshSession: true },
  register: { allowed: 'public', call: (_w, r, n) => ({ query: 'mutation($input: RegisterInput!) { register(input: $input) { email } }', variables: { input: { commandId: cmd(), email: `matrix-${r}-${n}@example.com`, name: 'M', password: 'matrix-password-123' } } }) },
  verifyEmail: { allowed: 'public', call: q('mutation { verifyEmail(token: "not-a-real-verification-token") { email } }') },
  resendVerificationEmail: { allowed: 'public', call: q('mutation { resendVerificationEmail(email: "nobody@example.com") { email } }') },
  requestPasswordReset: { allowed: 'public', call: q('mutation { requestPasswordReset(email: "nobody@example.com") { email } }') },
  resetPassword: { allowed: 'public', call: q('mutation { resetPassword(token: "not-a-real-reset-token", password: "matrix-password-123") { email } }') },
  completeSignIn: { allowed: 'public', call: q('mutation { completeSignIn(challenge: "not-a-real-challenge", code: "123456") { id } }') },
  startHeldTwoFactorSetup: { allowed: 'public', call: q('mutation { startHeldTwoFactorSetup(challenge: "not-a-real-challenge") { secret } }') },
  confirmHeldTwoFactorSetup: { allowed: 'public', call: q('mutation { confirmHeldTwoFactorSetup(challenge: "not-a-real-challenge", code: "123456") { recoveryCodes } }') },
  chooseNewPassword: { allowed: 'public', call: q('mutation { chooseNewPassword(challenge: "not-a-real-challenge", password: "a new long password") { next } }') },
  acceptInvitation: { allowed: 'public', call: q('mutation { acceptInvitation(input: { token: "not-a-real-invitation-token-at-all", password: "matrix-password-123" }) { email } }') },
  changePassword: { allowed: 'signed-in', call: m('changePassword', 'ChangePasswordInput', '{ id }', () => ({ currentPassword: 'not-my-password-at-all', newPassword: 'matrix-password-456' })) },
  updateProfile: { allowed: 'signed-in', call: m('updateProfile', 'UpdateProfileInput', '{ name }', (_w, r) => ({ name: `Matrix ${r}` })) },
  startTwoFactorSetup: { allowed: 'signed-in', call: q('mutation { startTwoFactorSetup { secret } }') },
  confirmTwoFactorSetup: { allowed: 'signed-in', call: q('mutation { confirmTwoFactorSetup(code: "000000") { recoveryCodes } }') },
  disableTwoFactor: { allowed: 'signed-in', call: q('mutation { disableTwoFactor(password: "not-my-password-at-all", code: "000000") { id } }') },
  regenerateRecoveryCodes: { allowed: 'signed-in', call: q('mutation { regenerateRecoveryCodes(code: "000000") { codes } }') },
  signOutSession: { allowed: 'signed-in', call: q('mutation { signOutSession(id: "no-such-session") }') },
  signOutOtherSessions: { allowed: 'signed-in', call: q('mutation { signOutOtherSessions }') },
  stopImpersonating: { allowed: 'signed-in', call: q('mutation { stopImpersonating { id } }') },

  defineRole: { allowed: OWNERS, call: m('defineRole', 'DefineRoleInput', '{ id }', (_w, r, n) => ({ name: `Matrix ${r} ${n}`, permissions: ['wallet.view'] })) },
  changeRole: { allowed: OWNERS, call: m('changeRole', 'ChangeRoleInput', '{ id }', (w) => ({ roleId: w.roleA, name: 'Sales A', permissions: ['wallet.view'] })) },
  addStaffMember: { allowed: USERS_MANAGE, call: m('addStaffMember', 'AddStaffMemberInput', '{ initialPassword }', (_w, r, n) => ({ email: `matrix-${r}-${n}@akashone.com`, name: 'M', staffRole: 'support' })) },
  assignStaffRole: { allowed: USERS_MANAGE, call: m('assignStaffRole', 'AssignStaffRoleInput', '{ id }', (w) => ({ userId: target.staff.id, staffRole: 'support' })) },
  suspendUser: { allowed: USERS_MANAGE, call: m('suspendUser', 'SuspendUserInput', '{ id }', () => ({ userId: target.customer.id, reason: 'matrix check' })) },
  resetUserTwoFactor: { allowed: USERS_MANAGE, call: m('resetUserTwoFactor', 'ResetUserTwoFactorInput', '{ id }', () => ({ userId: target.customer.id, reason: 'matrix check' })) },
  reactivateUser: { allowed: USERS_MANAGE, call: m('reactivateUser', 'ReactivateUserInput', '{ id }', () => ({ userId: target.customer.id })) },
  impersonateCustomer: { allowed: OWNERS, call: m('impersonateCustomer', 'ImpersonateCustomerInput', '{ id }', (w) => ({ customerId: w.y.id })) },
  inviteTeamMember: { allowed: ['customer'], call: m('inviteTeamMember', 'InviteTeamMemberInput', '{ id }', (_w, r, n) => ({ email: `matrix-invite-${r}-${n}@example.com`, name: 'M', role: 'viewer' })) },
  cancelTeamInvitation: { allowed: ['customer'], call: m('cancelTeamInvitation', 'CancelTeamInvitationInput', '{ id }', () => ({ invitationId: NO_ID })) },
  changeTeamMemberRole: { allowed: ['customer'], call: m('changeTeamMemberRole', 'ChangeTeamMemberRoleInput', '{ id }', () => ({ memberId: NO_ID, role: 'viewer' })) },
  removeTeamMember: { allowed: ['customer'], call: m('removeTeamMember', 'RemoveTeamMemberInput', '', () => ({ memberId: NO_ID })) },
  createTenant: { allowed: ['super_admin'], call: (_w, r, n) => ({ query: 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { adminEmail } }', variables: { input: resellerInput(`matrix-${n}`, `matrix-${n}.localhost`) } }) },
  updateTenantBrand: { allowed: OWNERS, call: m('updateTenantBrand', 'UpdateTenantBrandInput', '{ tenantId }', () => ({ brand: brandA })) },
  updateTenantLegalProfile: { allowed: OWNERS, call: m('updateTenantLegalProfile', 'UpdateTenantLegalProfileInput', '{ tenantId }', () => ({ legal: { ...settingsA().legal, gstin: '27AAPFU0939F1ZV', stateCode: '27' } })) },
  updateTenantTopUps: { allowed: OWNERS, call: m('updateTenantTopUps', 'UpdateTenantTopUpsInput', '{ tenantId }', () => ({ topUps: settingsA().topUps })) },
  approveHost: { allowed: ['super_admin'], call: m('approveHost', 'ApproveHostInput', '{ tenantId }', () => ({ host: 'nobody-asked.example.net' })) },
  rejectHost: { allowed: ['super_admin'], call: m('rejectHost', 'RejectHostInput', '{ tenantId }', () => ({ host: 'nobody-asked.example.net', reason: 'matrix check' })) },
  switchFeature: { allowed: OWNERS, call: m('switchFeature', 'SwitchFeatureInput', '{ tenantId }', () => ({ feature: 'kubernetes', enabled: true })) },
  requestTopUp: { allowed: ['customer'], call: m('requestTopUp', 'RequestTopUpInput', '{ id }', () => ({ amount: '500.00', method: 'BANK_TRANSFER', reference: 'UTR-MATRIX', proof })) },
  approveTopUp: { allowed: ['super_admin', 'tenant_admin', 'billing'], call: m('approveTopUp', 'ApproveTopUpInput', '{ id }', () => ({ topUpId: NO_ID })) },
  rejectTopUp: { allowed: ['super_admin', 'tenant_admin', 'billing'], call: m('rejectTopUp', 'RejectTopUpInput', '{ id }', () => ({ topUpId: NO_ID, reason: 'matrix check' })) },
};

let w: World;
let brandA: Record<string, unknown>;
const target = { customer: { id: '' }, staff: { id: '' } };

beforeAll(async () => {
  w = await buildWorld();
  brandA = (await gqlAt(w.t, A, '{ tenantSettings { brand { name tagline primaryColor accentColor logoUrl supportEmail mailFrom domains } } }', {}, w.superA.cookie)).data.tenantSettings.brand;
  target.customer = (await w.t.customer('matrix-target@example.com')) as { id: string };
  const staff = await gqlAt(w.t, A, 'mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { user { id } } }', { input: { commandId: cmd(), email: 'matrix-target@akashone.com', name: 'T', staffRole: 'support' } }, w.superA.cookie);
  target.staff = staff.data.addStaffMember.user;
});
afterAll(async () => w?.t.close());

const personOf = (role: Role): Person => (role === 'super_admin' ? w.superA : role === 'customer' ? w.x : w.staffA[role]);

describe('permission matrix', () => {
  const schema = buildSchema(api.sdl);
  const operations = (['Query', 'Mutation'] as const).flatMap((type) => Object.keys((schema.getType(type) as any).getFields()).map((name) => ({ type, name })));

  it('has a row for every query and mutation, and none for operations that are gone', () => {
    const names = operations.map((o) => o.name);
    expect(names.filter((n) => !(n in MATRIX)), 'operations without a row').toEqual([]);
    expect(Object.keys(MATRIX).filter((n) => !names.includes(n)), 'rows for operations the schema lacks').toEqual([]);
  });

  let n = 0;
  for (const { type, name } of operations) {
    const row = MATRIX[name];
    it.skipIf(!row)(`${type}.${name}: ${Array.isArray(row?.allowed) ? row!.allowed.join(', ') : row?.allowed}`, async () => {
      for (const role of [...ROLES, null]) {
        const call = row!.call(w, role ?? 'customer', ++n);
        const person = role ? personOf(role) : null;
        const cookie = person && row!.freshSession ? await signInAt(w.t, A, person.email, person.password) : person?.cookie;
        const res = await gqlAt(w.t, A, call.query, call.variables ?? {}, cookie);
        const got = res.errors?.[0]?.extensions?.code as string | undefined;
        const who = `${type}.${name} as ${role ?? 'anonymous'} (${res.errors?.[0]?.message ?? 'ok'})`;
        const allowed = row!.allowed === 'public' || (role !== null && (row!.allowed === 'signed-in' || row!.allowed.includes(role)));
        if (allowed) expect(got === 'FORBIDDEN' || (got === 'UNAUTHENTICATED' && row!.allowed !== 'public'), who).toBe(false);
        else expect(got, who).toBe(role ? 'FORBIDDEN' : 'UNAUTHENTICATED');
      }
    });
  }
});
