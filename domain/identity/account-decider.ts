import { badInput, DomainError, type Decider } from '../shared/decider.ts';
import type { IdentityEvent, UserSignedIn } from './events.ts';
import type { AccountAccessEvent } from './access-events.ts';
import type {
  AccountEvent,
  BillingAddress,
  SecondFactorPurpose,
  SecondFactorVerified,
  SessionsEnded,
} from './account-events.ts';
import {
  evolveAccount,
  initialAccount,
  twoFactorDeadline,
  type AccountState,
  type LinkRequest,
} from './account.ts';
import { checkProfile } from './profile.ts';

/**
 * A second factor the command layer has checked against the secret or the hashes (that needs
 * the key and the clock); the decider checks it against history: a TOTP time step must be later
 * than the last one accepted, a recovery code must not be used yet.
 */
export type SecondFactorProof =
  { kind: 'totp'; step: number } | { kind: 'recovery'; index: number };

type Link = { requestId: string; tokenHash: string; expiresAt: string; now: string };

export type AccountCommand =
  | ({ type: 'RequestEmailVerification' } & Link)
  | { type: 'VerifyEmail'; tokenHash: string; now: string }
  | ({ type: 'RequestPasswordReset'; ip: string } & Link)
  | { type: 'ResetPassword'; tokenHash: string; passwordHash: string; now: string }
  | { type: 'ChangePassword'; passwordHash: string; now: string }
  | {
      type: 'UpdateProfile';
      name: string;
      company: string | null;
      phone: string | null;
      address: BillingAddress | null;
      gstin: string | null;
      now: string;
    }
  | { type: 'StartTwoFactorSetup'; setupId: string; secretSealed: string; now: string }
  | {
      type: 'EnableTwoFactor';
      setupId: string;
      step: number;
      recoveryCodeHashes: string[];
      signIn?: { sessionRef: string; ip: string };
      now: string;
    }
  | { type: 'DisableTwoFactor'; proof: SecondFactorProof; now: string }
  | { type: 'ResetTwoFactor'; reason: string; by: string; now: string }
  | {
      type: 'RegenerateRecoveryCodes';
      batchId: string;
      proof: SecondFactorProof;
      recoveryCodeHashes: string[];
      now: string;
    }
  | {
      type: 'SignIn';
      sessionRef: string;
      ip: string;
      proof: SecondFactorProof | null;
      staffGraceDays: number;
      knownDevice?: boolean;
      now: string;
    }
  | { type: 'LockOut'; failures: number; until: string; now: string }
  | { type: 'NoteRegistrationAttempt'; ip: string; now: string }
  | {
      type: 'EndSessions';
      sessionRefs: string[];
      reason: SessionsEnded['data']['reason'];
      now: string;
    };

/** Everything on a user stream this decider reads (it writes only the first two kinds). */
export type AccountStreamEvent = IdentityEvent | AccountEvent | AccountAccessEvent;

/** How long a started authenticator set-up may wait for its first code. */
export const SETUP_MINUTES = 30;

const refused = (code: 'FORBIDDEN' | 'RATE_LIMITED' | 'UNAUTHENTICATED', message: string) =>
  new DomainError(code, message);
const after = (a: string, b: string) => Date.parse(a) > Date.parse(b);

/** Finds the request a link token belongs to, or says plainly why the link does not work. */
function followLink(
  requests: LinkRequest[],
  spent: string[],
  tokenHash: string,
  now: string,
  what: string,
): LinkRequest {
  const found = requests.find((r) => r.tokenHash === tokenHash);
  if (!found) {
    if (spent.includes(tokenHash))
      throw badInput(
        'token',
        `This ${what} link was already used; ask for a new one if you still need it.`,
      );
    throw badInput(
      'token',
      `This ${what} link is not valid; check that you copied all of it, or ask for a new one.`,
    );
  }
  if (!after(found.expiresAt, now))
    throw badInput('token', `This ${what} link has expired; ask for a new one.`);
  return found;
}

function secondFactor(
  state: AccountState,
  proof: SecondFactorProof,
  purpose: SecondFactorPurpose,
  now: string,
): SecondFactorVerified {
  const userId = state.userId!;
  if (!state.twoFactor)
    throw badInput('code', 'Two-factor authentication is not on for this account.');
  if (proof.kind === 'totp') {
    if (proof.step <= state.lastTotpStep)
      throw badInput('code', 'This code was already used; wait for the next code in your app.');
    return { type: 'SecondFactorVerified', data: { userId, purpose, step: proof.step, at: now } };
  }
  if (proof.index < 0 || proof.index >= state.twoFactor.recoveryCodeHashes.length)
    throw badInput('code', 'That recovery code is not valid.');
  if (state.twoFactor.usedRecoveryCodes.includes(proof.index))
    throw badInput('code', 'This recovery code was already used; each works once.');
  return {
    type: 'SecondFactorVerified',
    data: { userId, purpose, recoveryCode: proof.index, at: now },
  };
}

function requireAccount(state: AccountState): string {
  if (!state.userId) throw new DomainError('NOT_FOUND', 'Account not found.');
  return state.userId;
}

type Cmd<T extends AccountCommand['type']> = Extract<AccountCommand, { type: T }>;
/** Every command acts on an existing account: `userId` is the one `decide` checked. */
type Handler<T extends AccountCommand['type']> = (
  command: Cmd<T>,
  state: AccountState,
  userId: string,
) => AccountStreamEvent[];

const requestEmailVerification: Handler<'RequestEmailVerification'> = (command, state, userId) => {
  if (state.emailVerified) return [];
  const { requestId, tokenHash, expiresAt, now: at } = command;
  return [
    { type: 'EmailVerificationRequested', data: { userId, requestId, tokenHash, expiresAt, at } },
  ];
};

const verifyEmail: Handler<'VerifyEmail'> = (command, state, userId) => {
  const at = command.now;
  const request = followLink(
    state.verifications,
    state.spentTokens,
    command.tokenHash,
    at,
    'confirmation',
  );
  return [{ type: 'EmailVerified', data: { userId, requestId: request.requestId, at } }];
};

const requestPasswordReset: Handler<'RequestPasswordReset'> = (command, _state, userId) => {
  const { requestId, tokenHash, expiresAt, ip, now: at } = command;
  return [
    { type: 'PasswordResetRequested', data: { userId, requestId, tokenHash, expiresAt, ip, at } },
  ];
};

const resetPassword: Handler<'ResetPassword'> = (command, state, userId) => {
  const at = command.now;
  const request = followLink(
    state.resets,
    state.spentTokens,
    command.tokenHash,
    at,
    'password reset',
  );
  return [
    {
      type: 'PasswordReset',
      data: { userId, requestId: request.requestId, passwordHash: command.passwordHash, at },
    },
  ];
};

const changePassword: Handler<'ChangePassword'> = (command, _state, userId) => [
  {
    type: 'PasswordChanged',
    data: { userId, passwordHash: command.passwordHash, at: command.now },
  },
];

const updateProfile: Handler<'UpdateProfile'> = (command, state, userId) => {
  const p = checkProfile(command);
  const same =
    p.name === state.name &&
    JSON.stringify([p.company, p.phone, p.address, p.gstin]) ===
      JSON.stringify([
        state.profile.company,
        state.profile.phone,
        state.profile.address,
        state.profile.gstin,
      ]);
  if (same) return [];
  return [
    {
      type: 'ProfileUpdated',
      data: {
        userId,
        name: p.name,
        company: p.company,
        phone: p.phone,
        address: p.address,
        gstin: p.gstin,
        at: command.now,
      },
    },
  ];
};

const startTwoFactorSetup: Handler<'StartTwoFactorSetup'> = (command, state, userId) => {
  if (state.twoFactor)
    throw new DomainError(
      'CONFLICT',
      'Two-factor authentication is already on; turn it off first to move to a new app.',
    );
  return [
    {
      type: 'TwoFactorSetupStarted',
      data: {
        userId,
        setupId: command.setupId,
        secretSealed: command.secretSealed,
        at: command.now,
      },
    },
  ];
};

const enableTwoFactor: Handler<'EnableTwoFactor'> = (command, state, userId) => {
  const at = command.now;
  if (state.twoFactor)
    throw new DomainError('CONFLICT', 'Two-factor authentication is already on.');
  const setup = state.pendingSetup;
  if (!setup || setup.setupId !== command.setupId)
    throw new DomainError('CONFLICT', 'This set-up was replaced or finished; start again.');
  if (Date.parse(at) - Date.parse(setup.startedAt) > SETUP_MINUTES * 60_000) {
    throw badInput('code', `This set-up is older than ${SETUP_MINUTES} minutes; start again.`);
  }
  const events: AccountStreamEvent[] = [
    { type: 'SecondFactorVerified', data: { userId, purpose: 'enable', step: command.step, at } },
    {
      type: 'TwoFactorEnabled',
      data: {
        userId,
        setupId: setup.setupId,
        secretSealed: setup.secretSealed,
        recoveryCodeHashes: command.recoveryCodeHashes,
        at,
      },
    },
  ];
  if (command.signIn)
    events.push(signedIn(userId, command.signIn.sessionRef, command.signIn.ip, at));
  return events;
};

const disableTwoFactor: Handler<'DisableTwoFactor'> = (command, state, userId) => [
  secondFactor(state, command.proof, 'disable', command.now),
  { type: 'TwoFactorDisabled', data: { userId, at: command.now } },
];

const resetTwoFactor: Handler<'ResetTwoFactor'> = (command, state, userId) => {
  // Staff help someone who lost their phone; turning off one's own goes through DisableTwoFactor.
  if (command.by === userId)
    throw refused(
      'FORBIDDEN',
      'You cannot reset your own two-factor authentication; turn it off on your security page.',
    );
  if (!state.twoFactor)
    throw new DomainError(
      'CONFLICT',
      'Two-factor authentication is not on for this account, so there is nothing to reset.',
    );
  const reason = command.reason.trim();
  if (reason.length < 3 || reason.length > 500)
    throw badInput('reason', 'Give a reason of 3 to 500 characters.');
  return [
    { type: 'TwoFactorReset', data: { userId, reason, resetBy: command.by, at: command.now } },
  ];
};

const regenerateRecoveryCodes: Handler<'RegenerateRecoveryCodes'> = (command, state, userId) => {
  const at = command.now;
  const verified = secondFactor(state, command.proof, 'regenerate', at);
  return [
    verified,
    {
      type: 'RecoveryCodesRegenerated',
      data: {
        userId,
        batchId: command.batchId,
        recoveryCodeHashes: command.recoveryCodeHashes,
        at,
      },
    },
  ];
};

const signIn: Handler<'SignIn'> = (command, state, userId) => {
  const at = command.now;
  if (state.suspended) throw refused('FORBIDDEN', 'This account is suspended; contact support.');
  if (!state.emailVerified)
    throw refused('FORBIDDEN', 'Confirm your email address first: follow the link we mailed you.');
  // A lock-out stops unknown clients; a browser that signed in before keeps its own counter.
  if (state.lockedUntil && after(state.lockedUntil, at) && !command.knownDevice) {
    throw refused(
      'RATE_LIMITED',
      'Too many failed attempts: sign-in is paused for this account for a while.',
    );
  }
  if (state.passwordChangeRequired)
    throw refused(
      'FORBIDDEN',
      'Choose a new password first: this one was given to you by someone else.',
    );
  const deadline = twoFactorDeadline(state, command.staffGraceDays);
  if (deadline && !after(deadline, at))
    throw refused(
      'FORBIDDEN',
      'Staff accounts must set up two-factor authentication before signing in.',
    );
  if (state.twoFactor && !command.proof)
    throw refused('UNAUTHENTICATED', 'Enter the code from your authenticator app.');
  const events: AccountStreamEvent[] = command.proof
    ? [secondFactor(state, command.proof, 'sign-in', at)]
    : [];
  return [...events, signedIn(userId, command.sessionRef, command.ip, at)];
};

const lockOut: Handler<'LockOut'> = (command, state, userId) => {
  const at = command.now;
  // One lock-out (and one mail) at a time: failures while it lasts do not start another.
  if (state.lockedUntil && after(state.lockedUntil, at)) return [];
  return [
    {
      type: 'AccountLockedOut',
      data: { userId, failures: command.failures, until: command.until, at },
    },
  ];
};

const noteRegistrationAttempt: Handler<'NoteRegistrationAttempt'> = (command, _state, userId) => [
  { type: 'RegistrationAttempted', data: { userId, ip: command.ip, at: command.now } },
];

const endSessions: Handler<'EndSessions'> = (command, _state, userId) => {
  if (command.sessionRefs.length === 0) return [];
  return [
    {
      type: 'SessionsEnded',
      data: { userId, sessionRefs: command.sessionRefs, reason: command.reason, at: command.now },
    },
  ];
};

function decide(command: AccountCommand, state: AccountState): AccountStreamEvent[] {
  const userId = requireAccount(state);
  switch (command.type) {
    case 'RequestEmailVerification':
      return requestEmailVerification(command, state, userId);
    case 'VerifyEmail':
      return verifyEmail(command, state, userId);
    case 'RequestPasswordReset':
      return requestPasswordReset(command, state, userId);
    case 'ResetPassword':
      return resetPassword(command, state, userId);
    case 'ChangePassword':
      return changePassword(command, state, userId);
    case 'UpdateProfile':
      return updateProfile(command, state, userId);
    case 'StartTwoFactorSetup':
      return startTwoFactorSetup(command, state, userId);
    case 'EnableTwoFactor':
      return enableTwoFactor(command, state, userId);
    case 'DisableTwoFactor':
      return disableTwoFactor(command, state, userId);
    case 'ResetTwoFactor':
      return resetTwoFactor(command, state, userId);
    case 'RegenerateRecoveryCodes':
      return regenerateRecoveryCodes(command, state, userId);
    case 'SignIn':
      return signIn(command, state, userId);
    case 'LockOut':
      return lockOut(command, state, userId);
    case 'NoteRegistrationAttempt':
      return noteRegistrationAttempt(command, state, userId);
    case 'EndSessions':
      return endSessions(command, state, userId);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown account command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

const signedIn = (userId: string, sessionRef: string, ip: string, at: string): UserSignedIn => ({
  type: 'UserSignedIn',
  data: { userId, sessionRef, ip, at },
});

/** The account's decider; it shares the user stream with `userDecider` (registration, sign-out). */
export const accountDecider: Decider<AccountCommand, AccountStreamEvent, AccountState> = {
  initialState: initialAccount,
  decide,
  evolve: evolveAccount,
};
