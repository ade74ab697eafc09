import type { RecordedEvent } from '../../eventstore/types.ts';

/** One line of an account's activity log, as an area reads it from one of its events. */
export interface ActivityLine {
  /** Whose log the line goes to: the account (customer) or user the event is about. */
  userId: string;
  /** What a person reads; null where the page words it from the kind (sign-in, sign-out). */
  detail: string | null;
  /** When it happened, if the event says so better than its metadata (`occurredAt`). */
  at?: string;
  ip?: string | null;
  /** Who acted; default the event's actor. Null: the account's own user (sign-in). */
  actorId?: string | null;
  /** The admin acting as the customer, if the event names one; default the actor's. */
  impersonatorId?: string | null;
}

/**
 * What an area says about its events for the activity log. The activity projector takes one
 * of these per area (from the area list), so a new event type is described in its own area and
 * rebuilds only the activity read model, never another area's.
 */
export interface ActivityDescriber {
  /** The area whose events these are (for the projector's version and messages). */
  area: string;
  /** Bump when a line's wording or an event's reading changes (adding a type bumps by itself). */
  version: number;
  /** The event types `describe` may answer for; the projector reads only these. */
  types: readonly string[];
  /** The line for this event, or null when it is not worth one. */
  describe(e: RecordedEvent): ActivityLine | null;
}
