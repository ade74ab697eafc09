import { badInput, conflict, type Decider } from '../shared/decider.ts';
import type { IdentityEvent, UserRole } from './events.ts';

export interface UserState {
  userId: string | null;
  email: string | null;
  role: UserRole | null;
}

export type UserCommand =
  | {
      type: 'RegisterUser';
      userId: string;
      email: string;
      name: string;
      role: UserRole;
      staffRole?: string;
      passwordHash: string;
      emailVerified?: boolean;
      mustChangePassword?: boolean;
      now: string;
    }
  | { type: 'RecordSignIn'; sessionRef: string; ip: string; now: string }
  | { type: 'RecordSignOut'; sessionRef: string; now: string };

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Normalises an email for uniqueness: trimmed, lower-cased. */
export const normaliseEmail = (email: string) => email.trim().toLowerCase();

type Cmd<T extends UserCommand['type']> = Extract<UserCommand, { type: T }>;

function registerUser(command: Cmd<'RegisterUser'>, state: UserState): IdentityEvent[] {
  if (state.userId) throw conflict('This user is already registered.');
  const email = normaliseEmail(command.email);
  if (!EMAIL.test(email) || email.length > 254)
    throw badInput('email', 'Enter a valid email address.');
  const name = command.name.trim();
  if (name.length < 1 || name.length > 120)
    throw badInput('name', 'Name must be 1 to 120 characters.');
  return [
    {
      type: 'UserRegistered',
      data: {
        userId: command.userId,
        email,
        name,
        role: command.role,
        ...(command.role === 'admin' ? { staffRole: command.staffRole ?? 'tenant_admin' } : {}),
        passwordHash: command.passwordHash,
        registeredAt: command.now,
        ...(command.emailVerified === false ? { emailVerified: false } : {}),
        ...(command.mustChangePassword ? { mustChangePassword: true } : {}),
      },
    },
  ];
}

const recordSignIn = (command: Cmd<'RecordSignIn'>, state: UserState): IdentityEvent[] => [
  {
    type: 'UserSignedIn',
    data: {
      userId: state.userId!,
      sessionRef: command.sessionRef,
      ip: command.ip,
      at: command.now,
    },
  },
];

const recordSignOut = (command: Cmd<'RecordSignOut'>, state: UserState): IdentityEvent[] => [
  {
    type: 'UserSignedOut',
    data: { userId: state.userId!, sessionRef: command.sessionRef, at: command.now },
  },
];

function decide(command: UserCommand, state: UserState): IdentityEvent[] {
  switch (command.type) {
    case 'RegisterUser':
      return registerUser(command, state);
    case 'RecordSignIn':
      return recordSignIn(command, state);
    case 'RecordSignOut':
      return recordSignOut(command, state);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown user command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

function evolve(state: UserState, event: IdentityEvent): UserState {
  if (event.type === 'UserRegistered')
    return { userId: event.data.userId, email: event.data.email, role: event.data.role };
  return state;
}

export const userDecider: Decider<UserCommand, IdentityEvent, UserState> = {
  initialState: { userId: null, email: null, role: null },
  decide,
  evolve,
};

/** The email reservation: a stream per (tenant, email) that can only be created once. */
export const emailReservationDecider: Decider<
  { type: 'ReserveEmail'; email: string; userId: string },
  IdentityEvent,
  { userId: string | null }
> = {
  initialState: { userId: null },
  decide(command, state) {
    if (state.userId && state.userId !== command.userId)
      throw conflict('An account with this email already exists.');
    if (state.userId) return [];
    return [
      {
        type: 'EmailReserved',
        data: { email: normaliseEmail(command.email), userId: command.userId },
      },
    ];
  },
  evolve: (state, event) =>
    event.type === 'EmailReserved' ? { userId: event.data.userId } : state,
};
