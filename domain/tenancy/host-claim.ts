import { conflict, notFound, type Decider, type DomainEvent } from '../shared/decider.ts';

/**
 * A host name serves one tenant. Each host has a claim stream, so two tenants cannot take the
 * same host at once, whatever the read models say (DESIGN rule 7).
 *
 * The operator's acts claim a host outright (HostClaimed: reserved and approved). A reseller's
 * own new host is only requested (HostRequested): reserved, so nobody else takes it meanwhile,
 * but it serves the reseller's portal only once the operator approves it (HostApproved). A
 * rejection (HostRejected) frees the name like a release.
 */
export type HostClaimed = DomainEvent<
  'HostClaimed',
  { host: string; tenantId: string; claimedAt: string }
>;
export type HostRequested = DomainEvent<
  'HostRequested',
  { host: string; tenantId: string; requestedAt: string }
>;
export type HostApproved = DomainEvent<
  'HostApproved',
  { host: string; tenantId: string; approvedAt: string }
>;
export type HostRejected = DomainEvent<
  'HostRejected',
  { host: string; tenantId: string; reason: string; rejectedAt: string }
>;
export type HostReleased = DomainEvent<
  'HostReleased',
  { host: string; tenantId: string; releasedAt: string }
>;
export type HostClaimEvent =
  HostClaimed | HostRequested | HostApproved | HostRejected | HostReleased;

export const hostClaimEventTypes = [
  'HostClaimed',
  'HostRequested',
  'HostApproved',
  'HostRejected',
  'HostReleased',
] as const satisfies readonly HostClaimEvent['type'][];

export const hostClaimStreamId = (host: string) => `host-${host}`;

export type HostClaimCommand =
  | { type: 'ClaimHost'; host: string; tenantId: string; now: string }
  | { type: 'RequestHost'; host: string; tenantId: string; now: string }
  | { type: 'ApproveHost'; host: string; tenantId: string; now: string }
  | { type: 'RejectHost'; host: string; tenantId: string; reason: string; now: string }
  | { type: 'ReleaseHost'; host: string; tenantId: string; now: string };

export type HostStatus = 'PENDING' | 'APPROVED';

/** Who holds the host (null: free) and whether the operator has approved it. */
export interface HostClaimState {
  tenantId: string | null;
  status: HostStatus | null;
}

type Cmd<T extends HostClaimCommand['type']> = Extract<HostClaimCommand, { type: T }>;

const heldByOther = (state: HostClaimState, tenantId: string) =>
  state.tenantId !== null && state.tenantId !== tenantId;

function claimHost(
  { host, tenantId, now }: Cmd<'ClaimHost'>,
  state: HostClaimState,
): HostClaimEvent[] {
  if (heldByOther(state, tenantId))
    throw conflict(`The host name ${host} already serves another tenant.`);
  if (state.status === 'APPROVED') return [];
  // The operator naming a host a reseller asked for approves it by that act.
  if (state.status === 'PENDING')
    return [{ type: 'HostApproved', data: { host, tenantId, approvedAt: now } }];
  return [{ type: 'HostClaimed', data: { host, tenantId, claimedAt: now } }];
}

function requestHost(
  { host, tenantId, now }: Cmd<'RequestHost'>,
  state: HostClaimState,
): HostClaimEvent[] {
  if (heldByOther(state, tenantId))
    throw conflict(`The host name ${host} already serves another tenant.`);
  if (state.tenantId === tenantId) return [];
  return [{ type: 'HostRequested', data: { host, tenantId, requestedAt: now } }];
}

function approveHost(
  { host, tenantId, now }: Cmd<'ApproveHost'>,
  state: HostClaimState,
): HostClaimEvent[] {
  if (state.tenantId !== tenantId) throw notFound(`a request for the host name ${host}`);
  return state.status === 'APPROVED'
    ? []
    : [{ type: 'HostApproved', data: { host, tenantId, approvedAt: now } }];
}

function rejectHost(
  { host, tenantId, reason, now }: Cmd<'RejectHost'>,
  state: HostClaimState,
): HostClaimEvent[] {
  if (state.tenantId !== tenantId) throw notFound(`a request for the host name ${host}`);
  // An approved host is taken away by editing the tenant's brand, not by a rejection.
  if (state.status !== 'PENDING')
    throw conflict(
      `The host name ${host} is already approved; remove it from the tenant's brand instead.`,
    );
  return [{ type: 'HostRejected', data: { host, tenantId, reason, rejectedAt: now } }];
}

function releaseHost(
  { host, tenantId, now }: Cmd<'ReleaseHost'>,
  state: HostClaimState,
): HostClaimEvent[] {
  if (state.tenantId !== tenantId) return [];
  return [{ type: 'HostReleased', data: { host, tenantId, releasedAt: now } }];
}

function decide(command: HostClaimCommand, state: HostClaimState): HostClaimEvent[] {
  switch (command.type) {
    case 'ClaimHost':
      return claimHost(command, state);
    case 'RequestHost':
      return requestHost(command, state);
    case 'ApproveHost':
      return approveHost(command, state);
    case 'RejectHost':
      return rejectHost(command, state);
    case 'ReleaseHost':
      return releaseHost(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown host claim command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

function evolve(state: HostClaimState, event: HostClaimEvent): HostClaimState {
  switch (event.type) {
    case 'HostClaimed':
      return { tenantId: event.data.tenantId, status: 'APPROVED' };
    case 'HostRequested':
      return { tenantId: event.data.tenantId, status: 'PENDING' };
    case 'HostApproved':
      return { ...state, status: 'APPROVED' };
    case 'HostRejected':
    case 'HostReleased':
      return { tenantId: null, status: null };
    default:
      return state;
  }
}

export const hostClaimDecider: Decider<HostClaimCommand, HostClaimEvent, HostClaimState> = {
  initialState: { tenantId: null, status: null },
  decide,
  evolve,
};
