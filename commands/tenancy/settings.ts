import { z } from 'zod';
import { DomainError } from '../../domain/shared/decider.ts';
import {
  OPERATOR_TENANT_ID,
  tenantStreamId,
  type BillingSettings,
  type Brand,
  type LegalProfile,
  type TopUpSettings,
} from '../../domain/tenancy/events.ts';
import { checkBrand } from '../../domain/tenancy/settings-rules.ts';
import { tenantDecider, type TenantStreamCommand } from '../../domain/tenancy/tenant.ts';
import type { Position } from '../../eventstore/types.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { loadTenant } from '../shared/tenant.ts';
import { commandId, parseInput } from '../shared/validate.ts';
import { billingSchema, brandSchema, legalSchema, topUpSchema } from './schemas.ts';
import { claimHosts, refuseReservedHosts, releaseHosts, takingBy } from './hosts.ts';

const tenantIdField = z.string().max(60).nullish();

/**
 * Whose settings: the actor's own tenant (settings.manage), or, for the operator's super
 * admins (tenants.manage), any tenant they name. Asked by the commands and by the settings
 * query (no command there, so it takes only who acts and where).
 */
export function settingsTenant(
  ctx: Pick<CommandContext, 'tenantId' | 'actor' | 'permissions'>,
  tenantId: string | null | undefined,
): string {
  if (!tenantId || tenantId === ctx.tenantId) {
    requirePermission(ctx, 'settings.manage');
    return ctx.tenantId;
  }
  requirePermission(ctx, 'tenants.manage');
  if (ctx.tenantId !== OPERATOR_TENANT_ID)
    throw new DomainError('FORBIDDEN', 'Only the operator manages other tenants.');
  return tenantId;
}

async function decideOnTenant(
  deps: CommandDeps,
  ctx: CommandContext,
  tenantId: string,
  command: (now: string) => TenantStreamCommand,
) {
  return handleCommand(
    deps,
    { ...ctx, tenantId },
    { streamId: tenantStreamId(tenantId), decider: tenantDecider, command },
  );
}

const brandInput = z.object({ commandId, tenantId: tenantIdField, brand: brandSchema });

/**
 * The store's contact fields came after the brand form: a caller that does not send them (an
 * older client, a form without them) keeps what the brand has; null clears them.
 */
function keepAbsent(
  brand: Omit<Brand, 'supportPhone' | 'storeDescription'> & {
    supportPhone?: string | null;
    storeDescription?: string | null;
  },
  before: Brand,
): Brand {
  return {
    ...brand,
    supportPhone:
      brand.supportPhone === undefined ? (before.supportPhone ?? null) : brand.supportPhone,
    storeDescription:
      brand.storeDescription === undefined
        ? (before.storeDescription ?? null)
        : brand.storeDescription,
  };
}

/**
 * New brand. Host names are claimed before the brand names them and released after it stops,
 * so at no moment do two tenants serve one host. A reseller's own new hosts are only requested:
 * they serve its portal once the operator approves them (host-approval.ts).
 */
export async function updateBrand(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<{ tenantId: string; positions: Position[] }> {
  const cmd = parseInput(brandInput, { ...(input as object), commandId: ctx.commandId });
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  const before = await loadTenant(deps.store, tenantId);
  const brand: Brand = keepAbsent(cmd.brand, before.brand);
  checkBrand(brand);
  const added = brand.domains.filter((d) => !before.brand.domains.includes(d));
  const removed = before.brand.domains.filter((d) => !brand.domains.includes(d));
  await refuseReservedHosts(deps, tenantId, added);
  const positions = await claimHosts(deps, ctx, tenantId, added, takingBy(ctx));
  try {
    const r = await decideOnTenant(deps, ctx, tenantId, (now) => ({
      type: 'UpdateBrand',
      brand,
      now,
    }));
    if (r.position) positions.push(r.position);
  } catch (error) {
    await releaseHosts(deps, { ...ctx, commandId: `${ctx.commandId}:undo` }, tenantId, added);
    throw error;
  }
  positions.push(
    ...(await releaseHosts(
      deps,
      { ...ctx, commandId: `${ctx.commandId}:release` },
      tenantId,
      removed,
    )),
  );
  return { tenantId, positions };
}

const legalInput = z.object({ commandId, tenantId: tenantIdField, legal: legalSchema });

/** Company, GSTIN (checked with its check character), state, address and document series. */
export async function updateLegalProfile(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(legalInput, { ...(input as object), commandId: ctx.commandId });
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  const legal: LegalProfile = cmd.legal;
  const r = await decideOnTenant(deps, ctx, tenantId, (now) => ({
    type: 'UpdateLegalProfile',
    legal,
    now,
  }));
  return { tenantId, positions: r.position ? [r.position] : [] };
}

const topUpInput = z.object({ commandId, tenantId: tenantIdField, topUps: topUpSchema });

/** Where customers send money for top-ups, and the limits of one request. */
export async function updateTopUpSettings(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(topUpInput, { ...(input as object), commandId: ctx.commandId });
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  const topUps: TopUpSettings = cmd.topUps;
  const r = await decideOnTenant(deps, ctx, tenantId, (now) => ({
    type: 'UpdateTopUpSettings',
    topUps,
    now,
  }));
  return { tenantId, positions: r.position ? [r.position] : [] };
}

const billingInput = z.object({ commandId, tenantId: tenantIdField, billing: billingSchema });

/** Partial payments, how long an unpaid order waits, rounding of invoice totals. */
export async function updateBillingSettings(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
) {
  const cmd = parseInput(billingInput, { ...(input as object), commandId: ctx.commandId });
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  const billing: BillingSettings = cmd.billing;
  const r = await decideOnTenant(deps, ctx, tenantId, (now) => ({
    type: 'UpdateBillingSettings',
    billing,
    now,
  }));
  return { tenantId, positions: r.position ? [r.position] : [] };
}

const switchInput = z.object({
  commandId,
  tenantId: tenantIdField,
  feature: z.string().max(60),
  enabled: z.boolean(),
});

/** Switches a feature on or off for the tenant's portal and API. */
export async function switchFeature(deps: CommandDeps, ctx: CommandContext, input: unknown) {
  const cmd = parseInput(switchInput, { ...(input as object), commandId: ctx.commandId });
  const tenantId = settingsTenant(ctx, cmd.tenantId);
  const r = await decideOnTenant(deps, ctx, tenantId, (now) => ({
    type: 'SwitchFeature',
    feature: cmd.feature,
    enabled: cmd.enabled,
    now,
  }));
  return { tenantId, positions: r.position ? [r.position] : [] };
}
