import { expect } from 'vitest';
import { totpCode } from '../../commands/identity/totp.ts';
import { cmd } from '../access/testing.ts';
import {
  input,
  ownOnly,
  SELF_SERVICE,
  SIGNED_OUT,
  stillSignedIn,
  TOKEN,
  type IsolationCase,
} from '../access/testing/isolation-kit.ts';
import { m, q, USERS_MANAGE, type MatrixRow } from '../access/testing/matrix-kit.ts';

/**
 * Sign-in, registration, passwords, two-factor, sessions, profiles and customers (identity.graphql, self-service.graphql): how each operation is kept
 * within the caller's tenant and account (isolation, graphql/access/isolation.int.test.ts) and
 * which roles may call it (matrix, graphql/access/permission-matrix.int.test.ts). Registered by
 * server/areas/identity.ts; a new operation in this area's SDL without both rows fails those suites.
 */
const signIn = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { next } }';

export const isolation: Record<string, IsolationCase> = {
  me: {
    why: 'the session’s user, only on its own tenant’s host',
    attempts: (w) => [
      { as: 'bOnA', query: '{ me { id } }', answers: (d) => expect(d.me).toBeNull() },
      {
        as: 'x',
        query: '{ me { id accountId } }',
        answers: (d) => expect(d.me).toEqual({ id: w.x.id, accountId: w.x.id }),
      },
    ],
  },
  brand: {
    why: 'the brand of the host asked, whatever the cookie',
    attempts: () => [
      {
        as: 'bOnA',
        query: '{ brand { tenantId } }',
        answers: (d) => expect(d.brand.tenantId).toBe('akashone'),
      },
    ],
  },
  customers: {
    why: 'row-level security shows the tenant’s own customers',
    attempts: () => [
      {
        as: 'adminA',
        query: 'query($s: String) { customers(search: $s) { id } }',
        variables: { s: 'z@' },
        answers: (d) => expect(d.customers).toEqual([]),
      },
      { as: 'x', query: '{ customers { id } }', refused: ['FORBIDDEN'] },
    ],
  },
  signIn: {
    why: 'accounts are looked up within the host’s tenant: B’s credentials mean nothing on A’s host',
    attempts: (w) => [
      {
        as: 'anonymous',
        query: signIn,
        variables: { e: w.z.email, p: w.password },
        refused: ['UNAUTHENTICATED'],
      },
    ],
  },
  signOut: {
    why: 'ends only the session of this host’s cookie',
    attempts: () => [
      {
        as: 'bOnA',
        query: 'mutation { signOut }',
        answers: (d) => expect(d.signOut).toBe(true),
        after: stillSignedIn('B', (w) => w.adminB),
      },
    ],
  },
  profile: SELF_SERVICE('{ profile { email } }'),
  accountSecurity: SELF_SERVICE('{ accountSecurity { twoFactorEnabled } }'),
  mySessions: {
    why: 'the signed-in user’s own sessions',
    attempts: (w) => [
      { as: 'x', query: '{ mySessions { id } }', answers: ownOnly([w.sessionY, w.sessionZ]) },
      { as: 'zOnA', query: '{ mySessions { id } }', refused: SIGNED_OUT },
    ],
  },
  billingStates: {
    why: 'the GST state list; no object',
    attempts: () => [
      {
        as: 'bOnA',
        query: '{ billingStates { code } }',
        answers: (d) => expect(d.billingStates.length).toBeGreaterThan(30),
      },
    ],
  },
  register: {
    why: 'registers in the host’s tenant; an email used in another tenant is untouched there',
    attempts: (w) => [
      {
        as: 'anonymous',
        query: 'mutation($input: RegisterInput!) { register(input: $input) { email } }',
        variables: input(w, {
          email: w.z.email,
          name: 'Z again',
          password: 'another-long-password',
        }),
        answers: () => {},
      },
    ],
  },
  verifyEmail: {
    why: 'a link of another tenant does not work on this host',
    attempts: (w) => [
      {
        as: 'anonymous',
        query: 'mutation($t: String!) { verifyEmail(token: $t) { email } }',
        variables: { t: w.verifyTokenB },
        refused: TOKEN,
      },
    ],
  },
  resendVerificationEmail: {
    why: 'looks the email up in the host’s tenant; the same answer either way',
    attempts: () => [
      {
        as: 'anonymous',
        query: 'mutation($e: String!) { resendVerificationEmail(email: $e) { email } }',
        variables: { e: 'w@example.com' },
        answers: () => {},
      },
    ],
  },
  requestPasswordReset: {
    why: 'looks the email up in the host’s tenant; the same answer either way',
    attempts: (w) => [
      {
        as: 'anonymous',
        query: 'mutation($e: String!) { requestPasswordReset(email: $e) { email } }',
        variables: { e: w.z.email },
        answers: () => {},
      },
    ],
  },
  resetPassword: {
    why: 'a link of another tenant does not work on this host',
    attempts: (w) => [
      {
        as: 'anonymous',
        query:
          'mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) { email } }',
        variables: { t: w.resetTokenZ, p: 'taken-over-password-1' },
        refused: TOKEN,
      },
    ],
  },
  completeSignIn: {
    why: 'a challenge of another tenant does not work on this host, even with a right code',
    attempts: (w) => [
      {
        as: 'anonymous',
        query:
          'mutation($c: String!, $k: String!) { completeSignIn(challenge: $c, code: $k) { id } }',
        variables: { c: w.challengeZ, k: totpCode(w.totpSecretZ, new Date()) },
        refused: TOKEN,
      },
    ],
  },
  startHeldTwoFactorSetup: {
    why: 'a challenge of another tenant does not work on this host',
    attempts: (w) => [
      {
        as: 'anonymous',
        query: 'mutation($c: String!) { startHeldTwoFactorSetup(challenge: $c) { secret } }',
        variables: { c: w.challengeZ },
        refused: TOKEN,
      },
    ],
  },
  confirmHeldTwoFactorSetup: {
    why: 'a challenge of another tenant does not work on this host',
    attempts: (w) => [
      {
        as: 'anonymous',
        query:
          'mutation($c: String!, $k: String!) { confirmHeldTwoFactorSetup(challenge: $c, code: $k) { recoveryCodes } }',
        variables: { c: w.challengeZ, k: '123456' },
        refused: TOKEN,
      },
    ],
  },
  chooseNewPassword: {
    why: 'a challenge of another tenant (a password step or any other) does not work on this host',
    attempts: (w) => [
      {
        as: 'anonymous',
        query:
          'mutation($c: String!, $p: String!) { chooseNewPassword(challenge: $c, password: $p) { next } }',
        variables: { c: w.challengeZ, p: 'taken-over-password-1' },
        refused: TOKEN,
      },
    ],
  },
  changePassword: SELF_SERVICE(
    'mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }',
    {
      input: {
        commandId: cmd(),
        currentPassword: 'world-password-123',
        newPassword: 'taken-over-password-1',
      },
    },
  ),
  updateProfile: SELF_SERVICE(
    'mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }',
    { input: { commandId: cmd(), name: 'Taken Over' } },
  ),
  startTwoFactorSetup: SELF_SERVICE('mutation { startTwoFactorSetup { secret } }'),
  confirmTwoFactorSetup: SELF_SERVICE(
    'mutation($c: String!) { confirmTwoFactorSetup(code: $c) { recoveryCodes } }',
    { c: '123456' },
  ),
  disableTwoFactor: SELF_SERVICE(
    'mutation($p: String!, $c: String!) { disableTwoFactor(password: $p, code: $c) { id } }',
    { p: 'world-password-123', c: '123456' },
  ),
  regenerateRecoveryCodes: SELF_SERVICE(
    'mutation($c: String!) { regenerateRecoveryCodes(code: $c) { codes } }',
    { c: '123456' },
  ),
  signOutSession: {
    why: 'ends only the caller’s own sessions; another’s session id is not found',
    attempts: (w) => [
      {
        as: 'x',
        query: 'mutation($id: ID!) { signOutSession(id: $id) }',
        variables: { id: w.sessionY },
        refused: ['NOT_FOUND'],
        after: stillSignedIn('A', (w) => w.y),
      },
      {
        as: 'adminA',
        query: 'mutation($id: ID!) { signOutSession(id: $id) }',
        variables: { id: w.sessionZ },
        refused: ['NOT_FOUND'],
        after: stillSignedIn('B', (w) => w.z),
      },
    ],
  },
  signOutOtherSessions: {
    why: 'ends the caller’s own other sessions; another tenant’s session is not signed in here',
    attempts: () => [
      {
        as: 'zOnA',
        query: 'mutation { signOutOtherSessions }',
        refused: SIGNED_OUT,
        after: stillSignedIn('B', (w) => w.z),
      },
    ],
  },
};

export const matrix: Record<string, MatrixRow> = {
  me: { allowed: 'public', call: q('{ me { id } }') },
  brand: { allowed: 'public', call: q('{ brand { name } }') },
  customers: { allowed: USERS_MANAGE, call: q('{ customers { id } }') },
  signIn: {
    allowed: 'public',
    call: q(
      'mutation { signIn(email: "nobody@example.com", password: "not the password") { next } }',
    ),
  },
  signOut: { allowed: 'public', call: q('mutation { signOut }'), freshSession: true },
  profile: { allowed: 'signed-in', call: q('{ profile { email } }') },
  accountSecurity: { allowed: 'signed-in', call: q('{ accountSecurity { twoFactorEnabled } }') },
  mySessions: { allowed: 'signed-in', call: q('{ mySessions { id } }') },
  billingStates: { allowed: 'public', call: q('{ billingStates { code } }') },
  register: {
    allowed: 'public',
    call: (_w, r, n) => ({
      query: 'mutation($input: RegisterInput!) { register(input: $input) { email } }',
      variables: {
        input: {
          commandId: cmd(),
          email: `matrix-${r}-${n}@example.com`,
          name: 'M',
          password: 'matrix-password-123',
        },
      },
    }),
  },
  verifyEmail: {
    allowed: 'public',
    call: q('mutation { verifyEmail(token: "not-a-real-verification-token") { email } }'),
  },
  resendVerificationEmail: {
    allowed: 'public',
    call: q('mutation { resendVerificationEmail(email: "nobody@example.com") { email } }'),
  },
  requestPasswordReset: {
    allowed: 'public',
    call: q('mutation { requestPasswordReset(email: "nobody@example.com") { email } }'),
  },
  resetPassword: {
    allowed: 'public',
    call: q(
      'mutation { resetPassword(token: "not-a-real-reset-token", password: "matrix-password-123") { email } }',
    ),
  },
  completeSignIn: {
    allowed: 'public',
    call: q(
      'mutation { completeSignIn(challenge: "not-a-real-challenge", code: "123456") { id } }',
    ),
  },
  startHeldTwoFactorSetup: {
    allowed: 'public',
    call: q('mutation { startHeldTwoFactorSetup(challenge: "not-a-real-challenge") { secret } }'),
  },
  confirmHeldTwoFactorSetup: {
    allowed: 'public',
    call: q(
      'mutation { confirmHeldTwoFactorSetup(challenge: "not-a-real-challenge", code: "123456") { recoveryCodes } }',
    ),
  },
  chooseNewPassword: {
    allowed: 'public',
    call: q(
      'mutation { chooseNewPassword(challenge: "not-a-real-challenge", password: "a new long password") { next } }',
    ),
  },
  changePassword: {
    allowed: 'signed-in',
    call: m('changePassword', 'ChangePasswordInput', '{ id }', () => ({
      currentPassword: 'not-my-password-at-all',
      newPassword: 'matrix-password-456',
    })),
  },
  updateProfile: {
    allowed: 'signed-in',
    call: m('updateProfile', 'UpdateProfileInput', '{ name }', (_w, r) => ({
      name: `Matrix ${r}`,
    })),
  },
  startTwoFactorSetup: {
    allowed: 'signed-in',
    call: q('mutation { startTwoFactorSetup { secret } }'),
  },
  confirmTwoFactorSetup: {
    allowed: 'signed-in',
    call: q('mutation { confirmTwoFactorSetup(code: "000000") { recoveryCodes } }'),
  },
  disableTwoFactor: {
    allowed: 'signed-in',
    call: q(
      'mutation { disableTwoFactor(password: "not-my-password-at-all", code: "000000") { id } }',
    ),
  },
  regenerateRecoveryCodes: {
    allowed: 'signed-in',
    call: q('mutation { regenerateRecoveryCodes(code: "000000") { codes } }'),
  },
  signOutSession: {
    allowed: 'signed-in',
    call: q('mutation { signOutSession(id: "no-such-session") }'),
  },
  signOutOtherSessions: { allowed: 'signed-in', call: q('mutation { signOutOtherSessions }') },
};
