import type { Sql, TransactionSql } from 'postgres';

// The identity read model's queries (users and tenants; tables: projector.ts). A TransactionSql
// is scoped to the request's tenant (projections/shared/scoped.ts); a Sql is the owner
// connection, and the query filters by tenant itself.

/** Whether a user (customer or staff) exists in the scoped tenant. */
export async function userExists(tx: TransactionSql, userId: string): Promise<boolean> {
  return (await tx`select 1 from rm_identity.users where id = ${userId}`).length > 0;
}

/** Users' names by id (ids that are not uuids must be left out by the caller). */
export async function namesOf(tx: TransactionSql, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await tx`select id::text, name from rm_identity.users where id = any(${ids as string[]}::uuid[])`;
  return new Map(rows.map((r) => [r.id as string, r.name as string]));
}

/** A tenant's top-up settings as stored (domain/tenancy's shape). */
type TenantTopUps = { cryptoEnabled?: boolean } & Record<string, unknown>;

/** A tenant's top-up settings and enabled features, or undefined. */
export async function tenantTopUps(sql: Sql | TransactionSql, tenantId: string): Promise<{ topUps: TenantTopUps; features: string[] } | undefined> {
  const [t] = await sql`select top_ups, features from rm_identity.tenants where tenant_id = ${tenantId}`;
  return t ? { topUps: t.top_ups as TenantTopUps, features: t.features as string[] } : undefined;
}
