import { expect } from 'vitest';
import { cmd, gqlAt, resellerInput } from '../testing.ts';
import type { World } from './world.ts';

/**
 * Types and helpers of the tenant-isolation rows, which each area keeps in graphql/<area>/isolation.ts
 * (collected by graphql/access/isolation.int.test.ts through server/areas).
 *
 * Attackers: `x` (customer of A), `adminA` (A's tenant admin: every permission but
 * tenants.manage), `superA` (the operator's super admin), `adminB` (B's admin, on B's host,
 * reaching for A's objects), `bOnA` (B's admin's cookie sent to A's host), `zOnA` (customer Z's
 * cookie on A's host), `anonymous` (on A's host).
 */
export type Attacker = 'x' | 'adminA' | 'superA' | 'adminB' | 'bOnA' | 'zOnA' | 'anonymous';
export type Refusal = 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'BAD_USER_INPUT' | 'CONFLICT';

export interface Attempt {
  as: Attacker;
  query: string;
  variables?: Record<string, unknown>;
  /** Refused with one of these codes (default NOT_FOUND, FORBIDDEN or UNAUTHENTICATED)... */
  refused?: Refusal[];
  /** ...or answered, with only the caller's own objects (checked here). */
  answers?: (data: any, w: World) => void;
  /** Checked afterwards: the foreign object is as it was. */
  after?: (w: World) => Promise<void>;
}

export interface IsolationCase {
  /** Why this operation cannot reach another tenant's or customer's objects. */
  why: string;
  attempts: (w: World) => Attempt[];
}

export const DEFAULT_REFUSALS: Refusal[] = ['NOT_FOUND', 'FORBIDDEN', 'UNAUTHENTICATED'];
export const TOKEN: Refusal[] = ['NOT_FOUND', 'BAD_USER_INPUT', 'UNAUTHENTICATED'];
export const SIGNED_OUT: Refusal[] = ['UNAUTHENTICATED'];
export const input = (w: World, extra: Record<string, unknown>) => ({
  input: { commandId: cmd(), ...extra },
});
export const ownOnly = (ids: string[]) => (data: unknown, _w: World) => {
  for (const id of ids) expect(JSON.stringify(data)).not.toContain(id);
};
export const stillSignedIn =
  (host: 'A' | 'B', who: (w: World) => { cookie: string; id: string }) => async (w: World) => {
    const me = await gqlAt(
      w.t,
      host === 'A' ? 'akashone.localhost' : 'kloudnests.localhost',
      `{ me { id } }`,
      {},
      who(w).cookie,
    );
    expect(me.data.me?.id).toBe(who(w).id);
  };
export const brandOf = (_w: World) => resellerInput('kloudnests', 'kloudnests.localhost').brand;

export const SELF_SERVICE = (
  query: string,
  variables: Record<string, unknown> = {},
): IsolationCase => ({
  why: 'acts on the signed-in user only (no id is taken); another tenant’s session is not signed in on this host',
  attempts: () => [
    { as: 'bOnA', query, variables, refused: SIGNED_OUT },
    { as: 'zOnA', query, variables, refused: SIGNED_OUT },
  ],
});

export const TENANT_SETTING = (
  mutation: string,
  variables: (w: World) => Record<string, unknown>,
): IsolationCase => ({
  why: 'settings of another tenant need tenants.manage, which only the operator’s super admins hold',
  attempts: (w) => [
    {
      as: 'adminA',
      query: mutation,
      variables: { input: { commandId: cmd(), tenantId: 'kloudnests', ...variables(w) } },
      refused: ['FORBIDDEN'],
    },
    {
      as: 'adminB',
      query: mutation,
      variables: { input: { commandId: cmd(), tenantId: 'akashone', ...variables(w) } },
      refused: ['FORBIDDEN'],
    },
    {
      as: 'x',
      query: mutation,
      variables: { input: { commandId: cmd(), tenantId: 'kloudnests', ...variables(w) } },
      refused: ['FORBIDDEN'],
    },
  ],
});
