import { z } from 'zod';
import { DomainError, fieldsMessage, fold } from '../../domain/shared/decider.ts';
import { catalogDecider } from '../../domain/catalog/decider.ts';
import {
  BILLING_CYCLES,
  catalogStreamId,
  type CatalogEvent,
  type CyclePrices,
} from '../../domain/catalog/events.ts';
import type { CatalogState } from '../../domain/catalog/state.ts';
import type { EventStore, Position } from '../../eventstore/types.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { plainText } from '../shared/validate.ts';
import { catalogChanges, type CatalogChange } from './changes.ts';

/** What every catalog command answers: the entry it changed and where its events are. */
export interface CatalogResult {
  id: string;
  position: Position | null;
  replayed: boolean;
}

/**
 * The catalog as its stream says, folded (orders and invoices decide on this, never on the read
 * model: DESIGN rule 7). `catalogSnapshot(state)` is what an order carries.
 */
export async function loadCatalog(store: EventStore, tenantId: string): Promise<CatalogState> {
  const events = await store.readStream(catalogStreamId(tenantId));
  return fold(catalogDecider, events as unknown as CatalogEvent[]);
}

/**
 * Authorizes (catalog.manage), then decides the changes on the tenant's catalog stream and
 * appends them together under the client's commandId (idempotent: handleCommand). A refusal
 * naming a field is re-addressed from the domain's path to the input's (`where`), so the form
 * can show it beside the field that caused it.
 */
export async function runCatalogChange(
  deps: CommandDeps,
  ctx: CommandContext,
  id: string,
  changes: (now: string) => CatalogChange[],
  where: (domainPath: string[]) => string[],
): Promise<CatalogResult> {
  requirePermission(ctx, 'catalog.manage');
  try {
    const result = await handleCommand(deps, ctx, {
      streamId: catalogStreamId(ctx.tenantId),
      decider: catalogChanges,
      command: changes,
    });
    return { id, position: result.position, replayed: result.replayed };
  } catch (e) {
    if (e instanceof DomainError && e.code === 'BAD_USER_INPUT' && e.issues.length > 0) {
      const issues = e.issues.map((i) => ({ path: where(i.path), message: i.message }));
      throw new DomainError('BAD_USER_INPUT', fieldsMessage(issues), issues);
    }
    throw e;
  }
}

/** The input with the context's commandId (the one idempotency is keyed on). */
export const withId = (ctx: CommandContext, input: unknown) => ({
  ...(input as object),
  commandId: ctx.commandId,
});

// ---- input shapes shared by the commands (paths are the GraphQL input's) ----

export const entryId = z.string().min(1, 'Required.').max(100, 'At most 100 characters.');
export const name = plainText(120);
export const description = plainText(2000, 0);
/** A decimal as the client typed it; the domain reads it (two to six decimals, fractional paise allowed). */
export const decimalText = z.string().max(40, 'At most 40 characters.');
export const cycle = z.enum(BILLING_CYCLES);

export const cyclePriceList = z
  .array(z.object({ cycle, price: decimalText }))
  .max(BILLING_CYCLES.length)
  .superRefine((list, c) => {
    const seen = new Set<string>();
    list.forEach((p, i) => {
      if (seen.has(p.cycle))
        c.addIssue({
          code: z.ZodIssueCode.custom,
          path: [i, 'cycle'],
          message: `The cycle ${p.cycle} is listed twice; give each cycle once.`,
        });
      seen.add(p.cycle);
    });
  });
export type CyclePriceList = z.infer<typeof cyclePriceList>;

/** The list the API takes as the domain's record of prices per cycle. */
export const toCyclePrices = (list: CyclePriceList): CyclePrices =>
  Object.fromEntries(list.map((p) => [p.cycle, p.price]));

/**
 * The input path of a domain path into a price list: the domain names `<field>.MONTHLY`, the
 * input has `<at>.<index>.price` for the entry with that cycle.
 */
export function pricePath(
  path: string[],
  field: string,
  list: CyclePriceList | null | undefined,
  at: string[],
): string[] | null {
  const parts = field.split('.');
  if (parts.some((p, i) => path[i] !== p)) return null;
  const rest = path.slice(parts.length);
  if (rest.length === 0) return at;
  const index = (list ?? []).findIndex((p) => p.cycle === rest[0]);
  return index < 0 ? at : [...at, String(index), 'price'];
}
