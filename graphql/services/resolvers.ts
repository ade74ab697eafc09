import { aboutField, DomainError } from '../../domain/shared/decider.ts';
import { actionsOf } from '../../domain/services/rules.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { hasNul, isUuid } from '../../commands/shared/validate.ts';
import { accountOf } from '../../commands/shared/authorize.ts';
import { cloudStackInventory } from '../../commands/services/settings.ts';
import {
  commandContext,
  readScoped,
  requirePermission,
  requireViewer,
  type RequestContext,
} from '../context.ts';
import { clamp } from '../identity/resolvers.ts';
import {
  historyOf,
  renewalsOf,
  listServices,
  provisioningSettingsOf,
  snapshotsOf,
  type HistoryRow,
} from '../../projections/services/queries.ts';
import type { ProvisioningSettings, Resolvers } from '../generated/resolvers.ts';
import { actsOnServices, requireServiceReader } from './access.ts';
import { systemActorName } from '../../domain/shared/actors.ts';
import { readService, toService } from './reads.ts';
import { serviceCommandDeps, serviceMutations } from './mutations.ts';
import { planChangeMutations, planChangeQueries } from './plan-changes.ts';

/** "Credentials revealed by Asha (Ravi acting as them)": the line's words and who acted. */
export function historySummary(h: HistoryRow): string {
  const actor = h.actor_name ?? systemActorName(h.actor_id);
  if (!actor) return h.summary;
  const behind = h.impersonator_name ? ` (${h.impersonator_name} acting as them)` : '';
  return `${h.summary} by ${actor}${behind}`;
}

const mappings = (m: Record<string, string>) =>
  Object.entries(m)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([catalogId, cloudStackId]) => ({ catalogId, cloudStackId }));

/**
 * The tenant's provisioning settings as staff see them: the endpoint and API key, never the
 * secret. The operator's CloudStack may come from the environment (CLOUDSTACK_API_URL, …) when
 * its settings name none.
 */
export async function provisioningSettingsFor(ctx: RequestContext): Promise<ProvisioningSettings> {
  const row = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
    provisioningSettingsOf(tx, ctx.tenantId),
  );
  const environment =
    ctx.tenantId === OPERATOR_TENANT_ID ? ctx.platform.services.environmentCloudStack : null;
  const own = row?.cloudstack_configured === true;
  const fromEnvironment = !own && environment !== null;
  return {
    cloudStackConfigured: own || fromEnvironment,
    cloudStackApiUrl: own ? row.api_url : (environment?.apiUrl ?? null),
    cloudStackApiKey: own ? row.api_key : (environment?.apiKey ?? null),
    fromEnvironment,
    zones: mappings(row?.zones ?? {}),
    offerings: mappings(row?.offerings ?? {}),
    templates: mappings(row?.templates ?? {}),
    finalSnapshot: row?.final_snapshot ?? false,
  };
}

function badFilter(field: string, message: string): DomainError {
  return new DomainError('BAD_USER_INPUT', aboutField(field, message), [
    { path: ['filter', field], message },
  ]);
}

/** Typed by the SDL (graphql/generated/resolvers.ts): a wrong shape or argument fails tsc. */
export const serviceResolvers = {
  Query: {
    ...planChangeQueries,
    async services(_, args, ctx) {
      const viewer = requireServiceReader(requireViewer(ctx));
      const f = args.filter ?? {};
      if (hasNul(f.search)) throw badFilter('search', 'Contains control characters.');
      if (f.customerId && !isUuid(f.customerId))
        throw badFilter('customerId', 'Not a customer id.');
      const own = viewer.role === 'customer' ? accountOf(viewer) : null;
      if (own && f.customerId && f.customerId !== own) return { items: [], total: 0 };
      const { rows, total } = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        listServices(
          tx,
          ctx.tenantId,
          {
            status: f.status ?? null,
            customerId: f.customerId ?? null,
            needsAttention: f.needsAttention ?? null,
            search: f.search?.trim() || null,
          },
          {
            customerId: own,
            first: clamp(args.first, 200),
            offset: Math.max(0, Math.trunc(args.offset ?? 0)),
          },
        ),
      );
      return { items: rows.map(toService), total };
    },
    service: (_, args, ctx) => readService(ctx, args.id),
    async provisioningSettings(_, _args, ctx) {
      requirePermission(ctx, 'services.manage');
      return provisioningSettingsFor(ctx);
    },
    async cloudStackInventory(_, _args, ctx) {
      // Reads only: the command context is the viewer's, under a throwaway id.
      return cloudStackInventory(
        serviceCommandDeps(ctx),
        commandContext(ctx, 'cloudstack-inventory'),
      );
    },
  },
  Service: {
    // The service was access-checked where it was read; what hangs off it is shown with it.
    async history(service, _, ctx) {
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        historyOf(tx, service.id),
      );
      return rows.map((h) => ({
        eventId: h.event_id,
        type: h.type,
        summary: historySummary(h),
        actor: h.actor_name,
        at: h.at,
      }));
    },
    async renewals(service, _, ctx) {
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        renewalsOf(tx, service.id),
      );
      return rows.map((r) => ({
        invoiceId: r.invoice_id,
        periodStart: r.period_start,
        periodEnd: r.period_end,
        status: r.status,
        total: r.total,
        amountDue: r.amount_due,
        invoicedAt: r.invoiced_at,
      }));
    },
    async snapshots(service, _, ctx) {
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        snapshotsOf(tx, [service.id]),
      );
      return rows.map((s) => ({ id: s.snapshot_id, name: s.name, createdAt: s.created_at }));
    },
    async actions(service, _, ctx) {
      const viewer = requireViewer(ctx);
      if (viewer.role === 'customer' && !actsOnServices(viewer)) return [];
      if (service.status !== 'ACTIVE' || service.module === 'MANUAL') return [];
      try {
        const module = await ctx.platform.services.modules.moduleFor(
          service.tenantId,
          service.module,
        );
        return actionsOf(
          service.status,
          service.module,
          module.actions,
          service.powerState ?? null,
        );
      } catch (error) {
        // The tenant's CloudStack is gone or unreadable: nothing can be done on it now.
        ctx.request.log.warn({ err: error, serviceId: service.id }, 'module of a service');
        return [];
      }
    },
    notes(service, _, ctx) {
      return ctx.viewer?.role === 'admin' ? service.staffNotes : null;
    },
  },
  // Each mutation answers through the same reads as the queries (access checked again).
  Mutation: {
    ...serviceMutations({ service: readService, provisioningSettings: provisioningSettingsFor }),
    ...planChangeMutations,
  },
} satisfies Resolvers;
