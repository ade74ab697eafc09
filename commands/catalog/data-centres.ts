import { z } from 'zod';
import { DATA_CENTRE_STATUSES } from '../../domain/catalog/events.ts';
import { requirePermission } from '../shared/authorize.ts';
import type { CommandContext, CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { commandId, parseInput, plainText } from '../shared/validate.ts';
import { entryId, name, runCatalogChange, withId, type CatalogResult } from './run.ts';

// Data centres: define, change (name, place, status), close. Only ACTIVE ones take orders.

const details = z.object({
  name,
  city: plainText(120),
  country: z.string().max(2, 'Give the ISO country code of two letters, e.g. "IN".'),
  status: z.enum(DATA_CENTRE_STATUSES),
});
const createSchema = z.object({ commandId, details });
const updateSchema = z.object({ commandId, dataCentreId: entryId, details });
const retireSchema = z.object({ commandId, dataCentreId: entryId });

const detailsPath = (path: string[]) => ['details', ...path];

/** Staff: a new data centre; its id comes from the commandId (a retry defines it once). */
export async function createDataCentre(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(createSchema, withId(ctx, input));
  const dataCentreId = uuidFrom(`data-centre:${ctx.tenantId}:${ctx.commandId}`);
  return runCatalogChange(
    deps,
    ctx,
    dataCentreId,
    (now) => [
      { type: 'DefineDataCentre', tenantId: ctx.tenantId, dataCentreId, details: cmd.details, now },
    ],
    detailsPath,
  );
}

/** Staff: name, city, country and status (MAINTENANCE and CLOSED take no new orders). */
export async function updateDataCentre(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(updateSchema, withId(ctx, input));
  return runCatalogChange(
    deps,
    ctx,
    cmd.dataCentreId,
    (now) => [
      {
        type: 'UpdateDataCentre',
        tenantId: ctx.tenantId,
        dataCentreId: cmd.dataCentreId,
        details: cmd.details,
        now,
      },
    ],
    detailsPath,
  );
}

/** Staff: status CLOSED (no new orders), the rest as it stands in the stream. */
export async function retireDataCentre(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  const cmd = parseInput(retireSchema, withId(ctx, input));
  return runCatalogChange(
    deps,
    ctx,
    cmd.dataCentreId,
    (now) => [
      {
        type: 'CloseDataCentre',
        tenantId: ctx.tenantId,
        dataCentreId: cmd.dataCentreId,
        now,
      },
    ],
    (p) => p,
  );
}
