/**
 * A decider is the whole of an aggregate's logic: `decide(command, state) → events` and
 * `evolve(state, event) → state`. Pure: the clock and ids come in with the command.
 */
export interface DomainEvent<
  T extends string = string,
  D extends Record<string, unknown> = Record<string, unknown>,
> {
  type: T;
  data: D;
}

export interface Decider<C, E extends DomainEvent, S> {
  initialState: S;
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
}

/** RATE_LIMITED: too many attempts (sign-in, codes, mails); the message says when to try again. */
export type ErrorCode =
  'BAD_USER_INPUT' | 'CONFLICT' | 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'RATE_LIMITED';

export interface FieldIssue {
  path: string[];
  message: string;
}

/** A refusal the user can act on; `code` becomes GraphQL `extensions.code`. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly issues: FieldIssue[] = [],
  ) {
    super(message);
  }
}

/**
 * A refusal about one field as one sentence that names it: `aboutField('finalSnapshot', 'Must be
 * true or false.')` → "Must be true or false (finalSnapshot)." (the field issue keeps the bare message).
 */
export const aboutField = (field: string, message: string) =>
  `${message.replace(/[.?!]$/, '')} (${field}).`;

/** Several fields' refusals as sentences, each naming its field. */
export const fieldsMessage = (issues: readonly FieldIssue[]) =>
  issues.map((i) => aboutField(i.path.join('.'), i.message)).join(' ');

export const badInput = (field: string, message: string) =>
  new DomainError('BAD_USER_INPUT', message, [{ path: [field], message }]);
export const conflict = (message: string) => new DomainError('CONFLICT', message);
export const notFound = (what: string) =>
  new DomainError('NOT_FOUND', `${what.charAt(0).toUpperCase()}${what.slice(1)} not found.`);

/** Folds events into state. */
export function fold<E extends DomainEvent, S>(
  decider: Pick<Decider<unknown, E, S>, 'initialState' | 'evolve'>,
  events: E[],
): S {
  return events.reduce(decider.evolve, decider.initialState);
}
