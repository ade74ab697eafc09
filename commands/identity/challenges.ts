/**
 * The state between the password and the second step of a sign-in: a random token the browser
 * holds for a few minutes (stored hashed, like sessions). `totp` waits for a code; `setup` is a
 * staff account past its grace period, allowed only to set up an authenticator. Operational
 * state behind this port; the Postgres side is integrations/identity/challenges-postgres.ts.
 */
export type ChallengeKind = 'totp' | 'setup' | 'password';

export interface Challenge {
  userId: string;
  tenantId: string;
  kind: ChallengeKind;
  ip: string;
  userAgent: string;
  attempts: number;
}

/** Wrong codes one challenge takes before the password must be given again. */
export const CHALLENGE_ATTEMPTS = 5;
/** How long each kind of challenge waits for its second step. */
export const CHALLENGE_MINUTES: Record<ChallengeKind, number> = {
  totp: 5,
  setup: 15,
  password: 15,
};

export interface Challenges {
  /** Opens a challenge; returns the token for the browser and when it expires. */
  create(c: Omit<Challenge, 'attempts'>, now: Date): Promise<{ token: string; expiresAt: Date }>;

  /**
   * Takes one attempt of a live challenge of this tenant and kind (atomically, so parallel
   * guesses cannot exceed the allowance); null when it is unknown, used, expired or spent.
   */
  attempt(
    token: string,
    tenantId: string,
    kind: ChallengeKind,
    now: Date,
  ): Promise<Challenge | null>;

  /** Uses the challenge up; false when another request already did. */
  consume(token: string, now: Date): Promise<boolean>;
}
