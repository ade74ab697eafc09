/**
 * Billing automation in the API (issue 13), staff only: the preview as of any instant (the
 * commands' plan, writing nothing), the run history and the settings from the read model, and
 * "Run now" and the settings' changes dispatched to commands/automation, answered once the read
 * models include them (read-your-writes).
 */
import { isUuid } from '../../commands/shared/validate.ts';
import { previewAutomation, runAutomation, type RunDeps } from '../../commands/automation/run.ts';
import { changeAutomationSettings } from '../../commands/automation/settings.ts';
import { automationRunStreamId } from '../../domain/automation/events.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { billingSettingsOf } from '../../domain/tenancy/billing-settings.ts';
import {
  automationRunById,
  automationRunItems,
  automationRunPage,
  automationSettingsRow,
} from '../../projections/automation/queries.ts';
import { tenantSettingsRows } from '../../projections/identity/queries.ts';
import {
  commandContext,
  readScoped,
  requirePermission,
  settle,
  type RequestContext,
} from '../context.ts';
import { clamp } from '../identity/resolvers.ts';
import type { AutomationSettings, Resolvers } from '../generated/resolvers.ts';
import { toCounts, toRun, toRunItem, toSettings } from './mappers.ts';

/** What the automation commands get: the services' deps, the read models' facts and the lock. */
export const automationDeps = (ctx: RequestContext): RunDeps => ({
  store: ctx.platform.store,
  now: ctx.platform.wallet.now,
  ...ctx.platform.services,
  ...ctx.platform.automation,
});

/** The settings as they stand, with the tenant's unpaid-order days (Settings → Billing). */
export async function readAutomationSettings(ctx: RequestContext): Promise<AutomationSettings> {
  return readScoped(ctx.platform.sql, ctx.tenantId, async (tx) => {
    const [row, { tenant }] = await Promise.all([
      automationSettingsRow(tx),
      tenantSettingsRows(tx, ctx.tenantId),
    ]);
    const billing = billingSettingsOf({ billing: tenant?.billing ?? undefined });
    return toSettings(row, billing.unpaidOrderDays);
  });
}

/** One run by id in the caller's tenant, or null (another tenant's is not found either). */
export async function readRun(ctx: RequestContext, id: string) {
  if (!isUuid(id)) return null;
  const row = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) => automationRunById(tx, id));
  return row ? toRun(row) : null;
}

export const automationResolvers = {
  Query: {
    async automationPreview(_, args, ctx) {
      requirePermission(ctx, 'automation.read');
      // Reads only: the command context is the viewer's, under a throwaway id.
      const p = await previewAutomation(
        automationDeps(ctx),
        commandContext(ctx, 'automation-preview'),
        { job: args.job, asOf: args.asOf ? args.asOf.toISOString() : null },
      );
      return {
        asOf: new Date(p.asOf),
        job: p.job,
        counts: toCounts(p.counts),
        total: p.items.length,
        items: p.items.map((i) => ({
          kind: i.kind,
          commandId: i.commandId,
          serviceId: i.serviceId,
          invoiceId: i.invoiceId,
          orderId: i.orderId,
          customerName: i.customerName,
          description: i.description,
          amount: i.amount,
          outcome: null,
          detail: null,
        })),
      };
    },
    async automationRuns(_, args, ctx) {
      requirePermission(ctx, 'automation.read');
      const first = clamp(args.first, 100);
      const offset = Math.max(0, Math.trunc(args.offset ?? 0));
      const page = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        automationRunPage(tx, { first, offset }),
      );
      return { items: page.rows.map(toRun), total: page.total };
    },
    async automationRun(_, { id }, ctx) {
      requirePermission(ctx, 'automation.read');
      return readRun(ctx, id);
    },
    async automationSettings(_, _args, ctx) {
      requirePermission(ctx, 'automation.read');
      return readAutomationSettings(ctx);
    },
  },
  Mutation: {
    async runAutomation(_, { input: { commandId, job, asOf } }, ctx) {
      requirePermission(ctx, 'automation.run');
      const r = await runAutomation(automationDeps(ctx), commandContext(ctx, commandId), {
        job,
        asOf: asOf ? asOf.toISOString() : null,
        trigger: 'STAFF',
      });
      // Read your writes: the run's last event (its finish) in the read models.
      const events = await ctx.platform.store.readStream(automationRunStreamId(r.runId));
      await settle(ctx, events.at(-1)?.position ?? null);
      const run = await readRun(ctx, r.runId);
      if (!run) throw new DomainError('NOT_FOUND', 'Run not found.');
      return run;
    },
    async updateAutomationSettings(_, { input: { commandId, ...changes } }, ctx) {
      requirePermission(ctx, 'automation.settings');
      const r = await changeAutomationSettings(
        automationDeps(ctx),
        commandContext(ctx, commandId),
        changes,
      );
      await settle(ctx, r.position);
      return readAutomationSettings(ctx);
    },
  },
  AutomationRun: {
    async items(run, args, ctx) {
      const first = clamp(args.first, 1000);
      const rows = await readScoped(ctx.platform.sql, ctx.tenantId, (tx) =>
        automationRunItems(tx, run.id, first),
      );
      return rows.map(toRunItem);
    },
  },
} satisfies Resolvers;
