/**
 * Test support for the order and invoice commands (specs only): a real Postgres log with a
 * tenant, the spec catalog (domain/catalog/spec-fixtures.ts), customers with billing profiles and
 * funded wallets.
 */
import { catalogHistory } from '../../domain/catalog/spec-fixtures.ts';
import { catalogStreamId } from '../../domain/catalog/events.ts';
import type { BillingAddress } from '../../domain/identity/account-events.ts';
import { userStreamId } from '../../domain/identity/events.ts';
import {
  tenantStreamId,
  type BillingSettings,
  type LegalProfile,
} from '../../domain/tenancy/events.ts';
import { tenantDecider } from '../../domain/tenancy/tenant.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import { createPostgresEventStore } from '../../eventstore/postgres/store.ts';
import type { EventStore, NewEvent } from '../../eventstore/types.ts';
import { operatorTenant } from '../../server/bootstrap.ts';
import { freshDatabase } from '../../server/testing/db.ts';
import type { OrderItemInput } from '../../domain/orders/pricing.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';

export const LUT = 'AD270326000123X';

/**
 * `store`: another event store to run on (the EventStoreDB adapter on its double); by default a
 * fresh Postgres log.
 */
export async function commerceWorld(prefix: string, poolSize = 10, given?: EventStore) {
  const store: EventStore =
    given ?? (await createPostgresEventStore(await freshDatabase(prefix), { poolSize }));
  const deps: CommandDeps = { store, now: () => new Date() };
  let n = 0;
  const system = (commandId: string): CommandContext => ({
    tenantId: '',
    actor: { userId: 'system', role: 'system' },
    commandId,
  });

  async function tenant(
    tenantId: string,
    legal: Partial<LegalProfile> = {},
    billing?: BillingSettings,
  ) {
    await handleCommand(
      deps,
      { ...system(`test:tenant:${tenantId}`), tenantId },
      {
        streamId: tenantStreamId(tenantId),
        decider: tenantDecider,
        command: (now) => ({
          type: 'CreateTenant' as const,
          ...operatorTenant,
          tenantId,
          legal: { ...operatorTenant.legal, ...legal },
          ...(billing ? { billing } : {}),
          now,
        }),
      },
    );
    const events: NewEvent[] = catalogHistory.map((e, i) => ({
      id: uuidFrom(`test:catalog:${tenantId}:${i}`),
      type: e.type,
      data: { ...e.data, tenantId },
      metadata: meta(tenantId, `test:catalog:${tenantId}`),
    }));
    await store.append(catalogStreamId(tenantId), events, 'no_stream');
  }

  /** A customer with a billing profile (address in `stateCode`, or abroad) and `balance` in the wallet. */
  async function customer(
    tenantId: string,
    profile: { stateCode?: string | null; country?: string; gstin?: string | null } = {},
    balance = '0.00',
  ): Promise<{ id: string; ctx: (commandId: string) => CommandContext }> {
    const id = uuidFrom(`test:customer:${prefix}:${++n}`);
    const country = profile.country ?? 'IN';
    const address: BillingAddress | null =
      profile.stateCode === null
        ? null
        : {
            line1: '12 MG Road',
            line2: null,
            city: country === 'IN' ? 'Pune' : 'Austin',
            stateCode: country === 'IN' ? (profile.stateCode ?? '27') : '96',
            postalCode: country === 'IN' ? '411001' : '78701',
            country,
          };
    const at = new Date().toISOString();
    await store.append(
      userStreamId(id),
      [
        {
          id: uuidFrom(`${id}:registered`),
          type: 'UserRegistered',
          data: {
            userId: id,
            email: `c${n}@example.com`,
            name: `Customer ${n}`,
            role: 'customer',
            passwordHash: 'x',
            registeredAt: at,
          },
          metadata: meta(tenantId, `test:register:${id}`),
        },
        {
          id: uuidFrom(`${id}:profile`),
          type: 'ProfileUpdated',
          data: {
            userId: id,
            name: `Customer ${n}`,
            company: null,
            phone: null,
            address,
            gstin: profile.gstin ?? null,
            at,
          },
          metadata: meta(tenantId, `test:profile:${id}`),
        },
      ],
      'no_stream',
    );
    if (balance !== '0.00') await fund(tenantId, id, balance);
    return {
      id,
      ctx: (commandId) => ({ tenantId, actor: { userId: id, role: 'customer' }, commandId }),
    };
  }

  async function fund(tenantId: string, customerId: string, amount: string) {
    const commandId = `test:fund:${customerId}:${++n}`;
    await handleCommand(
      deps,
      { ...system(commandId), tenantId },
      {
        streamId: walletStreamId(customerId),
        decider: walletDecider,
        command: (now) => ({
          type: 'CreditWallet' as const,
          creditId: uuidFrom(commandId),
          customerId,
          amount,
          reason: 'test funds',
          source: { kind: 'REFUND' as const, id: commandId },
          now,
        }),
      },
    );
  }

  /** Staff of the billing role (billing.read, billing.manage, orders.manage) unless told otherwise. */
  const staff = (
    tenantId: string,
    commandId: string,
    permissions: string[] = ['billing.read', 'billing.manage', 'orders.manage'],
  ): CommandContext => ({
    tenantId,
    actor: { userId: uuidFrom(`test:staff:${tenantId}`), role: 'admin' },
    commandId,
    permissions,
  });

  return { store, deps, tenant, customer, fund, staff, close: () => store.close() };
}

function meta(tenantId: string, commandId: string) {
  return {
    tenantId,
    actor: { userId: 'system', role: 'system' },
    commandId,
    correlationId: commandId,
    causationId: commandId,
    occurredAt: new Date().toISOString(),
    schemaVersion: 1,
  };
}

/** The order of the worked examples: VPS Pro monthly with cPanel/WHM and Daily Backup. */
export const vpsOrder = (hostname = 'web1.example.com'): OrderItemInput[] => [
  {
    planId: 'plan-vps',
    cycle: 'MONTHLY',
    operatingSystemId: 'os-ubuntu',
    dataCentreId: 'dc-mum',
    hostname,
    addons: [{ addonId: 'addon-cpanel' }, { addonId: 'addon-backup' }],
  },
];

/** A ₹449.00 shared plan (₹529.82 with GST in Maharashtra). */
export const sharedOrder = (hostname = 'site1'): OrderItemInput[] => [
  {
    planId: 'plan-shared',
    cycle: 'MONTHLY',
    operatingSystemId: 'os-ubuntu',
    dataCentreId: 'dc-mum',
    hostname,
    addons: [],
  },
];
