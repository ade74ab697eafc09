import { ticketDecider } from '../../domain/tickets/decider.ts';
import { ticketStreamId } from '../../domain/tickets/events.ts';
import { handleCommand, type CommandDeps } from '../shared/handler.ts';
import { uuidFrom } from '../shared/ids.ts';
import { loadDesk } from './shared.ts';

/** An Answered ticket the read model says has waited since its last staff reply. */
export interface AutoCloseCandidate {
  tenantId: string;
  ticketId: string;
  lastStaffReplyAt: Date;
}

/**
 * The system closes Answered tickets with no customer reply for the tenant's autoCloseDays
 * (the decider checks again with `now`). The command id comes from the ticket and the reply it
 * counts from, so a second sweep (or a second process) writes nothing more.
 */
export async function autoCloseTickets(
  deps: CommandDeps,
  candidates: readonly AutoCloseCandidate[],
): Promise<{ closed: string[] }> {
  const closed: string[] = [];
  const days = new Map<string, number>();
  for (const c of candidates) {
    if (!days.has(c.tenantId))
      days.set(c.tenantId, (await loadDesk(deps, c.tenantId)).autoCloseDays);
    const commandId = uuidFrom(
      `ticket-autoclose:${c.ticketId}:${c.lastStaffReplyAt.toISOString()}`,
    );
    const result = await handleCommand(
      deps,
      { tenantId: c.tenantId, actor: { userId: 'system', role: 'system' }, commandId },
      {
        streamId: ticketStreamId(c.ticketId),
        decider: ticketDecider,
        command: (now) => ({
          type: 'AutoCloseTicket' as const,
          autoCloseDays: days.get(c.tenantId)!,
          now,
        }),
        perAttempt: { autoCloseDays: undefined },
      },
    );
    if (result.events.length > 0 && !result.replayed) closed.push(c.ticketId);
  }
  return { closed };
}
