import postgres from 'postgres';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../server/testing/db.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import { applyToSchema } from '../shared/apply.ts';
import { createProjectionSchema, ensureReaderRole } from '../shared/schema.ts';
import { identityActivity } from '../identity/activity.ts';
import { walletActivity } from '../wallet/activity.ts';
import type { ActivityDescriber } from './describer.ts';
import { activityProjector } from './projector.ts';

/** The activity read model from the areas' describers: one row per described event, nothing else. */
let sql: postgres.Sql;
beforeAll(async () => {
  sql = postgres(await freshDatabase('activity'), { max: 2, onnotice: () => {} });
  await ensureReaderRole(sql);
});
afterAll(async () => sql?.end({ timeout: 5 }));

const CUSTOMER = randomUUID();
const ADMIN = randomUUID();
let revision = 0n;
function recorded(
  type: string,
  data: Record<string, unknown>,
  actor: { userId: string; role: string; impersonatorId?: string },
): RecordedEvent {
  const r = revision++;
  return {
    id: randomUUID(),
    type,
    data,
    streamId: `s-${CUSTOMER}`,
    revision: r,
    position: { commit: r + 1n, prepare: r + 1n },
    hash: 'h',
    metadata: {
      tenantId: 'akashone',
      actor,
      commandId: `c${r}`,
      correlationId: `c${r}`,
      causationId: `c${r}`,
      occurredAt: '2026-04-01T10:00:00.000Z',
      schemaVersion: 1,
    },
  };
}

describe('activity projector', () => {
  it('writes a row for a wallet event and for identity events, with who acted and the admin acting as the customer', async () => {
    const projector = activityProjector([identityActivity, walletActivity]);
    await createProjectionSchema(sql, projector, 'spec_activity');
    const proof = { fileName: 'r.png', contentType: 'image/png', sha256: 'x', bytes: 1 };
    const events = [
      recorded(
        'UserSignedIn',
        { userId: CUSTOMER, sessionRef: 's1', ip: '203.0.113.9', at: '2026-04-01T09:00:00.000Z' },
        { userId: CUSTOMER, role: 'customer' },
      ),
      recorded(
        'TopUpRequested',
        {
          topUpId: randomUUID(),
          customerId: CUSTOMER,
          amount: '1500.00',
          method: 'BANK_TRANSFER',
          reference: 'UTR1',
          proof,
          requestedAt: '2026-04-01T10:00:00.000Z',
        },
        { userId: CUSTOMER, role: 'customer', impersonatorId: ADMIN },
      ),
      recorded(
        'PasswordChanged',
        { userId: CUSTOMER, passwordHash: 'secret-hash', at: '2026-04-01T11:00:00.000Z' },
        { userId: CUSTOMER, role: 'customer' },
      ),
      // Described by nobody here: only moves the checkpoint.
      recorded('TenantBrandUpdated', { tenantId: 'akashone' }, { userId: ADMIN, role: 'admin' }),
    ];
    await sql.begin((tx) => applyToSchema(tx, projector, 'spec_activity', events));
    const rows =
      await sql`select kind, user_id, actor_id, impersonator_id, ip, detail, at from spec_activity.activity order by at`;
    expect(rows.map((r) => ({ ...r, at: (r.at as Date).toISOString() }))).toEqual([
      {
        kind: 'UserSignedIn',
        user_id: CUSTOMER,
        actor_id: null,
        impersonator_id: null,
        ip: '203.0.113.9',
        detail: null,
        at: '2026-04-01T09:00:00.000Z',
      },
      {
        kind: 'TopUpRequested',
        user_id: CUSTOMER,
        actor_id: CUSTOMER,
        impersonator_id: ADMIN,
        ip: null,
        detail: 'Top-up of ₹1,500.00 requested (Bank transfer, UTR1)',
        at: '2026-04-01T10:00:00.000Z',
      },
      {
        kind: 'PasswordChanged',
        user_id: CUSTOMER,
        actor_id: CUSTOMER,
        impersonator_id: null,
        ip: null,
        detail: 'Password changed',
        at: '2026-04-01T11:00:00.000Z',
      },
    ]);
    // Applying the batch again changes nothing.
    await sql.begin((tx) => applyToSchema(tx, projector, 'spec_activity', events));
    expect((await sql`select count(*)::int as n from spec_activity.activity`)[0]!.n).toBe(3);
  });

  it('derives its version from the describers: one more described type is a new version (a rebuild of activity only)', () => {
    const before = activityProjector([identityActivity, walletActivity]);
    const more: ActivityDescriber = {
      ...walletActivity,
      types: [...walletActivity.types, 'WalletFrozen'],
    };
    const after = activityProjector([identityActivity, more]);
    expect(after.version).toBeGreaterThan(before.version);
    expect(after.handles.has('WalletFrozen')).toBe(true);
    expect(
      activityProjector([
        identityActivity,
        { ...walletActivity, version: walletActivity.version + 1 },
      ]).version,
    ).toBeGreaterThan(before.version);
  });

  it('refuses two areas describing one event type', () => {
    expect(() =>
      activityProjector([walletActivity, { ...walletActivity, area: 'orders' }]),
    ).toThrow(/TopUpRequested is described by both wallet and orders/);
  });
});
