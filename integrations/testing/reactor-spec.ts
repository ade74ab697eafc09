import { expect } from 'vitest';
import type { CommandContext } from '../../commands/shared/handler.ts';
import type { RecordedEvent } from '../../eventstore/types.ts';
import {
  recordedEvents,
  SPEC_AT,
  type GivenEvent,
} from '../../projections/shared/testing/projector-spec.ts';
import type { CommandPort, Reactor } from '../reactor.ts';

/**
 * Process-manager specs, without a database: the reactor gets a recorder as its command port.
 *
 *   await reactorSpec((issue) => topUpNotifierWith(reads, issue)).given([approved]).thenCommands([{ streamId, command: {...} }]);
 *
 * Each event it handles is fed twice, as an at-least-once runner may: the second pass must issue
 * exactly the same commands (same ids), or the spec fails, since only ids derived from the event
 * make a redelivery harmless. Commands are built with `now` = SPEC_AT.
 */
export interface IssuedCommand {
  streamId: string;
  /** The command as the decider would get it. */
  command: unknown;
  ctx: CommandContext;
}

export function reactorSpec(build: (issue: CommandPort) => Reactor) {
  return {
    given(events: GivenEvent[]) {
      const recorded = recordedEvents(events);
      const feed = async (): Promise<IssuedCommand[]> => {
        const issued: IssuedCommand[] = [];
        const reactor = build(async (ctx, spec) => {
          issued.push({ streamId: spec.streamId, command: spec.command(SPEC_AT), ctx });
        });
        for (const event of recorded)
          if (reactor.handles.has(event.type)) await reactor.react(event);
        return issued;
      };
      return {
        /** The events as the reactor got them (ids, positions), for expected commands. */
        events: recorded as RecordedEvent[],
        /** Each expected command is matched partly (toMatchObject), in order; none may be missing or extra. */
        async thenCommands(
          expected: Array<{ streamId?: string; command?: unknown; ctx?: Partial<CommandContext> }>,
        ): Promise<void> {
          const first = await feed();
          expect(await feed(), 'the same commands again when the events are fed again').toEqual(
            first,
          );
          expect(first).toMatchObject(expected);
        },
        /** The reaction refuses (so its runner retries from its checkpoint); nothing is issued first. */
        async thenFails(message: RegExp): Promise<void> {
          const issued: IssuedCommand[] = [];
          const reactor = build(async (ctx, spec) => {
            issued.push({ streamId: spec.streamId, command: spec.command(SPEC_AT), ctx });
          });
          const run = async () => {
            for (const event of recorded)
              if (reactor.handles.has(event.type)) await reactor.react(event);
          };
          await expect(run()).rejects.toThrow(message);
          expect(issued).toEqual([]);
        },
      };
    },
  };
}
