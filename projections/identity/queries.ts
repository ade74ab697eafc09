import type { Sql, TransactionSql } from 'postgres';
import type {
  BillingSettings,
  Brand,
  LegalProfile,
  TopUpSettings,
} from '../../domain/tenancy/events.ts';

// The identity read model's queries (users and tenants; tables: projector.ts). A TransactionSql
// is scoped to the request's tenant (projections/shared/scoped.ts); a Sql is the owner
// connection, and the query filters by tenant itself.

/** Whether a user (customer or staff) exists in the scoped tenant. */
export async function userExists(tx: TransactionSql, userId: string): Promise<boolean> {
  return (await tx`select 1 from rm_identity.users where id = ${userId}`).length > 0;
}

/** Users' names by id (ids that are not uuids must be left out by the caller). */
export async function namesOf(
  tx: TransactionSql,
  ids: readonly string[],
): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows =
    await tx`select id::text, name from rm_identity.users where id = any(${ids as string[]}::uuid[])`;
  return new Map(rows.map((r) => [r.id as string, r.name as string]));
}

/** A tenant's top-up settings and enabled features, or undefined. */
export async function tenantTopUps(
  sql: Sql | TransactionSql,
  tenantId: string,
): Promise<{ topUps: TopUpSettings; features: string[] } | undefined> {
  const [t] =
    await sql`select top_ups, features from rm_identity.tenants where tenant_id = ${tenantId}`;
  return t ? { topUps: t.top_ups as TopUpSettings, features: t.features as string[] } : undefined;
}

/** rm_identity.users.role */
export type UserRole = 'customer' | 'admin';

/** A user as a session sees them. */
export interface SessionUserRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  /** Staff: a system role name or a custom role's id; null: the default tenant admin (or a customer). */
  staff_role: string | null;
  status: string;
}

/** A user as a session sees it (owner connection; `tenantId` null: any tenant, the caller compares). */
export async function sessionUser(
  sql: Sql,
  userId: string,
  tenantId: string | null = null,
): Promise<SessionUserRow | undefined> {
  const [u] = tenantId
    ? await sql<
        SessionUserRow[]
      >`select id, email, name, role, staff_role, status from rm_identity.users where id = ${userId} and tenant_id = ${tenantId}`
    : await sql<
        SessionUserRow[]
      >`select id, email, name, role, staff_role, status from rm_identity.users where id = ${userId}`;
  return u;
}

/** The features switched on for a tenant. */
export async function tenantFeatures(sql: Sql, tenantId: string): Promise<string[]> {
  const [t] = await sql`select features from rm_identity.tenants where tenant_id = ${tenantId}`;
  return (t?.features as string[] | undefined) ?? [];
}

/** A tenant's domains, first the one mailed links use. */
export async function tenantDomains(sql: Sql, tenantId: string): Promise<string[]> {
  const [t] = await sql`select domains from rm_identity.tenants where tenant_id = ${tenantId}`;
  return (t?.domains as string[] | undefined) ?? [];
}

/** A tenant's brand, legal profile and features (the portal's frame). */
export interface TenantBrandRow {
  tenant_id: string;
  brand: Brand;
  legal: LegalProfile;
  features: string[];
  top_ups: TopUpSettings;
}

/** A tenant's brand, legal profile, features and top-up settings (the portal's frame). */
export async function tenantBrand(sql: Sql, tenantId: string): Promise<TenantBrandRow | undefined> {
  const [t] = await sql<
    TenantBrandRow[]
  >`select tenant_id, brand, legal, features, top_ups from rm_identity.tenants where tenant_id = ${tenantId}`;
  return t;
}

/** How many staff hold each staff role (null: the default tenant admin). */
export const staffRoleHolders = (
  tx: TransactionSql,
): Promise<{ staff_role: string | null; n: number }[]> =>
  tx<
    { staff_role: string | null; n: number }[]
  >`select staff_role, count(*)::int as n from rm_identity.users where role = 'admin' group by staff_role`;

/** The scoped tenant's active staff with their staff role (null: the default tenant admin), by name. */
export const activeStaff = (
  tx: TransactionSql,
): Promise<{ id: string; name: string; staff_role: string | null }[]> =>
  tx<{ id: string; name: string; staff_role: string | null }[]>`
    select id, name, staff_role from rm_identity.users
    where role = 'admin' and status = 'ACTIVE' order by name, id`;

/** Customers whose name or email matches `like` (already escaped), by name. */
export const customersMatching = (
  tx: TransactionSql,
  like: string,
  first: number,
): Promise<{ id: string; email: string; name: string }[]> =>
  tx<{ id: string; email: string; name: string }[]>`select id, email, name from rm_identity.users
     where role = 'customer' and (email ilike ${like} or name ilike ${like})
     order by name, id limit ${first}`;

/** Users by id with their name and email (ids must be uuids). */
export const usersByIds = (
  tx: TransactionSql,
  ids: readonly string[],
): Promise<{ id: string; name: string; email: string }[]> =>
  tx<
    { id: string; name: string; email: string }[]
  >`select id, name, email from rm_identity.users where id = any(${ids as string[]})`;

const USER_COLUMNS = `u.id, u.email, u.name, u.role, u.staff_role, u.status, u.registered_at, tm.account_id as member_of, r.name as custom_role_name`;
const USER_FROM = `rm_identity.users u
  left join rm_access.team_members tm on tm.member_id = u.id
  left join rm_access.roles r on r.role_id::text = u.staff_role`;

/** A user as the admin lists show them (USER_COLUMNS). */
export interface UserRow {
  id: string;
  email: string;
  name: string;
  role: UserRole;
  staff_role: string | null;
  status: string;
  registered_at: Date;
  /** Team members: the account they joined. */
  member_of: string | null;
  /** Staff holding a custom role: its name. */
  custom_role_name: string | null;
}

/** One user of the scoped tenant with the team they joined and their custom role's name. */
export async function userRow(tx: TransactionSql, id: string): Promise<UserRow | undefined> {
  const [row] = await tx.unsafe<UserRow[]>(
    `select ${USER_COLUMNS} from ${USER_FROM} where u.id = $1`,
    [id],
  );
  return row;
}

/** A page of users (search escaped by the caller, role lower-case), newest first, and the count. */
export async function userPage(
  tx: TransactionSql,
  f: {
    like: string | null;
    role: string | null;
    status: string | null;
    first: number;
    offset: number;
  },
) {
  const params = [f.like, f.role, f.status, f.first, f.offset];
  const where = `($1::text is null or u.email ilike $1 or u.name ilike $1) and ($2::text is null or u.role = $2) and ($3::text is null or u.status = $3)`;
  const items = await tx.unsafe<UserRow[]>(
    `select ${USER_COLUMNS} from ${USER_FROM} where ${where} order by u.registered_at desc, u.id limit $4 offset $5`,
    params as never[],
  );
  const [count] = await tx.unsafe<{ total: number }[]>(
    `select count(*)::int as total from rm_identity.users u where ${where}`,
    params.slice(0, 3) as never[],
  );
  return { items: [...items], total: count!.total };
}

/** The billing address of an account, as the accounts read model keeps it. */
export interface AddressJson {
  line1: string;
  line2: string | null;
  city: string;
  stateCode: string;
  postalCode: string;
  country: string;
}

/** A user's account details as staff see them. */
export interface AccountDetailsRow {
  company: string | null;
  phone: string | null;
  address: AddressJson | null;
  gstin: string | null;
  email_verified: boolean;
  two_factor_enabled: boolean;
}

/** A user's account details (accounts read model). */
export async function accountDetails(
  tx: TransactionSql,
  userId: string,
): Promise<AccountDetailsRow | undefined> {
  const [a] = await tx<
    AccountDetailsRow[]
  >`select company, phone, address, gstin, email_verified, two_factor_enabled from rm_accounts.accounts where user_id = ${userId}`;
  return a;
}

/** A user's profile (the account's columns are null before the accounts read model has them). */
export interface ProfileRow {
  name: string;
  email: string;
  company: string | null;
  phone: string | null;
  address: AddressJson | null;
  gstin: string | null;
  profile_updated_at: Date | null;
}

/** A user's profile: name and email with the account's company, phone, address and GSTIN. */
export async function profileRow(
  tx: TransactionSql,
  userId: string,
): Promise<ProfileRow | undefined> {
  const [row] = await tx<ProfileRow[]>`
    select u.name, u.email, a.company, a.phone, a.address, a.gstin, a.profile_updated_at
    from rm_identity.users u left join rm_accounts.accounts a on a.user_id = u.id
    where u.id = ${userId}`;
  return row;
}

/** A user's security state (the account's columns are null before the accounts read model has them). */
export interface SecurityRow {
  email_verified: boolean | null;
  two_factor_enabled: boolean | null;
  two_factor_enabled_at: Date | null;
  two_factor_disabled_at: Date | null;
  recovery_codes_total: number | null;
  /** Recovery codes used. */
  used: number | null;
  password_changed_at: Date | null;
  role: UserRole;
  registered_at: Date;
}

/** A user's security state: verification, two-factor, recovery codes, password age. */
export async function securityRow(
  tx: TransactionSql,
  userId: string,
): Promise<SecurityRow | undefined> {
  const [row] = await tx<SecurityRow[]>`
    select a.email_verified, a.two_factor_enabled, a.two_factor_enabled_at, a.two_factor_disabled_at, a.recovery_codes_total,
      cardinality(a.recovery_codes_used) as used, a.password_changed_at, u.role, u.registered_at
    from rm_identity.users u left join rm_accounts.accounts a on a.user_id = u.id where u.id = ${userId}`;
  return row;
}

/** Whom to mail about a customer's event: their address and name (owner connection). */
export async function userContact(
  sql: Sql,
  userId: string,
): Promise<{ email: string; name: string } | undefined> {
  const [user] = await sql`select email, name from rm_identity.users where id = ${userId}`;
  return user as never;
}

const TENANT_SUMMARY = `select t.tenant_id, t.brand->>'name' as name, t.domains, t.legal->>'companyName' as company_name, t.legal->>'gstin' as gstin,
  t.features, t.created_at from rm_identity.tenants t`;

/** A tenant as the operator's list shows it (TENANT_SUMMARY). */
export interface TenantSummaryRow {
  tenant_id: string;
  name: string;
  domains: string[];
  company_name: string;
  gstin: string | null;
  features: string[];
  created_at: Date;
}

/** One tenant's summary row (the operator's list), as the scoped tenant may see it. */
export async function tenantSummary(
  tx: TransactionSql,
  tenantId: string,
): Promise<TenantSummaryRow | undefined> {
  const [row] = await tx.unsafe<TenantSummaryRow[]>(`${TENANT_SUMMARY} where t.tenant_id = $1`, [
    tenantId,
  ]);
  return row;
}

/** Every tenant the scoped tenant may see (the operator: all), oldest first. */
export const tenantSummaries = async (tx: TransactionSql): Promise<TenantSummaryRow[]> => [
  ...(await tx.unsafe<TenantSummaryRow[]>(`${TENANT_SUMMARY} order by t.created_at, t.tenant_id`)),
];

/** A tenant's settings as the identity read model keeps them. */
export interface TenantSettingsRow {
  tenant_id: string;
  brand: Brand;
  legal: LegalProfile;
  top_ups: TopUpSettings;
  /** Null on tenants created before billing settings (the defaults apply). */
  billing: BillingSettings | null;
}

/** A feature switch of the scoped tenant. */
export interface FeatureSwitchRow {
  feature: string;
  enabled: boolean;
  switched_at: Date | null;
  switched_by: string | null;
}

/** A tenant's brand, legal profile and top-up settings, with the scoped tenant's feature switches. */
export async function tenantSettingsRows(
  tx: TransactionSql,
  tenantId: string,
): Promise<{ tenant: TenantSettingsRow | undefined; switches: FeatureSwitchRow[] }> {
  const [tenant] = await tx<
    TenantSettingsRow[]
  >`select tenant_id, brand, legal, top_ups, billing from rm_identity.tenants where tenant_id = ${tenantId}`;
  const switches = await tx<
    FeatureSwitchRow[]
  >`select feature, enabled, switched_at, switched_by from rm_access.feature_switches`;
  return { tenant, switches: [...switches] };
}

/** A tenant's logo address, or null. */
export async function tenantLogo(sql: Sql, tenantId: string): Promise<string | null> {
  const [t] =
    await sql`select brand->>'logoUrl' as logo from rm_identity.tenants where tenant_id = ${tenantId}`;
  return (t?.logo as string | null | undefined) ?? null;
}

/** A tenant's accent colour, or null. */
export async function tenantAccent(sql: Sql, tenantId: string): Promise<string | null> {
  const [t] =
    await sql`select brand->>'accentColor' as accent from rm_identity.tenants where tenant_id = ${tenantId}`;
  return (t?.accent as string | null | undefined) ?? null;
}

/** The tenant whose domains include this host name (owner connection: the host picks the tenant); the oldest if several do. */
export async function tenantIdForHost(sql: Sql, host: string): Promise<string | undefined> {
  const [row] =
    await sql`select tenant_id from rm_identity.tenants where ${host} = any(domains) order by created_at limit 1`;
  return row?.tenant_id as string | undefined;
}

/** The first admin registered in a tenant (the demo seed acts as them). */
export async function firstAdminId(sql: Sql, tenantId: string): Promise<string | undefined> {
  const [a] =
    await sql`select id from rm_identity.users where tenant_id = ${tenantId} and role = 'admin' order by registered_at limit 1`;
  return a?.id as string | undefined;
}

/** What a tenant's invoices are priced with: its legal profile (the supplier) and billing settings. */
export interface TenantPricingRow {
  legal: LegalProfile;
  /** Null on tenants created before billing settings (the defaults apply). */
  billing: BillingSettings | null;
}

/** The scoped tenant's legal profile and billing settings (the store's quote prices with them). */
export async function tenantPricing(
  tx: TransactionSql,
  tenantId: string,
): Promise<TenantPricingRow | undefined> {
  const [t] = await tx<
    TenantPricingRow[]
  >`select legal, billing from rm_identity.tenants where tenant_id = ${tenantId}`;
  return t;
}
