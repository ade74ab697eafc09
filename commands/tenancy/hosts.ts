import { DomainError } from '../../domain/shared/decider.ts';
import { hostClaimDecider, hostClaimStreamId } from '../../domain/tenancy/host-claim.ts';
import type { Position } from '../../eventstore/types.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';

/**
 * Claims each host for `tenantId` on its own stream, in a fixed order (so two tenants racing
 * for overlapping hosts cannot each hold half). A host another tenant holds is a CONFLICT and
 * the hosts claimed so far are released again.
 */
export async function claimHosts(deps: CommandDeps, ctx: CommandContext, tenantId: string, hosts: readonly string[]): Promise<Position[]> {
  const positions: Position[] = [];
  const claimed: string[] = [];
  for (const host of [...hosts].sort()) {
    try {
      const r = await handleCommand(deps, { ...ctx, tenantId }, {
        streamId: hostClaimStreamId(host),
        decider: hostClaimDecider,
        input: { claim: host, tenantId },
        command: (now) => ({ type: 'ClaimHost' as const, host, tenantId, now }),
      });
      // A replayed claim may have been undone since (an earlier try hit a taken host).
      if (r.state.tenantId !== tenantId) throw new DomainError('CONFLICT', `the host name ${host} is not held; send a new commandId`);
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
export async function releaseHosts(deps: CommandDeps, ctx: CommandContext, tenantId: string, hosts: readonly string[]): Promise<Position[]> {
  const positions: Position[] = [];
  for (const host of hosts) {
    const r = await handleCommand(deps, { ...ctx, tenantId }, {
      streamId: hostClaimStreamId(host),
      decider: hostClaimDecider,
      input: { release: host, tenantId },
      command: (now) => ({ type: 'ReleaseHost' as const, host, tenantId, now }),
    });
    if (r.position) positions.push(r.position);
  }
  return positions;
}
