import { DomainError } from '../../domain/shared/decider.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { hostClaimDecider, hostClaimStreamId } from '../../domain/tenancy/host-claim.ts';
import { checkResellerHosts } from '../../domain/tenancy/reserved-hosts.ts';
import type { Position } from '../../eventstore/types.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';
import { loadTenant } from '../shared/tenant.ts';

/**
 * A reseller's new hosts may be neither IP addresses nor the operator's names (as the
 * operator's stream says now). The operator's own hosts are its choice.
 */
export async function refuseReservedHosts(
  deps: CommandDeps,
  tenantId: string,
  hosts: readonly string[],
): Promise<void> {
  if (tenantId === OPERATOR_TENANT_ID || hosts.length === 0) return;
  const operator = await loadTenant(deps.store, OPERATOR_TENANT_ID);
  checkResellerHosts(hosts, operator.brand);
}

/**
 * How a host is taken: `claim` when the operator names it (approved by that act), `request`
 * when a reseller adds it to its own brand (reserved, but it waits for the operator).
 */
export type HostTaking = 'claim' | 'request';

/** The operator's people approve by acting; a reseller's own edits only ask. */
export const takingBy = (ctx: CommandContext): HostTaking =>
  ctx.tenantId === OPERATOR_TENANT_ID ? 'claim' : 'request';

/**
 * Claims (or requests) each host for `tenantId` on its own stream, in a fixed order (so two
 * tenants racing for overlapping hosts cannot each hold half). A host another tenant holds is a
 * CONFLICT and the hosts claimed so far are released again.
 */
export async function claimHosts(
  deps: CommandDeps,
  ctx: CommandContext,
  tenantId: string,
  hosts: readonly string[],
  taking: HostTaking = 'claim',
): Promise<Position[]> {
  const positions: Position[] = [];
  const claimed: string[] = [];
  for (const host of [...hosts].sort()) {
    try {
      const r = await handleCommand(
        deps,
        { ...ctx, tenantId },
        {
          streamId: hostClaimStreamId(host),
          decider: hostClaimDecider,
          command: (now) => ({
            type: taking === 'claim' ? ('ClaimHost' as const) : ('RequestHost' as const),
            host,
            tenantId,
            now,
          }),
        },
      );
      // A replayed claim may have been undone since (an earlier try hit a taken host).
      if (r.state.tenantId !== tenantId)
        throw new DomainError(
          'CONFLICT',
          `The host name ${host} is not held; send a new commandId.`,
        );
      if (r.position) positions.push(r.position);
      claimed.push(host);
    } catch (error) {
      await releaseHosts(deps, { ...ctx, commandId: `${ctx.commandId}:undo` }, tenantId, claimed);
      throw error;
    }
  }
  return positions;
}

/** Lets other tenants take hosts this tenant no longer uses. */
export async function releaseHosts(
  deps: CommandDeps,
  ctx: CommandContext,
  tenantId: string,
  hosts: readonly string[],
): Promise<Position[]> {
  const positions: Position[] = [];
  for (const host of hosts) {
    const r = await handleCommand(
      deps,
      { ...ctx, tenantId },
      {
        streamId: hostClaimStreamId(host),
        decider: hostClaimDecider,
        command: (now) => ({ type: 'ReleaseHost' as const, host, tenantId, now }),
      },
    );
    if (r.position) positions.push(r.position);
  }
  return positions;
}
