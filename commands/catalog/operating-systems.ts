import { z } from 'zod';
import { OS_FAMILIES } from '../../domain/catalog/events.ts';
import { requirePermission } from '../shared/authorize.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput, plainText } from '../shared/validate.ts';
import {
  cyclePriceList,
  entryId,
  name,
  pricePath,
  runCatalogChange,
  toCyclePrices,
  withId,
  type CatalogResult,
  type CyclePriceList,
} from './run.ts';

// Operating systems: define (free, or with a licence price per cycle), change, reprice, retire.

const details = z.object({ name, version: plainText(60), family: z.enum(OS_FAMILIES) });
const createSchema = z.object({
  commandId,
  details,
  licencePrices: cyclePriceList.nullish(),
});
const updateSchema = z.object({
  commandId,
  operatingSystemId: entryId,
  details,
  licencePrices: cyclePriceList.nullish(),
});
const retireSchema = z.object({ commandId, operatingSystemId: entryId });

/** An empty or missing list: free of licence charges (null in the events). */
const licence = (list: CyclePriceList | null | undefined) =>
  list && list.length > 0 ? toCyclePrices(list) : null;

const osPath =
  (list?: CyclePriceList | null) =>
  (path: string[]): string[] =>
    pricePath(path, 'licencePrices', list, ['licencePrices']) ?? ['details', ...path];

/** Staff: a new operating system; its id comes from the commandId (a retry defines it once). */
export async function createOperatingSystem(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(createSchema, withId(ctx, input));
  const operatingSystemId = uuidFrom(`operating-system:${ctx.tenantId}:${ctx.commandId}`);
  return runCatalogChange(
    deps,
    ctx,
    operatingSystemId,
    (now) => [
      {
        type: 'DefineOperatingSystem',
        tenantId: ctx.tenantId,
        operatingSystemId,
        details: cmd.details,
        licencePrices: licence(cmd.licencePrices),
        now,
      },
    ],
    osPath(cmd.licencePrices),
  );
}

/**
 * Staff: name, version and family; `licencePrices` given (an empty list: free) reprices it in
 * the same append, omitted keeps them.
 */
export async function updateOperatingSystem(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(updateSchema, withId(ctx, input));
  const { operatingSystemId } = cmd;
  const repriced = cmd.licencePrices !== undefined && cmd.licencePrices !== null;
  return runCatalogChange(
    deps,
    ctx,
    operatingSystemId,
    (now) => [
      {
        type: 'UpdateOperatingSystem',
        tenantId: ctx.tenantId,
        operatingSystemId,
        details: cmd.details,
        now,
      },
      ...(repriced
        ? [
            {
              type: 'RepriceOperatingSystem' as const,
              tenantId: ctx.tenantId,
              operatingSystemId,
              licencePrices: licence(cmd.licencePrices),
              now,
            },
          ]
        : []),
    ],
    osPath(cmd.licencePrices),
  );
}

/** Staff: no new orders with this system. */
export async function retireOperatingSystem(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(retireSchema, withId(ctx, input));
  return runCatalogChange(
    deps,
    ctx,
    cmd.operatingSystemId,
    (now) => [
      {
        type: 'RetireOperatingSystem',
        tenantId: ctx.tenantId,
        operatingSystemId: cmd.operatingSystemId,
        now,
      },
    ],
    (p) => p,
  );
}
