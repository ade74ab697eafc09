/**
 * The access rules of an account pinned one by one (mutation testing found each unpinned):
 * lock-outs, ending sessions, enabling two-factor only from the live set-up, recovery-code
 * bounds, profile changes, registration and the staff-access decider.
 */
import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import { fold, type DomainError, type DomainEvent } from '../shared/decider.ts';
import {
  accountDecider,
  SETUP_MINUTES,
  type AccountCommand,
  type AccountStreamEvent,
} from './account-decider.ts';
import { accountAccessDecider } from './account-access.ts';
import type { AccountAccessEvent } from './access-events.ts';
import { emailReservationDecider, normaliseEmail, userDecider } from './user.ts';
import { recoveryCodesLeft, twoFactorDeadline } from './account.ts';
import { declarePermissions, permissionCatalog, type Permission } from './permissions.ts';
import { accessPermissions } from '../access/permissions.ts';
import { tenancyPermissions } from '../tenancy/permissions.ts';
import { walletPermissions } from '../wallet/permissions.ts';
import { weakPasswordReason } from './password-policy.ts';

const given = specFor(accountDecider);
const now = '2026-04-01T10:00:00.000Z';
const later = (minutes: number) => new Date(Date.parse(now) + minutes * 60_000).toISOString();
const registered = (over: Record<string, unknown> = {}): AccountStreamEvent => ({
  type: 'UserRegistered',
  data: {
    userId: 'u1',
    email: 'asha@example.com',
    name: 'Asha',
    role: 'customer',
    passwordHash: 'h0',
    registeredAt: now,
    ...over,
  },
});
const setup = (setupId: string, at = now): AccountStreamEvent => ({
  type: 'TwoFactorSetupStarted',
  data: { userId: 'u1', setupId, secretSealed: `sealed-${setupId}`, at },
});
const enable = (setupId: string, at = now): AccountCommand => ({
  type: 'EnableTwoFactor',
  setupId,
  step: 200,
  recoveryCodeHashes: ['c0', 'c1'],
  now: at,
});
const enabledEvents = (setupId: string, at = now): AccountStreamEvent[] => [
  { type: 'SecondFactorVerified', data: { userId: 'u1', purpose: 'enable', step: 200, at } },
  {
    type: 'TwoFactorEnabled',
    data: {
      userId: 'u1',
      setupId,
      secretSealed: `sealed-${setupId}`,
      recoveryCodeHashes: ['c0', 'c1'],
      at,
    },
  },
];
const on = [registered(), setup('s1'), ...enabledEvents('s1')];
const signIn = (
  proof: AccountCommand & { type: 'SignIn' } extends { proof: infer P } ? P : never,
  at = now,
): AccountCommand => ({
  type: 'SignIn',
  sessionRef: 'ref1',
  ip: '203.0.113.9',
  proof,
  staffGraceDays: 7,
  now: at,
});
const signedIn = (at = now): AccountStreamEvent => ({
  type: 'UserSignedIn',
  data: { userId: 'u1', sessionRef: 'ref1', ip: '203.0.113.9', at },
});
const refusal = (history: AccountStreamEvent[], command: AccountCommand): DomainError => {
  try {
    accountDecider.decide(command, fold(accountDecider, history));
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('not refused');
};

describe('lock-out', () => {
  const lockOut: AccountCommand = { type: 'LockOut', failures: 10, until: later(15), now };
  const locked: AccountStreamEvent = {
    type: 'AccountLockedOut',
    data: { userId: 'u1', failures: 10, until: later(15), at: now },
  };
  it('is recorded on an account that is not locked', () =>
    given([registered()]).when(lockOut).then([locked]));
  it('pauses sign-in until it ends, then lets the password in again', () => {
    given([registered(), locked])
      .when(signIn(null, later(14)))
      .thenRefuses(
        'RATE_LIMITED',
        /^Too many failed attempts: sign-in is paused for this account for a while\.$/,
      );
    given([registered(), locked])
      .when(signIn(null, later(15)))
      .then([signedIn(later(15))]);
  });
  it('a password reset lifts it', () =>
    given([
      registered(),
      locked,
      {
        type: 'PasswordReset',
        data: { userId: 'u1', requestId: 'r', passwordHash: 'h2', at: now },
      },
    ])
      .when(signIn(null, later(1)))
      .then([signedIn(later(1))]));
});

describe('ending sessions', () => {
  it('ends the sessions named, with the reason', () =>
    given([registered()])
      .when({
        type: 'EndSessions',
        sessionRefs: ['a', 'b'],
        reason: 'password-changed',
        now,
      } as AccountCommand)
      .then([
        {
          type: 'SessionsEnded',
          data: { userId: 'u1', sessionRefs: ['a', 'b'], reason: 'password-changed', at: now },
        } as AccountStreamEvent,
      ]));
});

describe('turning two-factor on', () => {
  it('only from the set-up still pending: a replaced one is refused', () => {
    given([registered(), setup('s1'), setup('s2')])
      .when(enable('s1'))
      .thenRefuses('CONFLICT', /^This set-up was replaced or finished; start again\.$/);
    given([registered(), setup('s1'), setup('s2')])
      .when(enable('s2'))
      .then(enabledEvents('s2'));
    given([registered()])
      .when(enable('s1'))
      .thenRefuses('CONFLICT', /replaced or finished/);
  });
  it('a set-up is good for exactly SETUP_MINUTES', () => {
    expect(SETUP_MINUTES).toBe(30);
    given([registered(), setup('s1')])
      .when(enable('s1', later(30)))
      .then(enabledEvents('s1', later(30)));
    given([registered(), setup('s1')])
      .when(enable('s1', later(30.001)))
      .thenRefuses('BAD_USER_INPUT', /^This set-up is older than 30 minutes; start again\.$/);
  });
  it('not twice, and no new set-up while on', () => {
    given(on)
      .when(enable('s1'))
      .thenRefuses('CONFLICT', /^Two-factor authentication is already on\.$/);
    given(on)
      .when({ type: 'StartTwoFactorSetup', setupId: 's9', secretSealed: 'x', now })
      .thenRefuses('CONFLICT', /already on; turn it off first/);
  });
  it('signs in at the same time when asked', () =>
    given([registered(), setup('s1')])
      .when({
        ...(enable('s1') as AccountCommand & { type: 'EnableTwoFactor' }),
        signIn: { sessionRef: 'ref1', ip: '203.0.113.9' },
      })
      .then([...enabledEvents('s1'), signedIn()]));
  it('a set-up is finished by enabling: the same set-up cannot enable again after a disable', () => {
    const off: AccountStreamEvent[] = [
      ...on,
      {
        type: 'SecondFactorVerified',
        data: { userId: 'u1', purpose: 'disable', step: 201, at: now },
      },
      { type: 'TwoFactorDisabled', data: { userId: 'u1', at: now } },
    ];
    given(off)
      .when(enable('s1'))
      .thenRefuses('CONFLICT', /replaced or finished/);
  });
});

describe('recovery codes', () => {
  const disable = (index: number): AccountCommand => ({
    type: 'DisableTwoFactor',
    proof: { kind: 'recovery', index },
    now,
  });
  it('an index equal to the number of codes (or below zero) is not a code', () => {
    for (const index of [2, -1])
      expect(refusal(on, disable(index)).message).toBe('That recovery code is not valid.');
    given(on)
      .when(disable(1))
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'disable', recoveryCode: 1, at: now },
        },
        { type: 'TwoFactorDisabled', data: { userId: 'u1', at: now } },
      ]);
    given(on)
      .when(disable(0))
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'disable', recoveryCode: 0, at: now },
        },
        { type: 'TwoFactorDisabled', data: { userId: 'u1', at: now } },
      ]);
  });
  it('a used one is refused by name; codes left count down; a new batch restores them', () => {
    const used: AccountStreamEvent = {
      type: 'SecondFactorVerified',
      data: { userId: 'u1', purpose: 'sign-in', recoveryCode: 0, at: now },
    };
    expect(refusal([...on, used], disable(0)).message).toBe(
      'This recovery code was already used; each works once.',
    );
    expect(recoveryCodesLeft(fold(accountDecider, [...on, used]))).toBe(1);
    expect(recoveryCodesLeft(fold(accountDecider, [registered()]))).toBe(0);
    const regenerated: AccountStreamEvent = {
      type: 'RecoveryCodesRegenerated',
      data: { userId: 'u1', batchId: 'b2', recoveryCodeHashes: ['d0', 'd1', 'd2'], at: now },
    };
    expect(recoveryCodesLeft(fold(accountDecider, [...on, used, regenerated]))).toBe(3);
    given([...on, used, regenerated])
      .when(disable(0))
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'disable', recoveryCode: 0, at: now },
        },
        { type: 'TwoFactorDisabled', data: { userId: 'u1', at: now } },
      ]);
  });
  it('regenerating needs a second factor and records the batch', () =>
    given(on)
      .when({
        type: 'RegenerateRecoveryCodes',
        batchId: 'b2',
        proof: { kind: 'totp', step: 201 },
        recoveryCodeHashes: ['d0'],
        now,
      })
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'regenerate', step: 201, at: now },
        },
        {
          type: 'RecoveryCodesRegenerated',
          data: { userId: 'u1', batchId: 'b2', recoveryCodeHashes: ['d0'], at: now },
        },
      ]));
  it('a second factor on an account without two-factor is refused', () =>
    expect(refusal([registered()], disable(0)).message).toBe(
      'Two-factor authentication is not on for this account.',
    ));
  it('a TOTP step is used once: equal to the last is refused, the next is taken', () => {
    expect(
      refusal(on, { type: 'DisableTwoFactor', proof: { kind: 'totp', step: 200 }, now }).message,
    ).toBe('This code was already used; wait for the next code in your app.');
    given(on)
      .when(signIn({ kind: 'totp', step: 201 }))
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'sign-in', step: 201, at: now },
        },
        signedIn(),
      ]);
    expect(refusal(on, signIn(null)).message).toBe('Enter the code from your authenticator app.');
  });
});

describe('profile', () => {
  const update = (
    over: Partial<AccountCommand & { type: 'UpdateProfile' }> = {},
  ): AccountCommand => ({
    type: 'UpdateProfile',
    name: 'Asha',
    company: null,
    phone: null,
    address: null,
    gstin: null,
    now,
    ...over,
  });
  const updated = (over: Record<string, unknown> = {}): AccountStreamEvent =>
    ({
      type: 'ProfileUpdated',
      data: {
        userId: 'u1',
        name: 'Asha',
        company: null,
        phone: null,
        address: null,
        gstin: null,
        at: now,
        ...over,
      },
    }) as AccountStreamEvent;
  it('a change of the name alone is recorded', () =>
    given([registered()])
      .when(update({ name: 'Asha Rao' }))
      .then([updated({ name: 'Asha Rao' })]));
  it('a change of one detail alone is recorded; no change records nothing', () => {
    given([registered()])
      .when(update({ company: 'Rao Tech' }))
      .then([updated({ company: 'Rao Tech' })]);
    given([registered()])
      .when(update({ phone: '+91 98200 12345' }))
      .then([updated({ phone: '+91 98200 12345' })]);
    given([registered()]).when(update()).then([]);
    given([registered(), updated({ name: 'B', company: 'C' })])
      .when(update({ name: 'B', company: 'C' }))
      .then([]);
  });
  it('phone numbers of 7 to 15 digits', () => {
    given([registered()])
      .when(update({ phone: '1234567' }))
      .then([updated({ phone: '1234567' })]);
    given([registered()])
      .when(update({ phone: '123456789012345' }))
      .then([updated({ phone: '123456789012345' })]);
    expect(
      refusal([registered()], update({ phone: '123456' })).issues.map((i) => i.path.join('.')),
    ).toEqual(['phone']);
    expect(
      refusal([registered()], update({ phone: '1234567890123456' })).issues.map((i) =>
        i.path.join('.'),
      ),
    ).toEqual(['phone']);
    expect(refusal([registered()], update({ phone: 'call me 123' })).issues[0]!.message).toBe(
      'Enter a phone number of 7–15 digits, e.g. +91 98200 12345.',
    );
  });
  it('the name is 1 to 120 characters', () => {
    expect(refusal([registered()], update({ name: '' })).issues).toEqual([
      { path: ['name'], message: 'Name must be 1 to 120 characters.' },
    ]);
    expect(refusal([registered()], update({ name: 'x'.repeat(121) })).issues[0]!.path).toEqual([
      'name',
    ]);
    given([registered()])
      .when(update({ name: 'x'.repeat(120) }))
      .then([updated({ name: 'x'.repeat(120) })]);
  });
  it('addresses: a 6-digit PIN not starting with 0 in India, state "96" abroad', () => {
    const inIndia = (postalCode: string, stateCode = '29') => ({
      line1: 'MG Road',
      city: 'Bengaluru',
      stateCode,
      postalCode,
      country: 'IN',
    });
    expect(refusal([registered()], update({ address: inIndia('012345') as never })).issues).toEqual(
      [
        {
          path: ['address', 'postalCode'],
          message: 'An Indian PIN code has 6 digits and does not start with 0.',
        },
      ],
    );
    expect(
      refusal([registered()], update({ address: inIndia('5600011') as never })).issues[0]!.path,
    ).toEqual(['address', 'postalCode']);
    expect(
      refusal([registered()], update({ address: inIndia('560001', '99') as never })).issues[0]!
        .path,
    ).toEqual(['address', 'stateCode']);
    const abroad = {
      line1: '1 Main St',
      city: 'Austin',
      stateCode: '29',
      postalCode: '73301',
      country: 'US',
    };
    expect(refusal([registered()], update({ address: abroad as never })).issues).toEqual([
      {
        path: ['address', 'stateCode'],
        message: 'Outside India the state code is "96" (foreign country).',
      },
    ]);
    given([registered()])
      .when(update({ address: { ...abroad, stateCode: '96' } as never }))
      .then([updated({ address: { ...abroad, stateCode: '96' } })]);
  });
  it('a GSTIN needs an Indian billing address; abroad it is refused', () => {
    expect(refusal([registered()], update({ gstin: '29AABCU9603R1ZJ' })).issues).toEqual([
      { path: ['address'], message: 'A GSTIN needs the billing address it is registered at.' },
    ]);
    const abroad = {
      line1: '1 Main St',
      city: 'Austin',
      stateCode: '96',
      postalCode: '73301',
      country: 'US',
    };
    expect(
      refusal([registered()], update({ gstin: '29AABCU9603R1ZJ', address: abroad as never }))
        .issues,
    ).toEqual([
      {
        path: ['gstin'],
        message: 'A GSTIN is an Indian registration; remove it or use an Indian billing address.',
      },
    ]);
  });
});

describe('registration', () => {
  const register = (over: Record<string, unknown> = {}) =>
    ({
      type: 'RegisterUser',
      userId: 'u1',
      email: ' Asha@Example.COM ',
      name: ' Asha ',
      role: 'customer',
      passwordHash: 'h',
      now,
      ...over,
    }) as Parameters<typeof userDecider.decide>[0];
  const run = (command: Parameters<typeof userDecider.decide>[0], history: DomainEvent[] = []) =>
    userDecider.decide(command, fold(userDecider, history as never));
  const fails = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return e as DomainError;
    }
    throw new Error('not refused');
  };
  it('normalises the email and trims the name; staff get tenant_admin unless told', () => {
    expect(run(register())).toEqual([
      {
        type: 'UserRegistered',
        data: {
          userId: 'u1',
          email: 'asha@example.com',
          name: 'Asha',
          role: 'customer',
          passwordHash: 'h',
          registeredAt: now,
        },
      },
    ]);
    expect(run(register({ role: 'admin' }))[0]!.data).toMatchObject({ staffRole: 'tenant_admin' });
    expect(run(register({ role: 'admin', staffRole: 'billing' }))[0]!.data).toMatchObject({
      staffRole: 'billing',
    });
    expect(run(register({ emailVerified: false }))[0]!.data).toMatchObject({
      emailVerified: false,
    });
    expect('emailVerified' in run(register({ emailVerified: true }))[0]!.data).toBe(false);
  });
  it('refuses a bad email, a bad name, and a second registration', () => {
    for (const email of ['asha', 'a@b', 'a b@c.d', `${'a'.repeat(250)}@b.in`])
      expect(fails(() => run(register({ email }))).issues[0]!.path).toEqual(['email']);
    expect(run(register({ email: `${'a'.repeat(245)}@b.in` }))).toHaveLength(1);
    expect(fails(() => run(register({ name: '  ' }))).message).toBe(
      'Name must be 1 to 120 characters.',
    );
    expect(fails(() => run(register({ name: 'x'.repeat(121) }))).issues[0]!.path).toEqual(['name']);
    const history = run(register());
    expect(fails(() => run(register(), history)).message).toBe('This user is already registered.');
  });
  it('records sign-in and sign-out on the user', () => {
    const history = run(register());
    expect(run({ type: 'RecordSignIn', sessionRef: 's', ip: '1.2.3.4', now }, history)).toEqual([
      { type: 'UserSignedIn', data: { userId: 'u1', sessionRef: 's', ip: '1.2.3.4', at: now } },
    ]);
    expect(run({ type: 'RecordSignOut', sessionRef: 's', now }, history)).toEqual([
      { type: 'UserSignedOut', data: { userId: 'u1', sessionRef: 's', at: now } },
    ]);
  });
  it('an email is reserved once, by one user', () => {
    const reserve = (userId: string, history: DomainEvent[] = []) =>
      emailReservationDecider.decide(
        { type: 'ReserveEmail', email: ' A@B.in ', userId },
        fold(emailReservationDecider, history as never),
      );
    const first = reserve('u1');
    expect(first).toEqual([{ type: 'EmailReserved', data: { email: 'a@b.in', userId: 'u1' } }]);
    expect(reserve('u1', first)).toEqual([]);
    expect(() => reserve('u2', first)).toThrow('An account with this email already exists.');
    expect(normaliseEmail(' X@Y.Z ')).toBe('x@y.z');
  });
});

describe('staff two-factor deadline', () => {
  const staff = registered({ role: 'admin', staffRole: 'support' });
  it('is the grace period after registration, none for customers or with two-factor on', () => {
    expect(twoFactorDeadline(fold(accountDecider, [staff]), 7)).toBe('2026-04-08T10:00:00.000Z');
    expect(twoFactorDeadline(fold(accountDecider, [registered()]), 7)).toBeNull();
    expect(
      twoFactorDeadline(fold(accountDecider, [staff, setup('s1'), ...enabledEvents('s1')]), 7),
    ).toBeNull();
  });
  it('staff sign in inside the grace period and not after it', () => {
    given([staff])
      .when(signIn(null, later(7 * 1440 - 1)))
      .then([signedIn(later(7 * 1440 - 1))]);
    expect(refusal([staff], signIn(null, later(7 * 1440))).message).toBe(
      'Staff accounts must set up two-factor authentication before signing in.',
    );
  });
});

describe('suspension and staff access', () => {
  const given2 = specFor(accountAccessDecider);
  const reg = (role: 'customer' | 'admin', staffRole?: string) =>
    ({
      type: 'UserRegistered',
      data: {
        userId: 'u1',
        email: 'x@example.com',
        name: 'X',
        role,
        ...(staffRole ? { staffRole } : {}),
        passwordHash: 'h',
        registeredAt: now,
      },
    }) as DomainEvent as AccountAccessEvent;
  it('a suspended account cannot sign in, with the reason why', () =>
    given([
      registered(),
      {
        type: 'UserSuspended',
        data: { userId: 'u1', reason: 'fraud', suspendedBy: 'a1', at: now },
      } as AccountStreamEvent,
    ])
      .when(signIn(null))
      .thenRefuses('FORBIDDEN', /^This account is suspended; contact support\.$/));
  it('reasons of 3 and 500 characters are accepted, 2 and 501 refused', () => {
    given2([reg('customer')])
      .when({ type: 'SuspendUser', reason: 'abc', by: 'a1', now })
      .then([
        {
          type: 'UserSuspended',
          data: { userId: 'u1', reason: 'abc', suspendedBy: 'a1', at: now },
        },
      ]);
    given2([reg('customer')])
      .when({ type: 'SuspendUser', reason: 'x'.repeat(500), by: 'a1', now })
      .then([
        {
          type: 'UserSuspended',
          data: { userId: 'u1', reason: 'x'.repeat(500), suspendedBy: 'a1', at: now },
        },
      ]);
    given2([reg('customer')])
      .when({ type: 'SuspendUser', reason: 'ab', by: 'a1', now })
      .thenRefuses('BAD_USER_INPUT', /^Give a reason of 3 to 500 characters\.$/);
    given2([reg('customer')])
      .when({ type: 'SuspendUser', reason: 'x'.repeat(501), by: 'a1', now })
      .thenRefuses('BAD_USER_INPUT');
  });
  it('staff roles: only staff have one, not one’s own, tenant_admin by default, no change records nothing', () => {
    given2([reg('customer')])
      .when({ type: 'AssignStaffRole', staffRole: 'billing', by: 'a1', now })
      .thenRefuses('BAD_USER_INPUT', /^Only staff accounts have a staff role\.$/);
    given2([reg('admin')])
      .when({ type: 'AssignStaffRole', staffRole: 'billing', by: 'u1', now })
      .thenRefuses('FORBIDDEN', /^You cannot change your own role\.$/);
    given2([reg('admin')])
      .when({ type: 'AssignStaffRole', staffRole: 'tenant_admin', by: 'a1', now })
      .then([]);
    given2([reg('admin')])
      .when({ type: 'AssignStaffRole', staffRole: 'billing', by: 'a1', now })
      .then([
        {
          type: 'StaffRoleAssigned',
          data: {
            userId: 'u1',
            staffRole: 'billing',
            previousRole: 'tenant_admin',
            assignedBy: 'a1',
            at: now,
          },
        },
      ]);
    const assigned: AccountAccessEvent = {
      type: 'StaffRoleAssigned',
      data: {
        userId: 'u1',
        staffRole: 'billing',
        previousRole: 'tenant_admin',
        assignedBy: 'a1',
        at: now,
      },
    };
    given2([reg('admin'), assigned])
      .when({ type: 'AssignStaffRole', staffRole: 'billing', by: 'a1', now })
      .then([]);
    given2([reg('admin', 'support')])
      .when({ type: 'AssignStaffRole', staffRole: 'billing', by: 'a1', now })
      .then([
        {
          type: 'StaffRoleAssigned',
          data: {
            userId: 'u1',
            staffRole: 'billing',
            previousRole: 'support',
            assignedBy: 'a1',
            at: now,
          },
        },
      ]);
  });
  it('impersonation: customers only, not suspended, each session once, ended once', () => {
    const started: AccountAccessEvent = {
      type: 'ImpersonationStarted',
      data: { userId: 'u1', impersonatorId: 'a1', sessionRef: 'r1', at: now },
    };
    given2([reg('admin')])
      .when({ type: 'StartImpersonation', impersonatorId: 'a1', sessionRef: 'r1', now })
      .thenRefuses('BAD_USER_INPUT', /^Only customer accounts can be impersonated\.$/);
    given2([reg('customer')])
      .when({ type: 'StartImpersonation', impersonatorId: 'a1', sessionRef: 'r1', now })
      .then([started]);
    given2([reg('customer'), started])
      .when({ type: 'StartImpersonation', impersonatorId: 'a1', sessionRef: 'r1', now })
      .then([]);
    given2([reg('customer'), started])
      .when({ type: 'EndImpersonation', sessionRef: 'r1', now })
      .then([
        {
          type: 'ImpersonationEnded',
          data: { userId: 'u1', impersonatorId: 'a1', sessionRef: 'r1', at: now },
        },
      ]);
    given2([
      reg('customer'),
      started,
      {
        type: 'ImpersonationEnded',
        data: { userId: 'u1', impersonatorId: 'a1', sessionRef: 'r1', at: now },
      },
    ])
      .when({ type: 'EndImpersonation', sessionRef: 'r1', now })
      .then([]);
    given2([reg('customer')])
      .when({ type: 'EndImpersonation', sessionRef: 'r1', now })
      .then([]);
  });
});

describe('permissions', () => {
  // As the composition root assembles it from the area list (server/areas/index.ts).
  const {
    permissionsOf,
    isPermission,
    all,
    grantable,
    describe: describeIt,
  } = permissionCatalog([tenancyPermissions, accessPermissions, walletPermissions]);

  it('system roles hold their bundles; anything else holds none', () => {
    expect(permissionsOf('tenant_admin')).not.toContain('tenants.manage');
    expect(permissionsOf('tenant_admin')).toEqual(all.filter((p) => p !== 'tenants.manage'));
    expect(permissionsOf('super_admin')).toEqual(all);
    expect(permissionsOf('billing')).toEqual(['wallet.view', 'wallet.approve']);
    expect(permissionsOf('support')).toEqual(['users.manage', 'wallet.view']);
    expect(permissionsOf('custom-role')).toEqual([]);
    expect(permissionsOf(null)).toEqual([]);
    expect(permissionsOf('toString')).toEqual([]);
    expect(permissionsOf('constructor')).toEqual([]);
    expect(isPermission('wallet.view')).toBe(true);
    expect(isPermission('wallet.steal')).toBe(false);
    expect(isPermission('toString')).toBe(false);
  });

  it('lists areas in order, then each area’s own order; operator-only ones are never grantable', () => {
    expect(all).toEqual([
      'settings.manage',
      'tenants.manage',
      'users.manage',
      'users.impersonate',
      'wallet.view',
      'wallet.approve',
    ]);
    expect(grantable).toEqual(all.filter((p) => p !== 'tenants.manage'));
    expect(describeIt('wallet.approve')).toBe('Approve or reject top-up requests (moves money)');
    // A handed-out bundle is a copy: changing it changes no role.
    permissionsOf('billing').push('tenants.manage');
    expect(permissionsOf('billing')).toEqual(['wallet.view', 'wallet.approve']);
  });

  it('refuses a permission two areas declare', () => {
    const again = declarePermissions({ 'wallet.view': { description: 'twice', heldBy: [] } });
    expect(() => permissionCatalog([walletPermissions, again])).toThrow(
      'permission wallet.view is declared twice',
    );
  });

  it('a misspelt permission does not typecheck', () => {
    // @ts-expect-error -- no area declares wallet.aprove: tsc fails here if Permission accepted any string
    const misspelt: Permission = 'wallet.aprove';
    const spelt: Permission = 'wallet.approve';
    expect([misspelt, spelt]).toHaveLength(2);
  });
});

describe('weak passwords', () => {
  it('refuses the common, the repetitive, runs of keys and the email; accepts a passphrase', () => {
    expect(weakPasswordReason('Password1234')).toBe(
      'this password is one of the most common; choose another',
    );
    expect(weakPasswordReason('abababababab')).toBe('use more than three different characters');
    expect(weakPasswordReason('abcabcabcabd')).toBeNull();
    expect(weakPasswordReason('0987654321xx'.slice(0, 10))).toBe(
      'a run of keys or letters in order is easy to guess; choose something else',
    );
    expect(weakPasswordReason('Qwertyuiopas')).toBe(
      'a run of keys or letters in order is easy to guess; choose something else',
    );
    expect(weakPasswordReason('1234567')).toBeNull();
    expect(weakPasswordReason('my-asha-is-long', { email: 'asha@example.com' })).toBe(
      'do not use your email address in your password',
    );
    expect(weakPasswordReason('ash-horse-battery', { email: 'ash@example.com' })).toBeNull();
    expect(weakPasswordReason('x@y.in', { email: 'X@y.in' })).toBe(
      'do not use your email address as your password',
    );
    expect(
      weakPasswordReason('correct horse battery staple', {
        email: 'asha@example.com',
        name: 'Asha',
      }),
    ).toBeNull();
  });
});
