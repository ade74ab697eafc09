import type { IdentityEvent, UserRole } from './events.ts';
import type { AccountEvent, BillingAddress } from './account-events.ts';
import type { AccountAccessEvent } from './access-events.ts';

/** A mailed link still waiting to be followed. */
export interface LinkRequest {
  requestId: string;
  tokenHash: string;
  expiresAt: string;
}

export interface TwoFactorState {
  secretSealed: string;
  recoveryCodeHashes: string[];
  /** Indexes into recoveryCodeHashes that were used. */
  usedRecoveryCodes: number[];
  enabledAt: string;
}

/** Everything the account's security decisions need, folded from the user stream. */
export interface AccountState {
  userId: string | null;
  email: string | null;
  name: string | null;
  role: UserRole | null;
  staffRole: string | null;
  registeredAt: string | null;
  passwordHash: string | null;
  emailVerified: boolean;
  verifications: LinkRequest[];
  resets: LinkRequest[];
  /** Hashes of link tokens already followed or voided, to say "already used" rather than "invalid". */
  spentTokens: string[];
  profile: {
    company: string | null;
    phone: string | null;
    address: BillingAddress | null;
    gstin: string | null;
  };
  twoFactor: TwoFactorState | null;
  pendingSetup: { setupId: string; secretSealed: string; startedAt: string } | null;
  /** The last TOTP time step accepted; codes of this step or earlier are refused (RFC 6238 §5.2). */
  lastTotpStep: number;
  twoFactorDisabledAt: string | null;
  lockedUntil: string | null;
  /** The password was chosen by someone else (an initial password): sign-in asks for a new one before a session. */
  passwordChangeRequired: boolean;
  /** Suspended by staff (accountAccessDecider): no sign-in until reactivated. */
  suspended: boolean;
}

export const initialAccount: AccountState = {
  userId: null,
  email: null,
  name: null,
  role: null,
  staffRole: null,
  registeredAt: null,
  passwordHash: null,
  emailVerified: false,
  verifications: [],
  resets: [],
  spentTokens: [],
  profile: { company: null, phone: null, address: null, gstin: null },
  twoFactor: null,
  pendingSetup: null,
  lastTotpStep: -1,
  twoFactorDisabledAt: null,
  lockedUntil: null,
  passwordChangeRequired: false,
  suspended: false,
};

const SPENT_KEPT = 50;
const spend = (state: AccountState, hashes: string[]) =>
  [...state.spentTokens, ...hashes].slice(-SPENT_KEPT);

export function evolveAccount(
  state: AccountState,
  event: IdentityEvent | AccountEvent | AccountAccessEvent,
): AccountState {
  switch (event.type) {
    case 'UserRegistered': {
      const d = event.data;
      return {
        ...state,
        userId: d.userId,
        email: d.email,
        name: d.name,
        role: d.role,
        staffRole: d.role === 'admin' ? (d.staffRole ?? 'tenant_admin') : null,
        registeredAt: d.registeredAt,
        passwordHash: d.passwordHash,
        emailVerified: d.emailVerified !== false,
        passwordChangeRequired: d.mustChangePassword === true,
      };
    }
    case 'EmailVerificationRequested':
      return { ...state, verifications: [...state.verifications, pick(event.data)] };
    case 'EmailVerified':
      return {
        ...state,
        emailVerified: true,
        verifications: [],
        spentTokens: spend(
          state,
          state.verifications.map((v) => v.tokenHash),
        ),
      };
    case 'PasswordResetRequested':
      // The newest link wins: an older one (perhaps read by someone else) no longer works.
      return {
        ...state,
        resets: [pick(event.data)],
        spentTokens: spend(
          state,
          state.resets.map((r) => r.tokenHash),
        ),
      };
    case 'PasswordReset': {
      // One reset voids every other reset link; it proves the mailbox, so it confirms the email too.
      const spent = [...state.resets, ...(state.emailVerified ? [] : state.verifications)].map(
        (r) => r.tokenHash,
      );
      return {
        ...state,
        passwordHash: event.data.passwordHash,
        resets: [],
        verifications: [],
        emailVerified: true,
        lockedUntil: null,
        passwordChangeRequired: false,
        spentTokens: spend(state, spent),
      };
    }
    case 'PasswordChanged':
      return {
        ...state,
        passwordHash: event.data.passwordHash,
        resets: [],
        passwordChangeRequired: false,
        spentTokens: spend(
          state,
          state.resets.map((r) => r.tokenHash),
        ),
      };
    case 'ProfileUpdated': {
      const { name, company, phone, address, gstin } = event.data;
      return { ...state, name, profile: { company, phone, address, gstin } };
    }
    case 'TwoFactorSetupStarted':
      return {
        ...state,
        pendingSetup: {
          setupId: event.data.setupId,
          secretSealed: event.data.secretSealed,
          startedAt: event.data.at,
        },
      };
    case 'TwoFactorEnabled':
      return {
        ...state,
        pendingSetup: null,
        twoFactorDisabledAt: null,
        twoFactor: {
          secretSealed: event.data.secretSealed,
          recoveryCodeHashes: event.data.recoveryCodeHashes,
          usedRecoveryCodes: [],
          enabledAt: event.data.at,
        },
      };
    case 'TwoFactorDisabled':
    case 'TwoFactorReset':
      return { ...state, twoFactor: null, pendingSetup: null, twoFactorDisabledAt: event.data.at };
    case 'RecoveryCodesRegenerated':
      return state.twoFactor
        ? {
            ...state,
            twoFactor: {
              ...state.twoFactor,
              recoveryCodeHashes: event.data.recoveryCodeHashes,
              usedRecoveryCodes: [],
            },
          }
        : state;
    case 'SecondFactorVerified': {
      const { step, recoveryCode } = event.data;
      let next = state;
      if (step !== undefined && step > next.lastTotpStep) next = { ...next, lastTotpStep: step };
      if (recoveryCode !== undefined && next.twoFactor) {
        next = {
          ...next,
          twoFactor: {
            ...next.twoFactor,
            usedRecoveryCodes: [...next.twoFactor.usedRecoveryCodes, recoveryCode],
          },
        };
      }
      return next;
    }
    case 'AccountLockedOut':
      return { ...state, lockedUntil: event.data.until };
    case 'UserSuspended':
      return { ...state, suspended: true };
    case 'UserReactivated':
      return { ...state, suspended: false };
    case 'StaffRoleAssigned':
      return { ...state, staffRole: event.data.staffRole };
    default:
      return state;
  }
}

const pick = (d: LinkRequest): LinkRequest => ({
  requestId: d.requestId,
  tokenHash: d.tokenHash,
  expiresAt: d.expiresAt,
});

/** Recovery codes not used yet. */
export const recoveryCodesLeft = (state: AccountState) =>
  state.twoFactor
    ? state.twoFactor.recoveryCodeHashes.length - state.twoFactor.usedRecoveryCodes.length
    : 0;

/**
 * When a staff account must have two-factor authentication on: the grace period after it was
 * created, or at once after it was switched off (by them or reset by staff): the next sign-in
 * is held for a new set-up. Null when it is on or not required (customers).
 */
export function twoFactorDeadline(state: AccountState, graceDays: number): string | null {
  if (state.role !== 'admin' || state.twoFactor || !state.registeredAt) return null;
  if (state.twoFactorDisabledAt) return state.twoFactorDisabledAt;
  return new Date(Date.parse(state.registeredAt) + graceDays * 86_400_000).toISOString();
}
