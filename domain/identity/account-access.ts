import {
  badInput,
  conflict,
  DomainError,
  notFound,
  type Decider,
  type DomainEvent,
} from '../shared/decider.ts';
import type { AccountAccessEvent } from './access-events.ts';
import type { UserRegistered, UserRole } from './events.ts';

/** What the access commands need to know about a user, folded from their stream. */
export interface AccountAccessState {
  userId: string | null;
  role: UserRole | null;
  staffRole: string | null;
  suspended: boolean;
  /** Open impersonation sessions by ref, with the admin in each. */
  impersonations: Record<string, string>;
}

export type AccountAccessCommand =
  | { type: 'SuspendUser'; reason: string; by: string; now: string }
  | { type: 'ReactivateUser'; by: string; now: string }
  | { type: 'AssignStaffRole'; staffRole: string; by: string; now: string }
  | { type: 'StartImpersonation'; impersonatorId: string; sessionRef: string; now: string }
  | { type: 'EndImpersonation'; sessionRef: string; now: string };

type Known = AccountAccessEvent | UserRegistered;

type Cmd<T extends AccountAccessCommand['type']> = Extract<AccountAccessCommand, { type: T }>;
/** Every command acts on an existing user: `userId` is the one `decide` checked. */
type Handler<T extends AccountAccessCommand['type']> = (
  command: Cmd<T>,
  state: AccountAccessState,
  userId: string,
) => AccountAccessEvent[];

const suspendUser: Handler<'SuspendUser'> = (command, state, userId) => {
  if (command.by === userId)
    throw new DomainError('FORBIDDEN', 'You cannot suspend your own account.');
  if (state.suspended) throw conflict('This account is already suspended.');
  const reason = command.reason.trim();
  if (reason.length < 3 || reason.length > 500)
    throw badInput('reason', 'Give a reason of 3 to 500 characters.');
  return [
    { type: 'UserSuspended', data: { userId, reason, suspendedBy: command.by, at: command.now } },
  ];
};

const reactivateUser: Handler<'ReactivateUser'> = (command, state, userId) => {
  if (!state.suspended) throw conflict('This account is not suspended.');
  return [
    { type: 'UserReactivated', data: { userId, reactivatedBy: command.by, at: command.now } },
  ];
};

const assignStaffRole: Handler<'AssignStaffRole'> = (command, state, userId) => {
  if (state.role !== 'admin') throw badInput('userId', 'Only staff accounts have a staff role.');
  if (command.by === userId) throw new DomainError('FORBIDDEN', 'You cannot change your own role.');
  const previousRole = state.staffRole ?? 'tenant_admin';
  if (previousRole === command.staffRole) return [];
  return [
    {
      type: 'StaffRoleAssigned',
      data: {
        userId,
        staffRole: command.staffRole,
        previousRole,
        assignedBy: command.by,
        at: command.now,
      },
    },
  ];
};

const startImpersonation: Handler<'StartImpersonation'> = (command, state, userId) => {
  if (state.role !== 'customer')
    throw badInput('customerId', 'Only customer accounts can be impersonated.');
  if (state.suspended) throw conflict('This account is suspended; reactivate it first.');
  if (state.impersonations[command.sessionRef]) return [];
  return [
    {
      type: 'ImpersonationStarted',
      data: {
        userId,
        impersonatorId: command.impersonatorId,
        sessionRef: command.sessionRef,
        at: command.now,
      },
    },
  ];
};

const endImpersonation: Handler<'EndImpersonation'> = (command, state, userId) => {
  const impersonatorId = state.impersonations[command.sessionRef];
  if (!impersonatorId) return [];
  return [
    {
      type: 'ImpersonationEnded',
      data: { userId, impersonatorId, sessionRef: command.sessionRef, at: command.now },
    },
  ];
};

function decide(command: AccountAccessCommand, state: AccountAccessState): AccountAccessEvent[] {
  const userId = state.userId;
  if (!userId) throw notFound('user');
  switch (command.type) {
    case 'SuspendUser':
      return suspendUser(command, state, userId);
    case 'ReactivateUser':
      return reactivateUser(command, state, userId);
    case 'AssignStaffRole':
      return assignStaffRole(command, state, userId);
    case 'StartImpersonation':
      return startImpersonation(command, state, userId);
    case 'EndImpersonation':
      return endImpersonation(command, state, userId);
    default: {
      const _exhaustive: never = command;
      throw new Error(`unknown account access command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

function evolve(state: AccountAccessState, event: DomainEvent): AccountAccessState {
  const e = event as Known;
  switch (e.type) {
    case 'UserRegistered':
      return {
        ...state,
        userId: e.data.userId,
        role: e.data.role,
        staffRole: e.data.staffRole ?? null,
      };
    case 'UserSuspended':
      return { ...state, suspended: true };
    case 'UserReactivated':
      return { ...state, suspended: false };
    case 'StaffRoleAssigned':
      return { ...state, staffRole: e.data.staffRole };
    case 'ImpersonationStarted':
      return {
        ...state,
        impersonations: { ...state.impersonations, [e.data.sessionRef]: e.data.impersonatorId },
      };
    case 'ImpersonationEnded': {
      const { [e.data.sessionRef]: _ended, ...open } = state.impersonations;
      return { ...state, impersonations: open };
    }
    default:
      // Sign-ins, profile changes and other events on the stream do not change access.
      return state;
  }
}

export const accountAccessDecider: Decider<
  AccountAccessCommand,
  AccountAccessEvent,
  AccountAccessState
> = {
  initialState: { userId: null, role: null, staffRole: null, suspended: false, impersonations: {} },
  decide,
  evolve: evolve as Decider<AccountAccessCommand, AccountAccessEvent, AccountAccessState>['evolve'],
};
