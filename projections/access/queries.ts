import type { Sql, TransactionSql } from 'postgres';

// The access read model's queries (custom roles, team members, invitations; tables:
// projector.ts). A TransactionSql is scoped to the request's tenant (projections/shared/scoped.ts);
// a Sql is the owner connection, and the query filters by tenant itself.

/** A custom staff role of a tenant (owner connection: asked while a session is checked). */
export async function customRole(
  sql: Sql,
  tenantId: string,
  roleId: string,
): Promise<{ roleId: string; name: string; permissions: string[] }[]> {
  const rows =
    await sql`select role_id, name, permissions from rm_access.roles where role_id = ${roleId} and tenant_id = ${tenantId}`;
  return rows.map((r) => ({
    roleId: r.role_id as string,
    name: r.name as string,
    permissions: r.permissions as string[],
  }));
}

/** A custom staff role as the access read model keeps it. */
export interface CustomRoleRow {
  role_id: string;
  name: string;
  permissions: string[];
}

/** The tenant's custom roles, by name. */
export const customRoles = async (tx: TransactionSql): Promise<CustomRoleRow[]> => [
  ...(await tx<
    CustomRoleRow[]
  >`select role_id, name, permissions from rm_access.roles order by name, role_id`),
];

/** A customer's team membership (the account they joined), if any. */
export async function membershipOf(
  sql: Sql,
  tenantId: string,
  memberId: string,
): Promise<{ account_id: string; role: string; status: string } | undefined> {
  const [m] = await sql<{ account_id: string; role: string; status: string }[]>`
    select account_id, role, status from rm_access.team_members
    where member_id = ${memberId} and tenant_id = ${tenantId}`;
  return m;
}

/** The active members of an account's team, with their names, oldest first. */
export async function activeTeam(tx: TransactionSql, accountId: string) {
  const rows = await tx`
    select tm.member_id, u.email, u.name, tm.role, tm.status, tm.joined_at
    from rm_access.team_members tm join rm_identity.users u on u.id = tm.member_id
    where tm.account_id = ${accountId} and tm.status = 'ACTIVE' order by tm.joined_at, tm.member_id`;
  return rows.map((r) => ({
    id: r.member_id as string,
    email: r.email as string,
    name: r.name as string,
    role: r.role as string,
    status: r.status as string,
    joinedAt: r.joined_at as Date,
  }));
}

/** An invitation as its account's team page lists it. */
export interface InvitationRow {
  id: string;
  email: string;
  name: string;
  role: string;
  /** PENDING, ACCEPTED or CANCELLED (a PENDING one past expires_at is expired). */
  status: string;
  invited_at: Date;
  expires_at: Date;
}

/** One invitation of an account. */
export async function invitationOfAccount(
  tx: TransactionSql,
  accountId: string,
  id: string,
): Promise<InvitationRow | undefined> {
  const [row] = await tx<InvitationRow[]>`
    select id, email, name, role, status, invited_at, expires_at from rm_access.invitations
    where id = ${id} and account_id = ${accountId}`;
  return row;
}

/** An account's pending invitations, newest first. */
export const pendingInvitations = async (
  tx: TransactionSql,
  accountId: string,
): Promise<InvitationRow[]> => [
  ...(await tx<InvitationRow[]>`
    select id, email, name, role, status, invited_at, expires_at from rm_access.invitations
    where account_id = ${accountId} and status = 'PENDING' order by invited_at desc, id`),
];

/** What an invitation link shows, with the inviting account's name. */
export interface InvitationPreviewRow {
  email: string;
  name: string;
  role: string;
  expires_at: Date;
  status: string;
  account_name: string | null;
}

/** The invitation a link's token names, with the inviting account's name. */
export async function invitationByToken(
  tx: TransactionSql,
  tokenHash: string,
): Promise<InvitationPreviewRow | undefined> {
  const [row] = await tx<InvitationPreviewRow[]>`
    select i.email, i.name, i.role, i.expires_at, i.status, u.name as account_name
    from rm_access.invitations i left join rm_identity.users u on u.id = i.account_id
    where i.token_hash = ${tokenHash}`;
  return row;
}

/** Which invitation (and account) a token opens in a tenant, for the accept command. */
export async function invitationForToken(
  sql: Sql,
  tenantId: string,
  tokenHash: string,
): Promise<{ id: string; account_id: string } | undefined> {
  const [row] = await sql<{ id: string; account_id: string }[]>`
    select id, account_id from rm_access.invitations
    where tenant_id = ${tenantId} and token_hash = ${tokenHash}`;
  return row;
}
