import { fold } from '../../domain/shared/decider.ts';
import { walletDecider } from '../../domain/wallet/decider.ts';
import {
  walletStreamId,
  type TopUpRequested,
  type WalletEvent,
} from '../../domain/wallet/events.ts';
import {
  earlierUses,
  referenceIndexDecider,
  referenceIndexStreamId,
  type TopUpReferenceUsed,
} from '../../domain/wallet/duplicate-reference.ts';
import { handleCommand, type CommandContext, type CommandDeps } from '../shared/handler.ts';

/**
 * The tenant's index of top-up references (one stream per normalized reference, appended at an
 * expected revision by handleCommand). The commandId is the top-up's, so indexing it again,
 * from its request or from an approval healing a missed step, is one event.
 */
export async function indexReference(
  deps: CommandDeps,
  ctx: CommandContext,
  use: { reference: string; topUpId: string; customerId: string },
) {
  return handleCommand(
    deps,
    { ...ctx, commandId: `reference:${use.topUpId}` },
    {
      streamId: referenceIndexStreamId(ctx.tenantId, use.reference),
      decider: referenceIndexDecider,
      command: (now) => ({ type: 'RecordReferenceUse' as const, ...use, now }),
    },
  );
}

/** A top-up's request and status, from its wallet stream (the log, not a read model). */
export async function loadRequest(deps: CommandDeps, customerId: string, topUpId: string) {
  const events = (await deps.store.readStream(
    walletStreamId(customerId),
  )) as unknown as WalletEvent[];
  const request = events.find(
    (e): e is TopUpRequested => e.type === 'TopUpRequested' && e.data.topUpId === topUpId,
  );
  const status = fold(walletDecider, events).topUps.get(topUpId)?.status;
  return request && status ? { reference: request.data.reference, status } : null;
}

/** The earlier requests of the tenant that used the same reference (see earlierUses). */
export async function repeatedRequests(
  deps: CommandDeps,
  ctx: CommandContext,
  topUpId: string,
  reference: string,
): Promise<string[]> {
  const events = (await deps.store.readStream(
    referenceIndexStreamId(ctx.tenantId, reference),
  )) as unknown as TopUpReferenceUsed[];
  const { uses } = fold(referenceIndexDecider, events);
  const withStatus = await Promise.all(
    uses.map(async (u) => ({
      ...u,
      status:
        u.topUpId === topUpId
          ? ('PENDING' as const)
          : ((await loadRequest(deps, u.customerId, u.topUpId))?.status ?? 'REJECTED'),
    })),
  );
  return earlierUses(topUpId, withStatus);
}
