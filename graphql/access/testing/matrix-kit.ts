import { DEMO_PROOF_PNG } from '../../../server/demo.ts';
import { cmd, gqlAt, resellerInput } from '../testing.ts';
import { A, buildWorld, type World } from './world.ts';

/**
 * Types and helpers of the permission-matrix rows, which each area keeps in
 * graphql/<area>/isolation.ts (collected by graphql/access/permission-matrix.int.test.ts through
 * server/areas): every operation × each system role (and anonymous), allowed or refused.
 */
export type Role = 'super_admin' | 'tenant_admin' | 'support' | 'billing' | 'customer';
export const ROLES: Role[] = ['super_admin', 'tenant_admin', 'support', 'billing', 'customer'];
export const STAFF: Role[] = ['super_admin', 'tenant_admin', 'support', 'billing'];
export const USERS_MANAGE: Role[] = ['super_admin', 'tenant_admin', 'support'];
/** The tenant's owners: settings.manage and users.impersonate. */
export const OWNERS: Role[] = ['super_admin', 'tenant_admin'];

/** The access world plus what the staff rows act on, so a row never touches the world's people. */
export interface MatrixWorld extends World {
  /** Tenant A's brand as it stands (an owner saving it changes nothing). */
  brandA: Record<string, unknown>;
  /** A customer and a support member of A, for suspend, reset and re-role. */
  target: { customer: { id: string }; staff: { id: string } };
}

export interface MatrixRow {
  /** Who may: 'public' (anyone, signed in or not), 'signed-in' (every role), or the roles. */
  allowed: 'public' | 'signed-in' | Role[];
  call: (
    w: MatrixWorld,
    role: Role,
    n: number,
  ) => { query: string; variables?: Record<string, unknown> };
  /** Run with a session made for this call (the operation ends the session it is called with). */
  freshSession?: boolean;
}

export const q = (query: string, variables?: Record<string, unknown>) => () => ({
  query,
  variables,
});
export const m =
  (
    field: string,
    type: string,
    select: string,
    input: (w: MatrixWorld, role: Role, n: number) => Record<string, unknown>,
  ) =>
  (w: MatrixWorld, role: Role, n: number) => ({
    query: `mutation($input: ${type}!) { ${field}(input: $input) ${select} }`,
    variables: { input: { commandId: cmd(), ...input(w, role, n) } },
  });
export const NO_ID = '00000000-0000-4000-8000-000000000000';
export const proof = { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
export const settingsA = () => resellerInput('akashone', 'akashone.localhost');

export async function buildMatrixWorld(): Promise<MatrixWorld> {
  const w = await buildWorld();
  const settings = await gqlAt(
    w.t,
    A,
    '{ tenantSettings { brand { name tagline primaryColor accentColor logoUrl supportEmail mailFrom domains } } }',
    {},
    w.superA.cookie,
  );
  const customer = (await w.t.customer('matrix-target@example.com')) as { id: string };
  const staff = await gqlAt(
    w.t,
    A,
    'mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { user { id } } }',
    {
      input: {
        commandId: cmd(),
        email: 'matrix-target@akashone.com',
        name: 'T',
        staffRole: 'support',
      },
    },
    w.superA.cookie,
  );
  return {
    ...w,
    brandA: settings.data.tenantSettings.brand,
    target: { customer, staff: staff.data.addStaffMember.user },
  };
}
