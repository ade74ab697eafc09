import { expect } from 'vitest';
import { resellerInput } from './testing.ts';
import { accessMutationCases } from './isolation-cases-access.ts';
import { accountMutationCases } from './isolation-cases-accounts.ts';
import { brandOf, input, ownOnly, SELF_SERVICE, SIGNED_OUT, TENANT_SETTING, type IsolationCase } from './isolation-kit.ts';

export { DEFAULT_REFUSALS, type Attacker, type Attempt, type IsolationCase, type Refusal } from './isolation-kit.ts';

/**
 * The tenant-isolation table: for every Query and Mutation field of the schema, how a user of
 * tenant A (its admin, its super admin, customer X) or a session of tenant B replayed on A's
 * host tries to read or change objects of tenant B (and of customer Y), and what must happen.
 * `isolation.int.test.ts` fails for any schema field without an entry here, so a new operation
 * cannot ship without saying how it is isolated.
 *
 * Attackers: `x` (customer of A), `adminA` (A's tenant admin: every permission but
 * tenants.manage), `superA` (the operator's super admin), `adminB` (B's admin, on B's host,
 * reaching for A's objects), `bOnA` (B's admin's cookie sent to A's host), `zOnA` (customer Z's
 * cookie on A's host), `anonymous` (on A's host).
 */
export const ISOLATION_CASES: Record<string, IsolationCase> = {
  // ---- Queries
  ok: { why: 'returns true; no object', attempts: () => [{ as: 'bOnA', query: '{ ok }', answers: (d) => expect(d.ok).toBe(true) }] },
  me: {
    why: 'the session’s user, only on its own tenant’s host',
    attempts: (w) => [
      { as: 'bOnA', query: '{ me { id } }', answers: (d) => expect(d.me).toBeNull() },
      { as: 'x', query: '{ me { id accountId } }', answers: (d) => expect(d.me).toEqual({ id: w.x.id, accountId: w.x.id }) },
    ],
  },
  brand: { why: 'the brand of the host asked, whatever the cookie', attempts: () => [{ as: 'bOnA', query: '{ brand { tenantId } }', answers: (d) => expect(d.brand.tenantId).toBe('akashone') }] },
  outbox: {
    why: 'row-level security shows the tenant’s own mails',
    attempts: (w) => [
      { as: 'adminA', query: '{ outbox(first: 200) { to } }', answers: ownOnly([w.z.email, 'w@example.com']) },
      { as: 'x', query: '{ outbox { to } }', refused: ['FORBIDDEN'] },
    ],
  },
  customers: {
    why: 'row-level security shows the tenant’s own customers',
    attempts: (w) => [
      { as: 'adminA', query: 'query($s: String) { customers(search: $s) { id } }', variables: { s: 'z@' }, answers: (d) => expect(d.customers).toEqual([]) },
      { as: 'x', query: '{ customers { id } }', refused: ['FORBIDDEN'] },
    ],
  },
  permissionCatalog: { why: 'a fixed list; no object', attempts: () => [{ as: 'x', query: '{ permissionCatalog { key } }', refused: ['FORBIDDEN'] }] },
  staffRoles: {
    why: 'the tenant’s own custom roles (row-level security)',
    attempts: (w) => [
      { as: 'adminA', query: '{ staffRoles { id } }', answers: ownOnly([w.roleB]) },
      { as: 'adminB', query: '{ staffRoles { id } }', answers: ownOnly([w.roleA]) },
      { as: 'x', query: '{ staffRoles { id } }', refused: ['FORBIDDEN'] },
    ],
  },
  users: {
    why: 'row-level security shows the tenant’s own users',
    attempts: (w) => [
      { as: 'adminA', query: '{ users(first: 200) { items { id } } }', answers: ownOnly([w.z.id, w.adminB.id, w.staffB.id]) },
      { as: 'adminB', query: '{ users(first: 200) { items { id } } }', answers: ownOnly([w.y.id, w.x.id, w.superA.id]) },
      { as: 'x', query: '{ users { total } }', refused: ['FORBIDDEN'] },
    ],
  },
  user: {
    why: 'a user of another tenant is not found; customers may not look users up',
    attempts: (w) => [
      { as: 'adminA', query: 'query($id: ID!) { user(id: $id) { user { id } } }', variables: { id: w.z.id } },
      { as: 'superA', query: 'query($id: ID!) { user(id: $id) { user { id } } }', variables: { id: w.adminB.id } },
      { as: 'adminB', query: 'query($id: ID!) { user(id: $id) { user { id } } }', variables: { id: w.y.id } },
      { as: 'x', query: 'query($id: ID!) { user(id: $id) { user { id } } }', variables: { id: w.y.id } },
    ],
  },
  accountActivity: {
    why: 'the activity of the account the session acts for, nobody else’s',
    attempts: (w) => [
      { as: 'x', query: '{ accountActivity(first: 200) { id actor { id } impersonator { id } } }', answers: ownOnly([w.y.id, w.z.id, w.memberY]) },
      { as: 'bOnA', query: '{ accountActivity { id } }', refused: SIGNED_OUT },
    ],
  },
  team: {
    why: 'the team of the account the session acts for',
    attempts: (w) => [
      { as: 'x', query: '{ team { accountId members { id } invitations { id } } }', answers: (d) => {
        expect(d.team.accountId).toBe(w.x.id);
        ownOnly([w.memberY, w.memberZ, w.invitationY.id, w.invitationZ.id])(d, w);
      } },
      { as: 'zOnA', query: '{ team { accountId } }', refused: SIGNED_OUT },
    ],
  },
  invitation: {
    why: 'a token is looked up within the host’s tenant only',
    attempts: (w) => [
      { as: 'anonymous', query: 'query($t: String!) { invitation(token: $t) { email } }', variables: { t: w.invitationZ.token }, refused: ['NOT_FOUND'] },
      { as: 'x', query: 'query($t: String!) { invitation(token: $t) { email } }', variables: { t: w.invitationZ.token }, refused: ['NOT_FOUND'] },
    ],
  },
  profile: SELF_SERVICE('{ profile { email } }'),
  accountSecurity: SELF_SERVICE('{ accountSecurity { twoFactorEnabled } }'),
  mySessions: {
    why: 'the signed-in user’s own sessions',
    attempts: (w) => [
      { as: 'x', query: '{ mySessions { id } }', answers: ownOnly([w.sessionY, w.sessionZ]) },
      { as: 'zOnA', query: '{ mySessions { id } }', refused: SIGNED_OUT },
    ],
  },
  billingStates: { why: 'the GST state list; no object', attempts: () => [{ as: 'bOnA', query: '{ billingStates { code } }', answers: (d) => expect(d.billingStates.length).toBeGreaterThan(30) }] },
  tenantSettings: {
    why: 'another tenant’s settings need tenants.manage (the operator’s super admins only)',
    attempts: () => [
      { as: 'adminA', query: 'query($id: ID) { tenantSettings(tenantId: $id) { tenantId } }', variables: { id: 'kloudnests' }, refused: ['FORBIDDEN'] },
      { as: 'adminB', query: 'query($id: ID) { tenantSettings(tenantId: $id) { tenantId } }', variables: { id: 'akashone' }, refused: ['FORBIDDEN'] },
      { as: 'adminB', query: '{ tenantSettings { tenantId topUps { bankIfsc } } }', answers: (d) => expect(d.tenantSettings).toEqual({ tenantId: 'kloudnests', topUps: { bankIfsc: 'ICIC0000004' } }) },
      // A reseller reads its own hosts only; a customer no host at all.
      { as: 'adminB', query: '{ tenantSettings { hosts { name } } }', answers: (d) => expect(d.tenantSettings.hosts.map((h: { name: string }) => h.name)).toEqual(['kloudnests.localhost']) },
      { as: 'x', query: '{ tenantSettings { hosts { name } } }', refused: ['FORBIDDEN'] },
    ],
  },
  tenants: {
    why: 'only the operator’s super admins list tenants',
    attempts: () => [
      { as: 'adminA', query: '{ tenants { tenantId } }', refused: ['FORBIDDEN'] },
      { as: 'adminB', query: '{ tenants { tenantId } }', refused: ['FORBIDDEN'] },
      { as: 'adminB', query: '{ tenants { hosts { name status } } }', refused: ['FORBIDDEN'] },
      { as: 'x', query: '{ tenants { hosts { name } } }', refused: ['FORBIDDEN'] },
    ],
  },
  topUpPaymentDetails: {
    why: 'the host tenant’s own bank details',
    attempts: () => [
      { as: 'x', query: '{ topUpPaymentDetails { bankIfsc } }', answers: (d) => expect(d.topUpPaymentDetails.bankIfsc).toBe('HDFC0000123') },
      { as: 'zOnA', query: '{ topUpPaymentDetails { bankIfsc } }', refused: SIGNED_OUT },
    ],
  },
  wallet: {
    why: 'customers see their account’s wallet; admins name a customer of their tenant',
    attempts: (w) => [
      { as: 'x', query: 'query($id: ID) { wallet(customerId: $id) { balance } }', variables: { id: w.y.id } },
      { as: 'adminA', query: 'query($id: ID) { wallet(customerId: $id) { balance } }', variables: { id: w.z.id } },
      { as: 'superA', query: 'query($id: ID) { wallet(customerId: $id) { balance } }', variables: { id: w.z.id } },
      { as: 'adminB', query: 'query($id: ID) { wallet(customerId: $id) { balance } }', variables: { id: w.y.id } },
      { as: 'zOnA', query: '{ wallet { balance } }', refused: SIGNED_OUT },
    ],
  },
  walletStatement: {
    why: 'as wallet',
    attempts: (w) => [
      { as: 'x', query: 'query($id: ID) { walletStatement(asOf: "2100-01-01T00:00:00Z", customerId: $id) { balance } }', variables: { id: w.y.id } },
      { as: 'adminA', query: 'query($id: ID) { walletStatement(asOf: "2100-01-01T00:00:00Z", customerId: $id) { balance } }', variables: { id: w.z.id } },
    ],
  },
  topUps: {
    why: 'customers list their account’s requests; admins their tenant’s (row-level security)',
    attempts: (w) => [
      { as: 'x', query: '{ topUps(first: 200) { items { id } } }', answers: ownOnly([w.topUpY, w.topUpZ]) },
      { as: 'adminA', query: '{ topUps(first: 200) { items { id } } }', answers: ownOnly([w.topUpZ]) },
      { as: 'adminB', query: '{ topUps(first: 200) { items { id } } }', answers: ownOnly([w.topUpY]) },
    ],
  },
  topUp: {
    why: 'another customer’s or tenant’s request is not found',
    attempts: (w) => [
      { as: 'x', query: 'query($id: ID!) { topUp(id: $id) { id } }', variables: { id: w.topUpY } },
      { as: 'adminA', query: 'query($id: ID!) { topUp(id: $id) { id } }', variables: { id: w.topUpZ } },
      { as: 'superA', query: 'query($id: ID!) { topUp(id: $id) { id } }', variables: { id: w.topUpZ } },
    ],
  },
  tracedEvent: {
    why: 'only events of the caller’s own ledger (customers) or tenant (admins)',
    attempts: (w) => [
      { as: 'x', query: 'query($id: ID!) { tracedEvent(eventId: $id) { id } }', variables: { id: w.ledgerEventY } },
      { as: 'adminA', query: 'query($id: ID!) { tracedEvent(eventId: $id) { id } }', variables: { id: w.ledgerEventZ } },
    ],
  },

  // ---- Mutations
  _noop: { why: 'does nothing', attempts: () => [{ as: 'bOnA', query: 'mutation { _noop }', answers: (d) => expect(d._noop).toBeNull() }] },
  ...accessMutationCases(),
  ...accountMutationCases(),
  createTenant: {
    why: 'only the operator’s super admins create tenants',
    attempts: () => [
      { as: 'adminA', query: 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { adminEmail } }', variables: { input: resellerInput('rogue-a', 'rogue-a.localhost') }, refused: ['FORBIDDEN'] },
      { as: 'adminB', query: 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { adminEmail } }', variables: { input: resellerInput('rogue-b', 'rogue-b.localhost') }, refused: ['FORBIDDEN'] },
    ],
  },
  updateTenantBrand: TENANT_SETTING('mutation($input: UpdateTenantBrandInput!) { updateTenantBrand(input: $input) { tenantId } }', (w) => ({ brand: brandOf(w) })),
  updateTenantLegalProfile: TENANT_SETTING('mutation($input: UpdateTenantLegalProfileInput!) { updateTenantLegalProfile(input: $input) { tenantId } }', () => ({
    legal: resellerInput('kloudnests', 'kloudnests.localhost').legal,
  })),
  updateTenantTopUps: TENANT_SETTING('mutation($input: UpdateTenantTopUpsInput!) { updateTenantTopUps(input: $input) { tenantId } }', () => ({
    topUps: resellerInput('kloudnests', 'kloudnests.localhost').topUps,
  })),
  approveHost: {
    why: 'only the operator’s super admins decide on host names: a reseller never approves its own',
    attempts: (w) => [
      { as: 'adminB', query: 'mutation($input: ApproveHostInput!) { approveHost(input: $input) { tenantId } }', variables: input(w, { host: 'kloudnests.localhost' }), refused: ['FORBIDDEN'] },
      { as: 'adminA', query: 'mutation($input: ApproveHostInput!) { approveHost(input: $input) { tenantId } }', variables: input(w, { host: 'kloudnests.localhost' }), refused: ['FORBIDDEN'] },
      { as: 'x', query: 'mutation($input: ApproveHostInput!) { approveHost(input: $input) { tenantId } }', variables: input(w, { host: 'kloudnests.localhost' }), refused: ['FORBIDDEN'] },
    ],
  },
  rejectHost: {
    why: 'as approveHost: a reseller cannot reject (release) a host through it either',
    attempts: (w) => [
      { as: 'adminB', query: 'mutation($input: RejectHostInput!) { rejectHost(input: $input) { tenantId } }', variables: input(w, { host: 'kloudnests.localhost', reason: 'not mine' }), refused: ['FORBIDDEN'] },
      { as: 'adminA', query: 'mutation($input: RejectHostInput!) { rejectHost(input: $input) { tenantId } }', variables: input(w, { host: 'kloudnests.localhost', reason: 'not yours' }), refused: ['FORBIDDEN'] },
      { as: 'x', query: 'mutation($input: RejectHostInput!) { rejectHost(input: $input) { tenantId } }', variables: input(w, { host: 'kloudnests.localhost', reason: 'not yours' }), refused: ['FORBIDDEN'] },
    ],
  },
  switchFeature: TENANT_SETTING('mutation($input: SwitchFeatureInput!) { switchFeature(input: $input) { tenantId } }', () => ({ feature: 'wallet', enabled: false })),
  requestTopUp: {
    why: 'credits only the account the session acts for (no customer id is taken)',
    attempts: (w) => [
      { as: 'zOnA', query: 'mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }', variables: input(w, { amount: '500.00', method: 'BANK_TRANSFER', reference: 'UTR-ISO', proof: { fileName: 'p.png', contentType: 'image/png', base64: 'iVBORw0KGgo=' } }), refused: SIGNED_OUT },
      { as: 'adminA', query: 'mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }', variables: input(w, { amount: '500.00', method: 'BANK_TRANSFER', reference: 'UTR-ISO', proof: { fileName: 'p.png', contentType: 'image/png', base64: 'iVBORw0KGgo=' } }), refused: ['FORBIDDEN'] },
    ],
  },
  approveTopUp: {
    why: 'a request of another tenant is not found; customers may not approve',
    attempts: (w) => [
      { as: 'adminA', query: 'mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }', variables: input(w, { topUpId: w.topUpZ }) },
      { as: 'superA', query: 'mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }', variables: input(w, { topUpId: w.topUpZ }) },
      { as: 'x', query: 'mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }', variables: input(w, { topUpId: w.topUpY }) },
    ],
  },
  rejectTopUp: {
    why: 'as approveTopUp',
    attempts: (w) => [
      { as: 'adminA', query: 'mutation($input: RejectTopUpInput!) { rejectTopUp(input: $input) { id } }', variables: input(w, { topUpId: w.topUpZ, reason: 'not received' }) },
      { as: 'adminB', query: 'mutation($input: RejectTopUpInput!) { rejectTopUp(input: $input) { id } }', variables: input(w, { topUpId: w.topUpY, reason: 'not received' }) },
    ],
  },
};
