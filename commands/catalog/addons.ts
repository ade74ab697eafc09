import { z } from 'zod';
import { PLAN_KINDS, type AddonPricing } from '../../domain/catalog/events.ts';
import type { AddonDetailsInput } from '../../domain/catalog/rules.ts';
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
  toCyclePrices,
  withId,
  type CatalogResult,
} from './run.ts';

// Add-ons: define (priced per cycle or once), change, reprice, retire.

const details = z.object({
  name,
  description,
  sac: z.string().max(20).nullish(),
  gstRate: decimalText.nullish(),
  planKinds: z.array(z.enum(PLAN_KINDS)).max(PLAN_KINDS.length * 2),
});
const pricing = z.object({
  kind: z.enum(['RECURRING', 'ONE_TIME']),
  prices: cyclePriceList.nullish(),
  price: decimalText.nullish(),
});
const createSchema = z.object({ commandId, details, pricing });
const updateSchema = z.object({ commandId, addonId: entryId, details, pricing: pricing.nullish() });
const retireSchema = z.object({ commandId, addonId: entryId });

type Pricing = z.infer<typeof pricing>;

const toDetails = (d: z.infer<typeof details>): AddonDetailsInput => ({
  name: d.name,
  description: d.description,
  planKinds: d.planKinds,
  ...(d.sac ? { sac: d.sac } : {}),
  ...(d.gstRate ? { gstRate: d.gstRate } : {}),
});

/** RECURRING takes `prices`, ONE_TIME takes `price`; the domain checks them. */
const toPricing = (p: Pricing): AddonPricing =>
  p.kind === 'RECURRING'
    ? { kind: 'RECURRING', prices: toCyclePrices(p.prices ?? []) }
    : { kind: 'ONE_TIME', price: p.price ?? '' };

/** Domain paths (name, planKinds.0, pricing.prices.MONTHLY) as the input's. */
const addonPath =
  (p?: Pricing | null) =>
  (path: string[]): string[] =>
    pricePath(path, 'pricing.prices', p?.prices, ['pricing', 'prices']) ??
    (path[0] === 'pricing' ? path : ['details', ...path]);

/** Staff: a new add-on; its id comes from the commandId (a retry defines it once). */
export async function createAddon(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(createSchema, withId(ctx, input));
  const addonId = uuidFrom(`addon:${ctx.tenantId}:${ctx.commandId}`);
  return runCatalogChange(
    deps,
    ctx,
    addonId,
    (now) => [
      {
        type: 'DefineAddon',
        tenantId: ctx.tenantId,
        addonId,
        details: toDetails(cmd.details),
        pricing: toPricing(cmd.pricing),
        now,
      },
    ],
    addonPath(cmd.pricing),
  );
}

/** Staff: the add-on's description and the plan kinds it fits; with `pricing`, its prices too (one append). */
export async function updateAddon(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(updateSchema, withId(ctx, input));
  const { addonId } = cmd;
  return runCatalogChange(
    deps,
    ctx,
    addonId,
    (now) => [
      {
        type: 'UpdateAddon',
        tenantId: ctx.tenantId,
        addonId,
        details: toDetails(cmd.details),
        now,
      },
      ...(cmd.pricing
        ? [
            {
              type: 'RepriceAddon' as const,
              tenantId: ctx.tenantId,
              addonId,
              pricing: toPricing(cmd.pricing),
              now,
            },
          ]
        : []),
    ],
    addonPath(cmd.pricing),
  );
}

/** Staff: no new orders with this add-on; what was sold keeps it. */
export async function retireAddon(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(retireSchema, withId(ctx, input));
  return runCatalogChange(
    deps,
    ctx,
    cmd.addonId,
    (now) => [{ type: 'RetireAddon', tenantId: ctx.tenantId, addonId: cmd.addonId, now }],
    (p) => p,
  );
}
