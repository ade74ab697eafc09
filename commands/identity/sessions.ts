import { createHash } from 'node:crypto';

/**
 * Server-side sessions. The browser holds a random token; the store holds only its hash, so a
 * leaked table cannot be replayed. Idle and absolute timeouts end a session. Operational state,
 * not a read model (never rebuilt from the log): the Postgres side is
 * integrations/identity/sessions-postgres.ts, which server/ wires in.
 */
export interface SessionRecord {
  ref: string;
  userId: string;
  tenantId: string;
  createdAt: Date;
  lastSeenAt: Date;
  /** The admin acting as this user ("log in as customer"); null for the user's own sessions. */
  impersonatorId: string | null;
  /** The admin's own session this impersonation was started from; it lives only while that one does. */
  parentRef: string | null;
}

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

export interface SessionStore {
  /** Creates the tables of sign-in (sessions, failure counters, pending second steps) if missing. */
  migrate(): Promise<void>;

  /** Starts a session; returns the token for the cookie and a public reference for events. */
  create(
    userId: string,
    tenantId: string,
    ip: string,
    userAgent: string,
    now: Date,
    impersonatorId?: string | null,
    parentRef?: string | null,
  ): Promise<{ token: string; ref: string }>;

  /**
   * The live session for a token, touching its idle timer; null when unknown or expired. Live:
   * not ended, within both timeouts, an impersonation within its own lifetime and its admin's
   * session (the parent) still live. Whatever ends the admin's sessions (password change or
   * reset, signing out elsewhere, two-factor change, suspension) ends it too.
   */
  find(token: string, now: Date): Promise<SessionRecord | null>;

  /** Ends the session of a token and the impersonations started from it; its ref, null when none was live. */
  end(token: string, now: Date): Promise<string | null>;

  /**
   * One's live sessions, most recent first: their own, and the impersonations they started
   * (`impersonating` names the customer), which they can see and end like their own.
   */
  list(userId: string, now: Date): Promise<ActiveSession[]>;

  /**
   * Ends every session of the user except the one with `keepToken` (all when null), and the
   * impersonations started from them; returns the refs of the user's own.
   */
  endAllBut(userId: string, keepToken: string | null, now: Date): Promise<string[]>;

  /**
   * Ends one of the user's sessions, or an impersonation they started, by its public
   * reference; null when it is neither or already ended.
   */
  endByRef(userId: string, ref: string, now: Date): Promise<string | null>;

  /** Ends the impersonations an admin started (their role changed: what they may do was decided under the old one). */
  endImpersonationsBy(adminId: string, now: Date): Promise<number>;

  /**
   * Ends every session of the user, and every session in which they act as someone else (a
   * suspension takes effect on the next request rather than when a cookie expires). With
   * `openedBy`, only sessions opened by then (a retried command leaves later sign-ins alone).
   * Returns how many ended.
   */
  endEverySessionOf(userId: string, now: Date, openedBy?: Date): Promise<number>;

  /** Ends a session just created whose recording failed (an impersonation the log does not name). */
  discard(ref: string, now: Date): Promise<void>;
}

/** A live session as its owner sees it in the list. */
export interface ActiveSession {
  ref: string;
  tokenHash: string;
  ip: string | null;
  userAgent: string | null;
  createdAt: Date;
  lastSeenAt: Date;
  impersonatorId: string | null;
  /** For an impersonation the owner of the list started: the customer's id. */
  impersonating: string | null;
}
