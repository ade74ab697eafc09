import type { TransactionSql } from 'postgres';
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
import { FEATURES, knownFeatures } from '../../domain/tenancy/features.ts';
import { GST_STATES } from '../../domain/tax/states/state-codes.ts';
import type { Position } from '../../eventstore/types.ts';
import { hostsOf } from '../../projections/identity/hosts.ts';
import {
  tenantAccent,
  tenantLogo,
  tenantSettingsRows,
  tenantSummaries,
  tenantSummary,
  type TenantSummaryRow,
} from '../../projections/identity/queries.ts';
import {
  commandContext,
  readScoped,
  requirePermission,
  requireViewer,
  settle,
  type RequestContext,
} from '../context.ts';
import type {
  BillingSettings as ApiBillingSettings,
  BillingSettingsInput,
  InvoiceSeries as ApiInvoiceSeries,
  LegalProfileInput,
  Resolvers,
} from '../generated/resolvers.ts';
import type { TenantSettings, TenantSummary } from './mappers.ts';

const SERIES_KEYS: [keyof InvoiceSeries, keyof ApiInvoiceSeries][] = [
  ['invoice', 'invoice'],
  ['credit-note', 'creditNote'],
  ['debit-note', 'debitNote'],
  ['receipt-voucher', 'receiptVoucher'],
  ['refund-voucher', 'refundVoucher'],
];

/** GraphQL names the series in camelCase; the domain by document type. */
const seriesToDomain = (s: ApiInvoiceSeries): InvoiceSeries =>
  Object.fromEntries(SERIES_KEYS.map(([domain, api]) => [domain, s[api]])) as InvoiceSeries;
const seriesToApi = (s: InvoiceSeries): ApiInvoiceSeries =>
  Object.fromEntries(SERIES_KEYS.map(([domain, api]) => [api, s[domain]])) as ApiInvoiceSeries;

const billingToApi = (b: BillingSettings): ApiBillingSettings => ({
  ...b,
  roundOff: b.roundOff === 'rupee' ? 'RUPEE' : 'NONE',
});

/** The legal profile and billing settings as the commands take them (the domain's names). */
const legalToDomain = (l: LegalProfileInput) => ({
  ...l,
  invoiceSeries: seriesToDomain(l.invoiceSeries),
});
const billingToDomain = (b: BillingSettingsInput) => ({
  ...b,
  roundOff: b.roundOff === 'RUPEE' ? 'rupee' : 'none',
});

async function settingsOf(tx: TransactionSql, tenantId: string): Promise<TenantSettings> {
  const { tenant: t, switches } = await tenantSettingsRows(tx, tenantId);
  if (!t) throw new Error(`tenant ${tenantId} is not projected`);
  const byKey = new Map(switches.map((s) => [s.feature, s]));
  const legal = t.legal;
  return {
    tenantId: t.tenant_id,
    brand: {
      accentColor: null,
      logoUrl: null,
      ...t.brand,
      // Brands saved before the store's contact fields have none: null.
      supportPhone: t.brand.supportPhone ?? null,
      storeDescription: t.brand.storeDescription ?? null,
    },
    legal: {
      ...legal,
      stateName: GST_STATES.find((s) => s.code === legal.stateCode)?.name ?? null,
      invoiceSeries: seriesToApi(legal.invoiceSeries ?? DEFAULT_SERIES),
    },
    topUps: t.top_ups,
    billing: billingToApi(billingSettingsOf({ billing: t.billing ?? undefined })),
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

const toSummary = (r: TenantSummaryRow): TenantSummary => ({
  tenantId: r.tenant_id,
  name: r.name,
  domains: r.domains,
  companyName: r.company_name,
  gstin: r.gstin,
  // Flags stored for a feature the platform no longer has are not shown.
  features: knownFeatures(r.features),
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

/** Tenants, their settings and hosts (typed by the SDL: graphql/generated/resolvers.ts). */
export const tenancyResolvers = {
  Query: {
    tenantSettings: (_, args, ctx) => readSettings(ctx, args.tenantId),
    async tenants(_, __, ctx) {
      requirePermission(ctx, 'tenants.manage');
      // Row-level security shows the operator every tenant's row, and any other tenant only its own.
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => tenantSummaries(tx));
      return rows.map(toSummary);
    },
  },
  TenantSettings: { hosts: hostsField },
  TenantSummary: { hosts: hostsField },
  Brand: {
    async logoUrl(b, _, ctx) {
      return tenantLogo(ctx.platform.sql, b.tenantId);
    },
    async accentColor(b, _, ctx) {
      return tenantAccent(ctx.platform.sql, b.tenantId);
    },
  },
  Mutation: {
    async createTenant(_, args, ctx) {
      const result = await createTenant(
        ctx.platform.identity,
        commandContext(ctx, args.input.commandId),
        { ...args.input, legal: legalToDomain(args.input.legal) },
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
    async updateTenantBrand(_, args, ctx) {
      return afterChange(
        ctx,
        await updateBrand(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          args.input,
        ),
      );
    },
    async updateTenantLegalProfile(_, args, ctx) {
      return afterChange(
        ctx,
        await updateLegalProfile(ctx.platform.identity, commandContext(ctx, args.input.commandId), {
          ...args.input,
          legal: legalToDomain(args.input.legal),
        }),
      );
    },
    async updateTenantTopUps(_, args, ctx) {
      return afterChange(
        ctx,
        await updateTopUpSettings(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          args.input,
        ),
      );
    },
    async updateTenantBilling(_, args, ctx) {
      return afterChange(
        ctx,
        await updateBillingSettings(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          { ...args.input, billing: billingToDomain(args.input.billing) },
        ),
      );
    },
    async switchFeature(_, args, ctx) {
      return afterChange(
        ctx,
        await switchFeature(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          args.input,
        ),
      );
    },
    async approveHost(_, args, ctx) {
      return afterHostDecision(
        ctx,
        await approveHost(
          ctx.platform.identity,
          commandContext(ctx, args.input.commandId),
          args.input,
        ),
      );
    },
    async rejectHost(_, args, ctx) {
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
} satisfies Resolvers;
