import { z } from 'zod';
import {
  DISK_TYPES,
  PLAN_KINDS,
  PLAN_VISIBILITIES,
  type PlanKind,
} from '../../domain/catalog/events.ts';
import type { PlanDetailsInput } from '../../domain/catalog/rules.ts';
import { requirePermission } from '../shared/authorize.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import {
  cyclePriceList,
  decimalText,
  description,
  entryId,
  name,
  pricePath,
  runCatalogChange,
  withId,
  toCyclePrices,
  type CatalogResult,
  type CyclePriceList,
} from './run.ts';

// Plans: define, describe again, reprice, show / hide / retire. Each is one append to the
// tenant's catalog stream (commands/catalog/run.ts); the rules are domain/catalog's.

const specs = z.object({
  vCpu: z.number(),
  ramGb: z.number(),
  diskGb: z.number(),
  diskType: z.enum(DISK_TYPES),
  bandwidthTb: z.number(),
  ipv4: z.number(),
});

const details = z.object({
  kind: z.enum(PLAN_KINDS),
  name,
  description,
  specs,
  sac: z.string().max(20).nullish(),
  gstRate: decimalText.nullish(),
  dataCentreIds: z.array(entryId).max(100),
  operatingSystemIds: z.array(entryId).max(100),
});

const createSchema = z.object({
  commandId,
  details,
  prices: cyclePriceList,
  setupFee: decimalText.nullish(),
  visibility: z.enum(PLAN_VISIBILITIES).nullish(),
});
const updateSchema = z.object({ commandId, planId: entryId, details });
const repriceSchema = z.object({
  commandId,
  planId: entryId,
  prices: cyclePriceList,
  setupFee: decimalText.nullish(),
});
const visibilitySchema = z.object({
  commandId,
  planId: entryId,
  visibility: z.enum(PLAN_VISIBILITIES),
});
const retireSchema = z.object({ commandId, planId: entryId });

type Details = z.infer<typeof details>;

const toDetails = (d: Details): PlanDetailsInput => ({
  kind: d.kind as PlanKind,
  name: d.name,
  description: d.description,
  specs: d.specs,
  dataCentreIds: d.dataCentreIds,
  operatingSystemIds: d.operatingSystemIds,
  ...(d.sac ? { sac: d.sac } : {}),
  ...(d.gstRate ? { gstRate: d.gstRate } : {}),
});

/** The domain's fields of a plan (name, specs.vCpu, prices.MONTHLY, ...) as the input's paths. */
const planPath =
  (prices?: CyclePriceList) =>
  (path: string[]): string[] =>
    pricePath(path, 'prices', prices, ['prices']) ??
    (path[0] === 'setupFee' || path[0] === 'visibility' ? path : ['details', ...path]);

/** Staff: a new plan. Its id comes from the commandId, so a retry defines the same plan once. */
export async function createPlan(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(createSchema, withId(ctx, input));
  const planId = uuidFrom(`plan:${ctx.tenantId}:${ctx.commandId}`);
  return runCatalogChange(
    deps,
    ctx,
    planId,
    (now) => [
      {
        type: 'DefinePlan',
        tenantId: ctx.tenantId,
        planId,
        details: toDetails(cmd.details),
        pricing: { prices: toCyclePrices(cmd.prices), setupFee: cmd.setupFee ?? '0' },
        ...(cmd.visibility ? { visibility: cmd.visibility } : {}),
        now,
      },
    ],
    planPath(cmd.prices),
  );
}

/** Staff: the plan's description, specs, tax and where it is offered (prices have their own command). */
export async function updatePlan(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(updateSchema, withId(ctx, input));
  return runCatalogChange(
    deps,
    ctx,
    cmd.planId,
    (now) => [
      {
        type: 'UpdatePlan',
        tenantId: ctx.tenantId,
        planId: cmd.planId,
        details: toDetails(cmd.details),
        now,
      },
    ],
    planPath(),
  );
}

/** Staff: new prices for new orders (PlanRepriced); what was sold keeps the price it was sold at. */
export async function repricePlan(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(repriceSchema, withId(ctx, input));
  return runCatalogChange(
    deps,
    ctx,
    cmd.planId,
    (now) => [
      {
        type: 'RepricePlan',
        tenantId: ctx.tenantId,
        planId: cmd.planId,
        pricing: { prices: toCyclePrices(cmd.prices), setupFee: cmd.setupFee ?? '0' },
        now,
      },
    ],
    planPath(cmd.prices),
  );
}

/** Staff: PUBLIC (listed), HIDDEN (orderable by link only) or RETIRED (not orderable). */
export async function setPlanVisibility(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(visibilitySchema, withId(ctx, input));
  return runCatalogChange(
    deps,
    ctx,
    cmd.planId,
    (now) => [
      {
        type: 'ChangePlanVisibility',
        tenantId: ctx.tenantId,
        planId: cmd.planId,
        visibility: cmd.visibility,
        now,
      },
    ],
    (p) => p,
  );
}

/** Staff: no new orders of this plan (visibility RETIRED); services already sold are untouched. */
export async function retirePlan(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(retireSchema, withId(ctx, input));
  return runCatalogChange(
    deps,
    ctx,
    cmd.planId,
    (now) => [
      {
        type: 'ChangePlanVisibility',
        tenantId: ctx.tenantId,
        planId: cmd.planId,
        visibility: 'RETIRED',
        now,
      },
    ],
    (p) => p,
  );
}
