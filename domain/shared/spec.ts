import { expect } from 'vitest';
import { notSentences } from './message-style.ts';
import { DomainError, fold, type Decider, type DomainEvent, type ErrorCode } from './decider.ts';

/** Given/when/then for deciders: `given(events).when(command).then(events)` or `.thenRefuses(code)`. */
export function specFor<C, E extends DomainEvent, S>(decider: Decider<C, E, S>) {
  return (history: E[]) => ({
    when: (command: C) => ({
      then(expected: E[]) {
        expect(decider.decide(command, fold(decider, history))).toEqual(expected);
      },
      thenRefuses(code: ErrorCode, message?: RegExp) {
        let error: unknown;
        try {
          decider.decide(command, fold(decider, history));
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        expect((error as DomainError).code).toBe(code);
        // Every refusal a spec provokes is held to the one message style, its field issues too.
        expect(notSentences(error as DomainError)).toEqual([]);
        if (message) expect((error as DomainError).message).toMatch(message);
      },
    }),
  });
}
