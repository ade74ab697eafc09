import type { Row, TransactionSql } from 'postgres';
import { createTenant } from '../../commands/tenancy/create-tenant.ts';
import {
  approveHost,
  rejectHost,
  type HostDecision,
} from '../../commands/tenancy/host-approval.ts';
import {
  settingsTenant,
  switchFeature,
  updateBillingSettings,
  updateBrand,
  updateLegalProfile,
  updateTopUpSettings,
} from '../../commands/tenancy/settings.ts';
import {
  DEFAULT_SERIES,
  type BillingSettings,
  type InvoiceSeries,
} from '../../domain/tenancy/events.ts';
import { billingSettingsOf } from '../../domain/tenancy/billing-settings.ts';
import { FEATURES } from '../../domain/tenancy/features.ts';
import { GST_STATES } from '../../domain/tax/states/state-codes.ts';
import type { Position } from '../../eventstore/types.ts';
import { hostsOf } from '../../projections/identity/hosts.ts';
import {
  tenantAccent,
  tenantLogo,
  tenantSettingsRows,
  tenantSummaries,
  tenantSummary,
} from '../../projections/identity/queries.ts';
import {
  commandContext,
  readScoped,
  requirePermission,
  requireViewer,
  settle,
  type RequestContext,
} from '../context.ts';

type Input = { input: Row & { commandId: string } };

const SERIES_KEYS: [keyof InvoiceSeries, string][] = [
  ['invoice', 'invoice'],
  ['credit-note', 'creditNote'],
  ['debit-note', 'debitNote'],
  ['receipt-voucher', 'receiptVoucher'],
  ['refund-voucher', 'refundVoucher'],
];

/** GraphQL names the series in camelCase; the domain by document type. */
const seriesToDomain = (s: Row) =>
  Object.fromEntries(SERIES_KEYS.map(([domain, api]) => [domain, s?.[api]]));
const seriesToApi = (s: InvoiceSeries) =>
  Object.fromEntries(SERIES_KEYS.map(([domain, api]) => [api, s[domain]]));

const billingToApi = (b: BillingSettings) => ({
  ...b,
  roundOff: b.roundOff === 'rupee' ? 'RUPEE' : 'NONE',
});

function toCommandInput(input: Row): Row {
  if (input.billing)
    return {
      ...input,
      billing: {
        ...input.billing,
        roundOff: input.billing.roundOff === 'RUPEE' ? 'rupee' : 'none',
      },
    };
  return input.legal
    ? {
        ...input,
        legal: { ...input.legal, invoiceSeries: seriesToDomain(input.legal.invoiceSeries) },
      }
    : input;
}

async function settingsOf(tx: TransactionSql, tenantId: string) {
  const { tenant: t, switches } = await tenantSettingsRows(tx, tenantId);
  if (!t) throw new Error(`tenant ${tenantId} is not projected`);
  const byKey = new Map(switches.map((s) => [s.feature as string, s]));
  const legal = t.legal as Row;
  return {
    tenantId: t.tenant_id,
    brand: { accentColor: null, logoUrl: null, ...t.brand },
    legal: {
      ...legal,
      stateName: GST_STATES.find((s) => s.code === legal.stateCode)?.name ?? null,
      invoiceSeries: seriesToApi(
        (legal.invoiceSeries as InvoiceSeries | undefined) ?? DEFAULT_SERIES,
      ),
    },
    topUps: t.top_ups,
    billing: billingToApi(
      billingSettingsOf({ billing: (t.billing as BillingSettings | null) ?? undefined }),
    ),
    features: FEATURES.map((f) => {
      const s = byKey.get(f.key);
      return {
        key: f.key,
        label: f.label,
        description: f.description,
        enabled: Boolean(s?.enabled),
        switchedAt: s?.switched_at ?? null,
        switchedBy: s?.switched_by ?? null,
      };
    }),
  };
}

/** Reads a tenant's settings under its own row-level scope, once the viewer may see them. */
function readSettings(ctx: RequestContext, tenantId: string | null | undefined) {
  const viewer = requireViewer(ctx);
  const target = settingsTenant(
    {
      tenantId: ctx.tenantId,
      actor: { userId: viewer.id, role: viewer.role },
      permissions: viewer.permissions,
    },
    tenantId,
  );
  return readScoped(ctx.platform.sql, target, (tx) => settingsOf(tx, target));
}

async function afterChange(
  ctx: RequestContext,
  result: { tenantId: string; positions: Position[] },
) {
  for (const p of result.positions) await settle(ctx, p);
  // The host → tenant cache must not keep serving the old brand's hosts.
  ctx.platform.forgetTenantHosts();
  return readScoped(ctx.platform.sql, result.tenantId, (tx) => settingsOf(tx, result.tenantId));
}

const toSummary = (r: Row) => ({
  tenantId: r.tenant_id,
  name: r.name,
  domains: r.domains,
  companyName: r.company_name,
  gstin: r.gstin,
  features: r.features,
  createdAt: r.created_at,
});

/** After a decision on a host: read-your-writes, a fresh host cache, the tenant as it is now. */
async function afterHostDecision(ctx: RequestContext, result: HostDecision) {
  for (const p of result.positions) await settle(ctx, p);
  ctx.platform.forgetTenantHosts();
  const row = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
    tenantSummary(tx, result.tenantId),
  );
  return toSummary(row!);
}

/**
 * Hosts of the tenant a settings or summary object belongs to, read under the viewer's scope
 * (the field is only reachable through operations that checked the viewer may see that tenant).
 */
const hostsField = (parent: { tenantId: string }, _: unknown, ctx: RequestContext) =>
  readScoped(ctx.platform.sql, ctx.tenantId, (tx) => hostsOf(tx, parent.tenantId));

export const tenancyResolvers = {
  Query: {
    tenantSettings: (_: unknown, args: { tenantId?: string | null }, ctx: RequestContext) =>
      readSettings(ctx, args.tenantId),
    async tenants(_: unknown, __: unknown, ctx: RequestContext) {
      requirePermission(ctx, 'tenants.manage');
      // Row-level security shows the operator every tenant's row, and any other tenant only its own.
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => tenantSummaries(tx));
      return rows.map(toSummary);
    },
  },
  TenantSettings: { hosts: hostsField },
  TenantSummary: { hosts: hostsField },
  Brand: {
    async logoUrl(b: { tenantId: string }, _: unknown, ctx: RequestContext) {
      return tenantLogo(ctx.platform.sql, b.tenantId);
    },
    async accentColor(b: { tenantId: string }, _: unknown, ctx: RequestContext) {
      return tenantAccent(ctx.platform.sql, b.tenantId);
    },
  },
  Mutation: {
    async createTenant(_: unknown, args: Input, ctx: RequestContext) {
      const result = await createTenant(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        toCommandInput(args.input),
      );
      for (const p of result.positions) await settle(ctx, p);
      ctx.platform.forgetTenantHosts();
      const row = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        tenantSummary(tx, result.tenantId),
      );
      return {
        tenant: toSummary(row!),
        adminEmail: result.adminEmail,
        adminPassword: result.adminPassword,
      };
    },
    async updateTenantBrand(_: unknown, args: Input, ctx: RequestContext) {
      return afterChange(
        ctx,
        await updateBrand(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          args.input,
        ),
      );
    },
    async updateTenantLegalProfile(_: unknown, args: Input, ctx: RequestContext) {
      return afterChange(
        ctx,
        await updateLegalProfile(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          toCommandInput(args.input),
        ),
      );
    },
    async updateTenantTopUps(_: unknown, args: Input, ctx: RequestContext) {
      return afterChange(
        ctx,
        await updateTopUpSettings(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          args.input,
        ),
      );
    },
    async updateTenantBilling(_: unknown, args: Input, ctx: RequestContext) {
      return afterChange(
        ctx,
        await updateBillingSettings(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          toCommandInput(args.input),
        ),
      );
    },
    async switchFeature(_: unknown, args: Input, ctx: RequestContext) {
      return afterChange(
        ctx,
        await switchFeature(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          args.input,
        ),
      );
    },
    async approveHost(_: unknown, args: Input, ctx: RequestContext) {
      return afterHostDecision(
        ctx,
        await approveHost(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          args.input,
        ),
      );
    },
    async rejectHost(_: unknown, args: Input, ctx: RequestContext) {
      return afterHostDecision(
        ctx,
        await rejectHost(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          args.input,
        ),
      );
    },
  },
};
