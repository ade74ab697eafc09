/** More of the account's rules pinned (the rest of mutation testing's survivors in identity). */
import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import { fold, type DomainError, type DomainEvent } from '../shared/decider.ts';
import { accountDecider, type AccountCommand, type AccountStreamEvent } from './account-decider.ts';
import { accountAccessDecider } from './account-access.ts';
import type { AccountAccessEvent } from './access-events.ts';
import { ACCOUNT_EVENT_TYPES } from './account-events.ts';
import { initialAccount } from './account.ts';
import { userStreamId } from './events.ts';
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
const refusal = (history: AccountStreamEvent[], command: AccountCommand): DomainError => {
  try {
    accountDecider.decide(command, fold(accountDecider, history));
  } catch (e) {
    return e as DomainError;
  }
  throw new Error('not refused');
};
const on: AccountStreamEvent[] = [
  registered(),
  {
    type: 'TwoFactorSetupStarted',
    data: { userId: 'u1', setupId: 's1', secretSealed: 'x', at: now },
  },
  { type: 'SecondFactorVerified', data: { userId: 'u1', purpose: 'enable', step: 200, at: now } },
  {
    type: 'TwoFactorEnabled',
    data: {
      userId: 'u1',
      setupId: 's1',
      secretSealed: 'x',
      recoveryCodeHashes: ['c0', 'c1'],
      at: now,
    },
  },
];

describe('account commands that only record', () => {
  it('link requests, password changes, set-up starts and registration attempts', () => {
    const unverified = [registered({ emailVerified: false })];
    given(unverified)
      .when({
        type: 'RequestEmailVerification',
        requestId: 'r1',
        tokenHash: 't1',
        expiresAt: later(60),
        now,
      })
      .then([
        {
          type: 'EmailVerificationRequested',
          data: { userId: 'u1', requestId: 'r1', tokenHash: 't1', expiresAt: later(60), at: now },
        },
      ]);
    given([registered()])
      .when({
        type: 'RequestEmailVerification',
        requestId: 'r1',
        tokenHash: 't1',
        expiresAt: later(60),
        now,
      })
      .then([]);
    given([registered()])
      .when({
        type: 'RequestPasswordReset',
        requestId: 'r2',
        tokenHash: 'p1',
        expiresAt: later(30),
        ip: '203.0.113.9',
        now,
      })
      .then([
        {
          type: 'PasswordResetRequested',
          data: {
            userId: 'u1',
            requestId: 'r2',
            tokenHash: 'p1',
            expiresAt: later(30),
            ip: '203.0.113.9',
            at: now,
          },
        },
      ]);
    given([registered()])
      .when({ type: 'ChangePassword', passwordHash: 'h9', now })
      .then([{ type: 'PasswordChanged', data: { userId: 'u1', passwordHash: 'h9', at: now } }]);
    given([registered()])
      .when({ type: 'StartTwoFactorSetup', setupId: 's1', secretSealed: 'x', now })
      .then([
        {
          type: 'TwoFactorSetupStarted',
          data: { userId: 'u1', setupId: 's1', secretSealed: 'x', at: now },
        },
      ]);
    given([registered()])
      .when({ type: 'NoteRegistrationAttempt', ip: '203.0.113.9', now })
      .then([
        { type: 'RegistrationAttempted', data: { userId: 'u1', ip: '203.0.113.9', at: now } },
      ]);
  });
  it('an unknown account is named as not found', () =>
    expect(refusal([], { type: 'ChangePassword', passwordHash: 'h', now }).message).toBe(
      'Account not found.',
    ));
});

describe('link messages say what is wrong', () => {
  const requested: AccountStreamEvent = {
    type: 'EmailVerificationRequested',
    data: { userId: 'u1', requestId: 'r1', tokenHash: 't1', expiresAt: later(60), at: now },
  };
  const history = [registered({ emailVerified: false }), requested];
  it('confirmation links', () => {
    expect(refusal(history, { type: 'VerifyEmail', tokenHash: 'nope', now }).message).toBe(
      'This confirmation link is not valid; check that you copied all of it, or ask for a new one.',
    );
    expect(refusal(history, { type: 'VerifyEmail', tokenHash: 't1', now: later(60) }).message).toBe(
      'This confirmation link has expired; ask for a new one.',
    );
    const used = [
      ...history,
      {
        type: 'EmailVerified',
        data: { userId: 'u1', requestId: 'r1', at: now },
      } as AccountStreamEvent,
    ];
    expect(refusal(used, { type: 'VerifyEmail', tokenHash: 't1', now }).message).toBe(
      'This confirmation link was already used; ask for a new one if you still need it.',
    );
    expect(refusal(used, { type: 'VerifyEmail', tokenHash: 't1', now }).issues[0]!.path).toEqual([
      'token',
    ]);
  });
  it('password reset links; a reset voids the confirmation links of an unconfirmed account', () => {
    const reset: AccountStreamEvent = {
      type: 'PasswordResetRequested',
      data: {
        userId: 'u1',
        requestId: 'r2',
        tokenHash: 'p1',
        expiresAt: later(30),
        ip: 'x',
        at: now,
      },
    };
    expect(
      refusal([...history, reset], {
        type: 'ResetPassword',
        tokenHash: 'p9',
        passwordHash: 'h',
        now,
      }).message,
    ).toBe(
      'This password reset link is not valid; check that you copied all of it, or ask for a new one.',
    );
    const done: AccountStreamEvent = {
      type: 'PasswordReset',
      data: { userId: 'u1', requestId: 'r2', passwordHash: 'h1', at: now },
    };
    expect(
      refusal([...history, reset, done], { type: 'VerifyEmail', tokenHash: 't1', now }).message,
    ).toMatch(/already used/);
    expect(
      refusal([...history, reset, done], {
        type: 'ResetPassword',
        tokenHash: 'p1',
        passwordHash: 'h',
        now,
      }).message,
    ).toMatch(/already used/);
    const changed: AccountStreamEvent = {
      type: 'PasswordChanged',
      data: { userId: 'u1', passwordHash: 'h2', at: now },
    };
    expect(
      refusal([...history, reset, changed], {
        type: 'ResetPassword',
        tokenHash: 'p1',
        passwordHash: 'h',
        now,
      }).message,
    ).toMatch(/already used/);
  });
  it('only the last 50 spent links are remembered', () => {
    const many: AccountStreamEvent[] = [registered({ emailVerified: false })];
    for (let i = 0; i < 51; i++) {
      many.push({
        type: 'PasswordResetRequested',
        data: {
          userId: 'u1',
          requestId: `r${i}`,
          tokenHash: `p${i}`,
          expiresAt: later(30),
          ip: 'x',
          at: now,
        },
      });
      many.push({ type: 'PasswordChanged', data: { userId: 'u1', passwordHash: 'h', at: now } });
    }
    expect(
      refusal(many, { type: 'ResetPassword', tokenHash: 'p0', passwordHash: 'h', now }).message,
    ).toMatch(/not valid/);
    expect(
      refusal(many, { type: 'ResetPassword', tokenHash: 'p1', passwordHash: 'h', now }).message,
    ).toMatch(/already used/);
  });
});

describe('two-factor messages and state', () => {
  it('refusals name the code field', () => {
    const e = refusal(on, { type: 'DisableTwoFactor', proof: { kind: 'totp', step: 100 }, now });
    expect(e.issues[0]!.path).toEqual(['code']);
    expect(
      refusal([registered()], { type: 'DisableTwoFactor', proof: { kind: 'totp', step: 1 }, now })
        .issues[0]!.path,
    ).toEqual(['code']);
  });
  it('a new account accepts TOTP step 0', () => {
    expect(initialAccount.lastTotpStep).toBe(-1);
    const fresh: AccountStreamEvent[] = [
      registered(),
      {
        type: 'TwoFactorEnabled',
        data: {
          userId: 'u1',
          setupId: 's1',
          secretSealed: 'x',
          recoveryCodeHashes: ['c0'],
          at: now,
        },
      },
    ];
    given(fresh)
      .when({ type: 'DisableTwoFactor', proof: { kind: 'totp', step: 0 }, now })
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'disable', step: 0, at: now },
        },
        { type: 'TwoFactorDisabled', data: { userId: 'u1', at: now } },
      ]);
  });
  it('an older step verified later does not move the last step back; a recovery code leaves it as it was', () => {
    const h: AccountStreamEvent[] = [
      ...on,
      {
        type: 'SecondFactorVerified',
        data: { userId: 'u1', purpose: 'sign-in', step: 300, at: now },
      },
      {
        type: 'SecondFactorVerified',
        data: { userId: 'u1', purpose: 'sign-in', step: 250, at: now },
      },
      {
        type: 'SecondFactorVerified',
        data: { userId: 'u1', purpose: 'sign-in', recoveryCode: 1, at: now },
      },
    ];
    expect(fold(accountDecider, h).lastTotpStep).toBe(300);
    expect(fold(accountDecider, h).twoFactor!.usedRecoveryCodes).toEqual([1]);
    expect(
      refusal(h, { type: 'DisableTwoFactor', proof: { kind: 'totp', step: 300 }, now }).message,
    ).toMatch(/already used/);
    // A recovery code verified while two-factor is off (an old event) changes nothing.
    const off = fold(accountDecider, [
      registered(),
      {
        type: 'SecondFactorVerified',
        data: { userId: 'u1', purpose: 'sign-in', recoveryCode: 0, at: now },
      },
    ]);
    expect(off.twoFactor).toBeNull();
    expect(off.lastTotpStep).toBe(-1);
  });
  it('a staff reset needs a reason of 3 to 500 characters', () => {
    const reset = (reason: string): AccountCommand => ({
      type: 'ResetTwoFactor',
      reason,
      by: 'a1',
      now,
    });
    given(on)
      .when(reset('abc'))
      .then([
        { type: 'TwoFactorReset', data: { userId: 'u1', reason: 'abc', resetBy: 'a1', at: now } },
      ]);
    given(on)
      .when(reset('x'.repeat(500)))
      .then([
        {
          type: 'TwoFactorReset',
          data: { userId: 'u1', reason: 'x'.repeat(500), resetBy: 'a1', at: now },
        },
      ]);
    const short = refusal(on, reset('ab'));
    expect([short.message, short.issues[0]!.path]).toEqual([
      'Give a reason of 3 to 500 characters.',
      ['reason'],
    ]);
    expect(refusal(on, reset('x'.repeat(501))).code).toBe('BAD_USER_INPUT');
  });
  it('the set-up age refusal names the code field', () => {
    const h: AccountStreamEvent[] = [
      registered(),
      {
        type: 'TwoFactorSetupStarted',
        data: { userId: 'u1', setupId: 's1', secretSealed: 'x', at: now },
      },
    ];
    expect(
      refusal(h, {
        type: 'EnableTwoFactor',
        setupId: 's1',
        step: 1,
        recoveryCodeHashes: [],
        now: later(31),
      }).issues[0]!.path,
    ).toEqual(['code']);
  });
});

describe('account state from registration', () => {
  it('staff get their staff role (tenant_admin by default), customers none; a role change is folded', () => {
    expect(fold(accountDecider, [registered({ role: 'admin' })]).staffRole).toBe('tenant_admin');
    expect(
      fold(accountDecider, [registered({ role: 'admin', staffRole: 'billing' })]).staffRole,
    ).toBe('billing');
    expect(fold(accountDecider, [registered({ staffRole: 'billing' })]).staffRole).toBeNull();
    const assigned = {
      type: 'StaffRoleAssigned',
      data: {
        userId: 'u1',
        staffRole: 'support',
        previousRole: 'billing',
        assignedBy: 'a1',
        at: now,
      },
    } as unknown as AccountStreamEvent;
    expect(
      fold(accountDecider, [registered({ role: 'admin', staffRole: 'billing' }), assigned])
        .staffRole,
    ).toBe('support');
  });
  it('starts empty', () => {
    expect(initialAccount).toMatchObject({
      emailVerified: false,
      verifications: [],
      resets: [],
      spentTokens: [],
      profile: { company: null, phone: null, address: null, gstin: null },
    });
  });
  it('the user stream is named by the user', () => expect(userStreamId('u1')).toBe('user-u1'));
  it('every account event type is listed for the projectors', () =>
    expect(ACCOUNT_EVENT_TYPES).toEqual([
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
    ]));
});

describe('access decider messages', () => {
  const given2 = specFor(accountAccessDecider);
  const reg = (role: 'customer' | 'admin') =>
    ({
      type: 'UserRegistered',
      data: {
        userId: 'u1',
        email: 'x@example.com',
        name: 'X',
        role,
        passwordHash: 'h',
        registeredAt: now,
      },
    }) as DomainEvent as AccountAccessEvent;
  const suspended: AccountAccessEvent = {
    type: 'UserSuspended',
    data: { userId: 'u1', reason: 'fraud', suspendedBy: 'a1', at: now },
  };
  const reactivated: AccountAccessEvent = {
    type: 'UserReactivated',
    data: { userId: 'u1', reactivatedBy: 'a1', at: now },
  };
  it('say what blocks the change', () => {
    given2([])
      .when({ type: 'ReactivateUser', by: 'a1', now })
      .thenRefuses('NOT_FOUND', /^User not found\.$/);
    given2([reg('admin')])
      .when({ type: 'SuspendUser', reason: 'mine', by: 'u1', now })
      .thenRefuses('FORBIDDEN', /^You cannot suspend your own account\.$/);
    given2([reg('customer'), suspended])
      .when({ type: 'SuspendUser', reason: 'again', by: 'a1', now })
      .thenRefuses('CONFLICT', /^This account is already suspended\.$/);
    given2([reg('customer')])
      .when({ type: 'ReactivateUser', by: 'a1', now })
      .thenRefuses('CONFLICT', /^This account is not suspended\.$/);
    given2([reg('customer'), suspended])
      .when({ type: 'StartImpersonation', impersonatorId: 'a1', sessionRef: 'r', now })
      .thenRefuses('CONFLICT', /^This account is suspended; reactivate it first\.$/);
  });
  it('name the field', () => {
    const field = (
      history: AccountAccessEvent[],
      command: Parameters<typeof accountAccessDecider.decide>[0],
    ) => {
      try {
        accountAccessDecider.decide(command, fold(accountAccessDecider, history));
      } catch (e) {
        return (e as DomainError).issues[0]!.path;
      }
      throw new Error('not refused');
    };
    expect(field([reg('customer')], { type: 'SuspendUser', reason: 'x', by: 'a1', now })).toEqual([
      'reason',
    ]);
    expect(
      field([reg('customer')], { type: 'AssignStaffRole', staffRole: 'billing', by: 'a1', now }),
    ).toEqual(['userId']);
    expect(
      field([reg('admin')], {
        type: 'StartImpersonation',
        impersonatorId: 'a1',
        sessionRef: 'r',
        now,
      }),
    ).toEqual(['customerId']);
  });
  it('a reactivated account can be suspended and impersonated again; other events change nothing', () => {
    const signedIn = {
      type: 'UserSignedIn',
      data: { userId: 'u1', sessionRef: 's', ip: 'x', at: now },
    } as DomainEvent as AccountAccessEvent;
    given2([reg('customer'), suspended, reactivated, signedIn])
      .when({ type: 'SuspendUser', reason: 'fraud', by: 'a1', now })
      .then([suspended]);
    given2([reg('customer'), suspended, reactivated])
      .when({ type: 'StartImpersonation', impersonatorId: 'a1', sessionRef: 'r', now })
      .then([
        {
          type: 'ImpersonationStarted',
          data: { userId: 'u1', impersonatorId: 'a1', sessionRef: 'r', at: now },
        },
      ]);
  });
});

describe('the common passwords are refused, each of them, in any case', () => {
  const COMMON = [
    'password1234',
    'password12345',
    'password123456',
    'passw0rd1234',
    'p@ssw0rd1234',
    'p@ssword1234',
    'qwertyuiop12',
    'qwertyuiop123',
    'qwerty123456',
    '1q2w3e4r5t6y',
    '1qaz2wsx3edc',
    'zaq12wsxcde3',
    'iloveyou1234',
    'welcome12345',
    'letmein12345',
    'administrator',
    'changeme1234',
    'admin1234567',
    'abc123456789',
    'abcdefghijkl',
    'india1234567',
    'indiaisgreat',
    'akashone1234',
    'mieuxtechnologies',
  ];
  it.each(COMMON)('%s', (p) =>
    expect(weakPasswordReason(p.toUpperCase())).toBe(
      'this password is one of the most common; choose another',
    ),
  );
  it('short runs are not runs; a reversed run is', () => {
    expect(weakPasswordReason('zyxwvutsrq')).toBe(
      'a run of keys or letters in order is easy to guess; choose something else',
    );
    expect(weakPasswordReason('abcdefg!!!!1')).toBeNull();
  });
});
