import { conflict, type Decider, type DomainEvent } from '../shared/decider.ts';

/**
 * A host name serves one tenant. Each host has a claim stream, so two tenants cannot take the
 * same host at once, whatever the read models say (DESIGN rule 7).
 */
export type HostClaimed = DomainEvent<'HostClaimed', { host: string; tenantId: string; claimedAt: string }>;
export type HostReleased = DomainEvent<'HostReleased', { host: string; tenantId: string; releasedAt: string }>;
export type HostClaimEvent = HostClaimed | HostReleased;

export const hostClaimStreamId = (host: string) => `host-${host}`;

export type HostClaimCommand =
  | { type: 'ClaimHost'; host: string; tenantId: string; now: string }
  | { type: 'ReleaseHost'; host: string; tenantId: string; now: string };

export const hostClaimDecider: Decider<HostClaimCommand, HostClaimEvent, { tenantId: string | null }> = {
  initialState: { tenantId: null },
  decide(command, state) {
    if (command.type === 'ClaimHost') {
      if (state.tenantId === command.tenantId) return [];
      if (state.tenantId) throw conflict(`the host name ${command.host} already serves another tenant`);
      return [{ type: 'HostClaimed', data: { host: command.host, tenantId: command.tenantId, claimedAt: command.now } }];
    }
    if (state.tenantId !== command.tenantId) return [];
    return [{ type: 'HostReleased', data: { host: command.host, tenantId: command.tenantId, releasedAt: command.now } }];
  },
  evolve: (state, event) => ({ tenantId: event.type === 'HostClaimed' ? event.data.tenantId : null }),
};
