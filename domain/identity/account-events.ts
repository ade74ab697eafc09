import type { DomainEvent } from '../shared/decider.ts';

/**
 * What happens to an account after registration: email verification, passwords, profile,
 * two-factor authentication, lock-outs and sessions ended. All on the user stream
 * (`userStreamId`), beside UserRegistered / UserSignedIn / UserSignedOut. Every event names its
 * `userId` and `at`, so the activity log can list it without knowing its type.
 *
 * Secrets never appear in clear: link tokens and recovery codes as hashes, the TOTP secret
 * sealed with AES-256-GCM (`secretSealed`), passwords as bcrypt hashes.
 */

/** A link to confirm the email address was mailed; `tokenHash` is sha256 of the link's token. */
export type EmailVerificationRequested = DomainEvent<
  'EmailVerificationRequested',
  { userId: string; requestId: string; tokenHash: string; expiresAt: string; at: string }
>;
export type EmailVerified = DomainEvent<
  'EmailVerified',
  { userId: string; requestId: string; at: string }
>;

export type PasswordResetRequested = DomainEvent<
  'PasswordResetRequested',
  {
    userId: string;
    requestId: string;
    tokenHash: string;
    expiresAt: string;
    ip: string;
    at: string;
  }
>;
/** Reset by mail: proves the mailbox, so it also confirms the email and lifts a lock-out. */
export type PasswordReset = DomainEvent<
  'PasswordReset',
  { userId: string; requestId: string; passwordHash: string; at: string }
>;
export type PasswordChanged = DomainEvent<
  'PasswordChanged',
  { userId: string; passwordHash: string; at: string }
>;

export interface BillingAddress {
  line1: string;
  line2: string | null;
  city: string;
  /** GST state code ("27"), or "96" outside India. */
  stateCode: string;
  postalCode: string;
  /** ISO 3166-1 alpha-2, "IN" for India. */
  country: string;
}

export type ProfileUpdated = DomainEvent<
  'ProfileUpdated',
  {
    userId: string;
    name: string;
    company: string | null;
    phone: string | null;
    address: BillingAddress | null;
    gstin: string | null;
    at: string;
  }
>;

/** A new authenticator secret, sealed; it counts only once a code from it is confirmed. */
export type TwoFactorSetupStarted = DomainEvent<
  'TwoFactorSetupStarted',
  { userId: string; setupId: string; secretSealed: string; at: string }
>;
export type TwoFactorEnabled = DomainEvent<
  'TwoFactorEnabled',
  {
    userId: string;
    setupId: string;
    secretSealed: string;
    recoveryCodeHashes: string[];
    at: string;
  }
>;
export type TwoFactorDisabled = DomainEvent<'TwoFactorDisabled', { userId: string; at: string }>;
/**
 * Staff turned two-factor off for someone who lost their phone and recovery codes: the secret and
 * the codes are gone, `resetBy` (a staff user id) and `reason` say who and why.
 */
export type TwoFactorReset = DomainEvent<
  'TwoFactorReset',
  { userId: string; reason: string; resetBy: string; at: string }
>;
export type RecoveryCodesRegenerated = DomainEvent<
  'RecoveryCodesRegenerated',
  { userId: string; batchId: string; recoveryCodeHashes: string[]; at: string }
>;

/**
 * A second factor was accepted: a TOTP code of time step `step` (no code of that step or an
 * earlier one is accepted again), or recovery code number `recoveryCode` (used up).
 */
export type SecondFactorVerified = DomainEvent<
  'SecondFactorVerified',
  { userId: string; purpose: SecondFactorPurpose; step?: number; recoveryCode?: number; at: string }
>;
export type SecondFactorPurpose = 'sign-in' | 'enable' | 'disable' | 'regenerate';

/** Too many failures within an hour: sign-in is refused until `until`. */
export type AccountLockedOut = DomainEvent<
  'AccountLockedOut',
  { userId: string; failures: number; until: string; at: string }
>;

/** Someone tried to register with this account's email; the owner is told by mail. */
export type RegistrationAttempted = DomainEvent<
  'RegistrationAttempted',
  { userId: string; ip: string; at: string }
>;

/** Sessions ended by the account (sign out elsewhere) or by a privilege change. */
export type SessionsEnded = DomainEvent<
  'SessionsEnded',
  {
    userId: string;
    sessionRefs: string[];
    reason:
      | 'signed-out'
      | 'signed-out-elsewhere'
      | 'password-changed'
      | 'password-reset'
      | 'two-factor-changed';
    at: string;
  }
>;

export type AccountEvent =
  | EmailVerificationRequested
  | EmailVerified
  | PasswordResetRequested
  | PasswordReset
  | PasswordChanged
  | ProfileUpdated
  | TwoFactorSetupStarted
  | TwoFactorEnabled
  | TwoFactorDisabled
  | TwoFactorReset
  | RecoveryCodesRegenerated
  | SecondFactorVerified
  | AccountLockedOut
  | RegistrationAttempted
  | SessionsEnded;

/** Every account event type, for projectors' `handles` sets. */
export const ACCOUNT_EVENT_TYPES: readonly AccountEvent['type'][] = [
  'EmailVerificationRequested',
  'EmailVerified',
  'PasswordResetRequested',
  'PasswordReset',
  'PasswordChanged',
  'ProfileUpdated',
  'TwoFactorSetupStarted',
  'TwoFactorEnabled',
  'TwoFactorDisabled',
  'TwoFactorReset',
  'RecoveryCodesRegenerated',
  'SecondFactorVerified',
  'AccountLockedOut',
  'RegistrationAttempted',
  'SessionsEnded',
];
