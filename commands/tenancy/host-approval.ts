import { z } from 'zod';
import { DomainError, fold, notFound } from '../../domain/shared/decider.ts';
import { OPERATOR_TENANT_ID, tenantStreamId } from '../../domain/tenancy/events.ts';
import {
  hostClaimDecider,
  hostClaimStreamId,
  type HostClaimEvent,
} from '../../domain/tenancy/host-claim.ts';
import { tenantDecider } from '../../domain/tenancy/tenant.ts';
import type { Position } from '../../eventstore/types.ts';
import { requirePermission } from '../shared/authorize.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { loadTenant } from '../shared/tenant.ts';
import { commandId, parseInput, plainText } from '../shared/validate.ts';

const hostField = z.string().trim().toLowerCase().min(1).max(253);
const approveInput = z.object({ commandId, host: hostField });
const rejectInput = z.object({ commandId, host: hostField, reason: plainText(500, 3) });

export interface HostDecision {
  host: string;
  tenantId: string;
  positions: Position[];
}

/** Only the operator's super admins decide on a reseller's hosts; a reseller never on its own. */
function requireOperator(ctx: CommandContext): void {
  requirePermission(ctx, 'tenants.manage');
  if (ctx.tenantId !== OPERATOR_TENANT_ID)
    throw new DomainError('FORBIDDEN', 'Only the operator approves host names.');
}

/** Who asked for the host, as its claim stream says (the command then decides on that stream). */
async function holderOf(deps: CommandDeps, host: string): Promise<string> {
  const events = await deps.store.readStream(hostClaimStreamId(host));
  const state = fold(hostClaimDecider, events as unknown as HostClaimEvent[]);
  if (!state.tenantId) throw notFound(`a request for the host name ${host}`);
  return state.tenantId;
}

/** The operator approves a reseller's requested host: from now on it serves the reseller's portal. */
export async function approveHost(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<HostDecision> {
  requireOperator(ctx);
  const cmd = parseInput(approveInput, { ...(input as object), commandId: ctx.commandId });
  const tenantId = await holderOf(deps, cmd.host);
  const r = await handleCommand(
    deps,
    { ...ctx, tenantId },
    {
      streamId: hostClaimStreamId(cmd.host),
      decider: hostClaimDecider,
      command: (now) => ({ type: 'ApproveHost' as const, host: cmd.host, tenantId, now }),
    },
  );
  return { host: cmd.host, tenantId, positions: r.position ? [r.position] : [] };
}

/**
 * The operator refuses a reseller's requested host, with a reason the reseller reads. The name
 * is free again at once (another tenant may claim it), and it leaves the reseller's brand so the
 * reseller's next save does not silently keep it.
 */
export async function rejectHost(
  deps: CommandDeps,
  ctx: CommandContext,
  input: unknown,
): Promise<HostDecision> {
  requireOperator(ctx);
  const cmd = parseInput(rejectInput, { ...(input as object), commandId: ctx.commandId });
  const tenantId = await holderOf(deps, cmd.host);
  const r = await handleCommand(
    deps,
    { ...ctx, tenantId },
    {
      streamId: hostClaimStreamId(cmd.host),
      decider: hostClaimDecider,
      command: (now) => ({
        type: 'RejectHost' as const,
        host: cmd.host,
        tenantId,
        reason: cmd.reason,
        now,
      }),
    },
  );
  const positions = r.position ? [r.position] : [];
  const tenant = await loadTenant(deps.store, tenantId);
  const domains = tenant.brand.domains.filter((d) => d !== cmd.host);
  // A brand keeps at least one host name; a lone rejected one stays listed but serves nothing.
  if (domains.length > 0 && domains.length < tenant.brand.domains.length) {
    const brand = { ...tenant.brand, domains };
    const b = await handleCommand(
      deps,
      { ...ctx, tenantId, commandId: `${ctx.commandId}:brand` },
      {
        streamId: tenantStreamId(tenantId),
        decider: tenantDecider,
        command: (now) => ({ type: 'UpdateBrand' as const, brand, now }),
      },
    );
    if (b.position) positions.push(b.position);
  }
  return { host: cmd.host, tenantId, positions };
}
