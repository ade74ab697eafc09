import { expect } from 'vitest';
import { totpCode } from '../../commands/identity/totp.ts';
import { cmd } from './testing.ts';
import { input, SELF_SERVICE, SIGNED_OUT, stillSignedIn, TOKEN, type IsolationCase } from './isolation-kit.ts';

/** Sign-in, registration, passwords, two-factor and sessions (graphql/identity). */
export function accountMutationCases(): Record<string, IsolationCase> {
  const signIn = 'mutation($e: String!, $p: String!) { signIn(email: $e, password: $p) { next } }';
  return {
    signIn: {
      why: 'accounts are looked up within the host’s tenant: B’s credentials mean nothing on A’s host',
      attempts: (w) => [{ as: 'anonymous', query: signIn, variables: { e: w.z.email, p: w.password }, refused: ['UNAUTHENTICATED'] }],
    },
    signOut: {
      why: 'ends only the session of this host’s cookie',
      attempts: () => [{ as: 'bOnA', query: 'mutation { signOut }', answers: (d) => expect(d.signOut).toBe(true), after: stillSignedIn('B', (w) => w.adminB) }],
    },
    register: {
      why: 'registers in the host’s tenant; an email used in another tenant is untouched there',
      attempts: (w) => [{ as: 'anonymous', query: 'mutation($input: RegisterInput!) { register(input: $input) { email } }', variables: input(w, { email: w.z.email, name: 'Z again', password: 'another-long-password' }), answers: () => {} }],
    },
    verifyEmail: {
      why: 'a link of another tenant does not work on this host',
      attempts: (w) => [{ as: 'anonymous', query: 'mutation($t: String!) { verifyEmail(token: $t) { email } }', variables: { t: w.verifyTokenB }, refused: TOKEN }],
    },
    resendVerificationEmail: {
      why: 'looks the email up in the host’s tenant; the same answer either way',
      attempts: () => [{ as: 'anonymous', query: 'mutation($e: String!) { resendVerificationEmail(email: $e) { email } }', variables: { e: 'w@example.com' }, answers: () => {} }],
    },
    requestPasswordReset: {
      why: 'looks the email up in the host’s tenant; the same answer either way',
      attempts: (w) => [{ as: 'anonymous', query: 'mutation($e: String!) { requestPasswordReset(email: $e) { email } }', variables: { e: w.z.email }, answers: () => {} }],
    },
    resetPassword: {
      why: 'a link of another tenant does not work on this host',
      attempts: (w) => [{ as: 'anonymous', query: 'mutation($t: String!, $p: String!) { resetPassword(token: $t, password: $p) { email } }', variables: { t: w.resetTokenZ, p: 'taken-over-password-1' }, refused: TOKEN }],
    },
    completeSignIn: {
      why: 'a challenge of another tenant does not work on this host, even with a right code',
      attempts: (w) => [{ as: 'anonymous', query: 'mutation($c: String!, $k: String!) { completeSignIn(challenge: $c, code: $k) { id } }', variables: { c: w.challengeZ, k: totpCode(w.totpSecretZ, new Date()) }, refused: TOKEN }],
    },
    startHeldTwoFactorSetup: {
      why: 'a challenge of another tenant does not work on this host',
      attempts: (w) => [{ as: 'anonymous', query: 'mutation($c: String!) { startHeldTwoFactorSetup(challenge: $c) { secret } }', variables: { c: w.challengeZ }, refused: TOKEN }],
    },
    confirmHeldTwoFactorSetup: {
      why: 'a challenge of another tenant does not work on this host',
      attempts: (w) => [{ as: 'anonymous', query: 'mutation($c: String!, $k: String!) { confirmHeldTwoFactorSetup(challenge: $c, code: $k) { recoveryCodes } }', variables: { c: w.challengeZ, k: '123456' }, refused: TOKEN }],
    },
    chooseNewPassword: {
      why: 'a challenge of another tenant (a password step or any other) does not work on this host',
      attempts: (w) => [{ as: 'anonymous', query: 'mutation($c: String!, $p: String!) { chooseNewPassword(challenge: $c, password: $p) { next } }', variables: { c: w.challengeZ, p: 'taken-over-password-1' }, refused: TOKEN }],
    },
    changePassword: SELF_SERVICE('mutation($input: ChangePasswordInput!) { changePassword(input: $input) { id } }', { input: { commandId: cmd(), currentPassword: 'world-password-123', newPassword: 'taken-over-password-1' } }),
    updateProfile: SELF_SERVICE('mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }', { input: { commandId: cmd(), name: 'Taken Over' } }),
    startTwoFactorSetup: SELF_SERVICE('mutation { startTwoFactorSetup { secret } }'),
    confirmTwoFactorSetup: SELF_SERVICE('mutation($c: String!) { confirmTwoFactorSetup(code: $c) { recoveryCodes } }', { c: '123456' }),
    disableTwoFactor: SELF_SERVICE('mutation($p: String!, $c: String!) { disableTwoFactor(password: $p, code: $c) { id } }', { p: 'world-password-123', c: '123456' }),
    regenerateRecoveryCodes: SELF_SERVICE('mutation($c: String!) { regenerateRecoveryCodes(code: $c) { codes } }', { c: '123456' }),
    signOutSession: {
      why: 'ends only the caller’s own sessions; another’s session id is not found',
      attempts: (w) => [
        { as: 'x', query: 'mutation($id: ID!) { signOutSession(id: $id) }', variables: { id: w.sessionY }, refused: ['NOT_FOUND'], after: stillSignedIn('A', (w) => w.y) },
        { as: 'adminA', query: 'mutation($id: ID!) { signOutSession(id: $id) }', variables: { id: w.sessionZ }, refused: ['NOT_FOUND'], after: stillSignedIn('B', (w) => w.z) },
      ],
    },
    signOutOtherSessions: {
      why: 'ends the caller’s own other sessions; another tenant’s session is not signed in here',
      attempts: () => [{ as: 'zOnA', query: 'mutation { signOutOtherSessions }', refused: SIGNED_OUT, after: stillSignedIn('B', (w) => w.z) }],
    },
  };
}
