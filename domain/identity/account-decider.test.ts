import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import { DomainError } from '../shared/decider.ts';
import { accountDecider, type AccountStreamEvent } from './account-decider.ts';
import { recoveryCodesLeft, twoFactorDeadline } from './account.ts';
import { fold } from '../shared/decider.ts';

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
    emailVerified: false,
    ...over,
  },
});
const verification = (tokenHash = 't1', expiresAt = later(60)): AccountStreamEvent => ({
  type: 'EmailVerificationRequested',
  data: { userId: 'u1', requestId: 'r1', tokenHash, expiresAt, at: now },
});
const verified: AccountStreamEvent = {
  type: 'EmailVerified',
  data: { userId: 'u1', requestId: 'r1', at: now },
};
const resetRequested = (tokenHash = 'p1', expiresAt = later(30)): AccountStreamEvent => ({
  type: 'PasswordResetRequested',
  data: {
    userId: 'u1',
    requestId: `req-${tokenHash}`,
    tokenHash,
    expiresAt,
    ip: '203.0.113.9',
    at: now,
  },
});
const setupStarted: AccountStreamEvent = {
  type: 'TwoFactorSetupStarted',
  data: { userId: 'u1', setupId: 's1', secretSealed: 'sealed', at: now },
};
const enabled: AccountStreamEvent[] = [
  setupStarted,
  { type: 'SecondFactorVerified', data: { userId: 'u1', purpose: 'enable', step: 100, at: now } },
  {
    type: 'TwoFactorEnabled',
    data: {
      userId: 'u1',
      setupId: 's1',
      secretSealed: 'sealed',
      recoveryCodeHashes: ['c0', 'c1', 'c2'],
      at: now,
    },
  },
];
const signIn = (
  proof: { kind: 'totp'; step: number } | { kind: 'recovery'; index: number } | null,
  at = now,
) => ({
  type: 'SignIn' as const,
  sessionRef: 'ref1',
  ip: '203.0.113.9',
  proof,
  staffGraceDays: 7,
  now: at,
});
const signedIn: AccountStreamEvent & { type: 'UserSignedIn' } = {
  type: 'UserSignedIn',
  data: { userId: 'u1', sessionRef: 'ref1', ip: '203.0.113.9', at: now },
};

describe('account: email verification', () => {
  it('a self-registered account cannot sign in until it confirms its email', () => {
    given([registered()])
      .when(signIn(null))
      .thenRefuses('FORBIDDEN', /Confirm your email/);
    given([registered(), verification(), verified]).when(signIn(null)).then([signedIn]);
  });
  it('an account created by staff (no emailVerified flag) is confirmed', () =>
    given([registered({ emailVerified: undefined })])
      .when(signIn(null))
      .then([signedIn]));
  it('a matching, unexpired link confirms the email', () =>
    given([registered(), verification()])
      .when({ type: 'VerifyEmail', tokenHash: 't1', now })
      .then([verified]));
  it('refuses an expired link, a used link and a made-up link with different messages', () => {
    given([registered(), verification('t1', now)])
      .when({ type: 'VerifyEmail', tokenHash: 't1', now })
      .thenRefuses('BAD_USER_INPUT', /expired/);
    given([registered(), verification(), verified])
      .when({ type: 'VerifyEmail', tokenHash: 't1', now })
      .thenRefuses('BAD_USER_INPUT', /already used/);
    given([registered(), verification()])
      .when({ type: 'VerifyEmail', tokenHash: 'nope', now })
      .thenRefuses('BAD_USER_INPUT', /not valid/);
  });
  it('asks for no new link once confirmed', () =>
    given([registered(), verification(), verified])
      .when({
        type: 'RequestEmailVerification',
        requestId: 'r2',
        tokenHash: 't2',
        expiresAt: later(60),
        now,
      })
      .then([]));
});

describe('account: passwords', () => {
  const reset = (tokenHash: string, at = now) => ({
    type: 'ResetPassword' as const,
    tokenHash,
    passwordHash: 'h1',
    now: at,
  });
  it('a reset link sets the new password, confirms the email and lifts a lock-out', () => {
    const history = [
      registered(),
      {
        type: 'AccountLockedOut',
        data: { userId: 'u1', failures: 100, until: later(60), at: now },
      } as AccountStreamEvent,
      resetRequested(),
    ];
    given(history)
      .when(reset('p1'))
      .then([
        {
          type: 'PasswordReset',
          data: { userId: 'u1', requestId: 'req-p1', passwordHash: 'h1', at: now },
        },
      ]);
    const state = fold(accountDecider, [
      ...history,
      {
        type: 'PasswordReset',
        data: { userId: 'u1', requestId: 'req-p1', passwordHash: 'h1', at: now },
      },
    ]);
    expect(state).toMatchObject({ passwordHash: 'h1', emailVerified: true, lockedUntil: null });
  });
  it('a reset link works once, and one reset voids the other links', () => {
    const done: AccountStreamEvent = {
      type: 'PasswordReset',
      data: { userId: 'u1', requestId: 'req-p1', passwordHash: 'h1', at: now },
    };
    given([registered(), resetRequested('p1'), resetRequested('p2'), done])
      .when(reset('p1'))
      .thenRefuses('BAD_USER_INPUT', /already used/);
    given([registered(), resetRequested('p1'), resetRequested('p2'), done])
      .when(reset('p2'))
      .thenRefuses('BAD_USER_INPUT', /already used/);
  });
  it('a new reset link makes the older ones invalid', () => {
    given([registered(), resetRequested('p1'), resetRequested('p2')])
      .when(reset('p1'))
      .thenRefuses('BAD_USER_INPUT', /link was already used/);
    given([registered(), resetRequested('p1'), resetRequested('p2')])
      .when(reset('p2'))
      .then([
        {
          type: 'PasswordReset',
          data: { userId: 'u1', requestId: 'req-p2', passwordHash: 'h1', at: now },
        },
      ]);
  });
  it('a reset link expires', () =>
    given([registered(), resetRequested('p1', later(30))])
      .when(reset('p1', later(31)))
      .thenRefuses('BAD_USER_INPUT', /expired/));
  it('changing the password voids reset links', () =>
    given([
      registered(),
      resetRequested('p1'),
      { type: 'PasswordChanged', data: { userId: 'u1', passwordHash: 'h2', at: now } },
    ])
      .when(reset('p1'))
      .thenRefuses('BAD_USER_INPUT', /already used/));
});

describe('account: two-factor authentication', () => {
  const base = [registered({ emailVerified: undefined })];
  it('enabling needs the pending set-up and records the confirming step', () => {
    given(base)
      .when({ type: 'EnableTwoFactor', setupId: 's1', step: 100, recoveryCodeHashes: ['c0'], now })
      .thenRefuses('CONFLICT');
    given([...base, setupStarted])
      .when({ type: 'EnableTwoFactor', setupId: 's1', step: 100, recoveryCodeHashes: ['c0'], now })
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'enable', step: 100, at: now },
        },
        {
          type: 'TwoFactorEnabled',
          data: {
            userId: 'u1',
            setupId: 's1',
            secretSealed: 'sealed',
            recoveryCodeHashes: ['c0'],
            at: now,
          },
        },
      ]);
  });
  it('a set-up goes stale after 30 minutes', () =>
    given([...base, setupStarted])
      .when({
        type: 'EnableTwoFactor',
        setupId: 's1',
        step: 100,
        recoveryCodeHashes: [],
        now: later(31),
      })
      .thenRefuses('BAD_USER_INPUT', /start again/));
  it('sign-in needs a code once it is on', () =>
    given([...base, ...enabled])
      .when(signIn(null))
      .thenRefuses('UNAUTHENTICATED', /code/));
  it('accepts a later time step, refuses the same or an earlier one (no replay)', () => {
    given([...base, ...enabled])
      .when(signIn({ kind: 'totp', step: 101 }))
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'sign-in', step: 101, at: now },
        },
        signedIn,
      ]);
    given([...base, ...enabled])
      .when(signIn({ kind: 'totp', step: 100 }))
      .thenRefuses('BAD_USER_INPUT', /already used/);
    given([...base, ...enabled])
      .when(signIn({ kind: 'totp', step: 99 }))
      .thenRefuses('BAD_USER_INPUT', /already used/);
  });
  it('a recovery code works once', () => {
    const used: AccountStreamEvent = {
      type: 'SecondFactorVerified',
      data: { userId: 'u1', purpose: 'sign-in', recoveryCode: 1, at: now },
    };
    given([...base, ...enabled])
      .when(signIn({ kind: 'recovery', index: 1 }))
      .then([used, signedIn]);
    given([...base, ...enabled, used])
      .when(signIn({ kind: 'recovery', index: 1 }))
      .thenRefuses('BAD_USER_INPUT', /already used/);
  });
  it('disabling needs a fresh code', () => {
    given([...base, ...enabled])
      .when({ type: 'DisableTwoFactor', proof: { kind: 'totp', step: 102 }, now })
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'disable', step: 102, at: now },
        },
        { type: 'TwoFactorDisabled', data: { userId: 'u1', at: now } },
      ]);
    given([...base, ...enabled])
      .when({ type: 'DisableTwoFactor', proof: { kind: 'totp', step: 100 }, now })
      .thenRefuses('BAD_USER_INPUT');
    given(base)
      .when({ type: 'DisableTwoFactor', proof: { kind: 'totp', step: 100 }, now })
      .thenRefuses('BAD_USER_INPUT', /not on/);
  });
  it('staff must turn it on within the grace period, and at once after turning it off', () => {
    const staff = [registered({ role: 'admin', staffRole: 'support', emailVerified: undefined })];
    given(staff)
      .when(signIn(null, later(60 * 24 * 6)))
      .then([{ ...signedIn, data: { ...signedIn.data, at: later(60 * 24 * 6) } }]);
    given(staff)
      .when(signIn(null, later(60 * 24 * 7)))
      .thenRefuses('FORBIDDEN', /two-factor/);
    const off: AccountStreamEvent = {
      type: 'TwoFactorDisabled',
      data: { userId: 'u1', at: later(5) },
    };
    expect(twoFactorDeadline(fold(accountDecider, [...staff, ...enabled, off]), 7)).toBe(later(5));
    given([...staff, ...enabled, off])
      .when(signIn(null, later(6)))
      .thenRefuses('FORBIDDEN', /two-factor/);
    expect(twoFactorDeadline(fold(accountDecider, base), 7)).toBeNull();
  });
});

describe('account: two-factor reset by staff (lost phone)', () => {
  const base = [registered({ emailVerified: undefined })];
  const reset: AccountStreamEvent = {
    type: 'TwoFactorReset',
    data: {
      userId: 'u1',
      reason: 'lost phone, identity checked by call',
      resetBy: 'a1',
      at: later(5),
    },
  };
  const resetBy = (by: string, reason = 'lost phone, identity checked by call') => ({
    type: 'ResetTwoFactor' as const,
    reason,
    by,
    now: later(5),
  });

  it('turns it off naming who and why (reason trimmed)', () =>
    given([...base, ...enabled])
      .when(resetBy('a1', '  lost phone, identity checked by call '))
      .then([reset]));
  it('leaves no secret, no recovery codes and no pending set-up; the password alone signs in', () => {
    const state = fold(accountDecider, [...base, ...enabled, reset]);
    expect(state).toMatchObject({
      twoFactor: null,
      pendingSetup: null,
      twoFactorDisabledAt: later(5),
    });
    expect(recoveryCodesLeft(state)).toBe(0);
    given([...base, ...enabled, reset])
      .when(signIn(null))
      .then([signedIn]);
    given([...base, ...enabled, reset])
      .when(signIn({ kind: 'recovery', index: 0 }))
      .thenRefuses('BAD_USER_INPUT', /not on/);
  });
  it('can be turned on again with a new set-up', () => {
    const again: AccountStreamEvent = {
      type: 'TwoFactorSetupStarted',
      data: { userId: 'u1', setupId: 's2', secretSealed: 'sealed2', at: later(10) },
    };
    given([...base, ...enabled, reset, again])
      .when({
        type: 'EnableTwoFactor',
        setupId: 's2',
        step: 200,
        recoveryCodeHashes: ['d0'],
        now: later(11),
      })
      .then([
        {
          type: 'SecondFactorVerified',
          data: { userId: 'u1', purpose: 'enable', step: 200, at: later(11) },
        },
        {
          type: 'TwoFactorEnabled',
          data: {
            userId: 'u1',
            setupId: 's2',
            secretSealed: 'sealed2',
            recoveryCodeHashes: ['d0'],
            at: later(11),
          },
        },
      ]);
  });
  it('refuses an account without two-factor, one’s own account, and a missing reason', () => {
    given(base)
      .when(resetBy('a1'))
      .thenRefuses('CONFLICT', /not on/);
    given([...base, ...enabled, reset])
      .when(resetBy('a1'))
      .thenRefuses('CONFLICT', /not on/);
    given([...base, ...enabled])
      .when(resetBy('u1'))
      .thenRefuses('FORBIDDEN', /your own/);
    given([...base, ...enabled])
      .when(resetBy('a1', ' no '))
      .thenRefuses('BAD_USER_INPUT');
    given([...base, ...enabled])
      .when(resetBy('a1', 'x'.repeat(501)))
      .thenRefuses('BAD_USER_INPUT');
    given([]).when(resetBy('a1')).thenRefuses('NOT_FOUND');
  });
  it('staff whose two-factor was reset must set it up again at their next sign-in', () => {
    const staff = [
      registered({ role: 'admin', staffRole: 'support', emailVerified: undefined }),
      ...enabled,
      reset,
    ];
    expect(twoFactorDeadline(fold(accountDecider, staff), 7)).toBe(later(5));
    given(staff)
      .when(signIn(null, later(6)))
      .thenRefuses('FORBIDDEN', /two-factor/);
  });
});

describe('account: lock-out, profile, sessions', () => {
  it('a lock-out refuses sign-in until it ends, and is recorded once', () => {
    const locked: AccountStreamEvent = {
      type: 'AccountLockedOut',
      data: { userId: 'u1', failures: 100, until: later(60), at: now },
    };
    const base = [registered({ emailVerified: undefined }), locked];
    given(base)
      .when(signIn(null, later(59)))
      .thenRefuses('RATE_LIMITED');
    given(base)
      .when(signIn(null, later(61)))
      .then([{ ...signedIn, data: { ...signedIn.data, at: later(61) } }]);
    given(base)
      .when({ type: 'LockOut', failures: 101, until: later(60), now })
      .then([]);
  });
  it('a failure during a lock-out does not lock (and mail) again; one after it ends does', () => {
    const locked: AccountStreamEvent = {
      type: 'AccountLockedOut',
      data: { userId: 'u1', failures: 100, until: later(60), at: now },
    };
    const base = [registered({ emailVerified: undefined }), locked];
    given(base)
      .when({ type: 'LockOut', failures: 100, until: later(70), now: later(10) })
      .then([]);
    given(base)
      .when({ type: 'LockOut', failures: 100, until: later(121), now: later(61) })
      .then([
        {
          type: 'AccountLockedOut',
          data: { userId: 'u1', failures: 100, until: later(121), at: later(61) },
        },
      ]);
  });
  it('a known device signs in during a lock-out of unknown clients', () => {
    const locked: AccountStreamEvent = {
      type: 'AccountLockedOut',
      data: { userId: 'u1', failures: 100, until: later(60), at: now },
    };
    const base = [registered({ emailVerified: undefined }), locked];
    given(base)
      .when({ ...signIn(null, later(10)), knownDevice: true })
      .then([{ ...signedIn, data: { ...signedIn.data, at: later(10) } }]);
  });
  it('a profile with a GSTIN of another state, or a wrong check character, is refused naming the field', () => {
    const address = {
      line1: '12 MG Road',
      line2: null,
      city: 'Bengaluru',
      stateCode: '29',
      postalCode: '560001',
      country: 'IN',
    };
    const update = (gstin: string | null, over = {}) => ({
      type: 'UpdateProfile' as const,
      name: 'Asha',
      company: 'Asha Labs',
      phone: null,
      address: { ...address, ...over },
      gstin,
      now,
    });
    given([registered()])
      .when(update('27AAPFU0939F1ZV'))
      .thenRefuses('BAD_USER_INPUT', /registered in Maharashtra/);
    given([registered()])
      .when(update('27AAPFU0939F1ZA', { stateCode: '27', city: 'Pune', postalCode: '411001' }))
      .thenRefuses('BAD_USER_INPUT', /should be "V"/);
    given([registered()])
      .when(update(null, { stateCode: '25' }))
      .thenRefuses('BAD_USER_INPUT', /no longer used/);
    given([registered()])
      .when(update('27AAPFU0939F1ZV', { stateCode: '27', city: 'Pune', postalCode: '411001' }))
      .then([
        {
          type: 'ProfileUpdated',
          data: {
            userId: 'u1',
            name: 'Asha',
            company: 'Asha Labs',
            phone: null,
            address: { ...address, stateCode: '27', city: 'Pune', postalCode: '411001' },
            gstin: '27AAPFU0939F1ZV',
            at: now,
          },
        },
      ]);
  });
  it('a profile refusal lists every bad field at once', () => {
    let error: unknown;
    try {
      accountDecider.decide(
        {
          type: 'UpdateProfile',
          name: '',
          company: null,
          phone: 'call me',
          address: {
            line1: 'x',
            line2: null,
            city: 'y',
            stateCode: '27',
            postalCode: '01234',
            country: 'IN',
          },
          gstin: 'nonsense',
          now,
        },
        fold(accountDecider, [registered()]),
      );
    } catch (e) {
      error = e;
    }
    expect((error as DomainError).issues.map((i) => i.path.join('.'))).toEqual([
      'name',
      'phone',
      'address.postalCode',
      'gstin',
    ]);
  });
  it('a suspended account cannot sign in until reactivated', () => {
    const suspended: AccountStreamEvent = {
      type: 'UserSuspended',
      data: { userId: 'u1', reason: 'fraud check', suspendedBy: 'a1', at: now },
    };
    const reactivated: AccountStreamEvent = {
      type: 'UserReactivated',
      data: { userId: 'u1', reactivatedBy: 'a1', at: now },
    };
    given([registered({ emailVerified: undefined }), suspended])
      .when(signIn(null))
      .thenRefuses('FORBIDDEN', /suspended/);
    given([registered({ emailVerified: undefined }), suspended, reactivated])
      .when(signIn(null))
      .then([signedIn]);
  });
  it('ending no sessions records nothing', () =>
    given([registered()])
      .when({ type: 'EndSessions', sessionRefs: [], reason: 'signed-out-elsewhere', now })
      .then([]));
  it('an unknown account is not found', () =>
    given([]).when(signIn(null)).thenRefuses('NOT_FOUND'));
});

import { weakPasswordReason } from './password-policy.ts';

describe('password policy', () => {
  it('refuses common, repetitive, sequential and self-describing passwords', () => {
    expect(weakPasswordReason('Password1234')).toMatch(/common/);
    expect(weakPasswordReason('aaaaaaaaaaaaaaaa')).toMatch(/different characters/);
    expect(weakPasswordReason('abababababab')).toMatch(/different characters/);
    expect(weakPasswordReason('123456789012')).toMatch(/in order/);
    expect(weakPasswordReason('qwertyuiopasdf')).toMatch(/in order/);
    expect(weakPasswordReason('asha.verma-2026!', { email: 'asha.verma@example.com' })).toMatch(
      /email/,
    );
  });
  it('accepts long passphrases and multi-byte passwords', () => {
    expect(weakPasswordReason('correct horse battery staple')).toBeNull();
    expect(weakPasswordReason('₹'.repeat(30) + 'नमस्ते-1')).toBeNull();
    // One symbol sixty times is long but guessable: refused for that reason, not for its bytes.
    expect(weakPasswordReason('₹'.repeat(60))).toMatch(/different characters/);
    expect(weakPasswordReason('नमस्ते-दुनिया-2026')).toBeNull();
  });
});
