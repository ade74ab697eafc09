import type { Settings } from './config.ts';
import { loadOrCreateAccountKeys } from './secrets.ts';
import type { AccountDeps } from '../commands/identity/account-deps.ts';
import type { SignInDeps } from '../commands/identity/sign-in.ts';
import { PostgresChallenges } from '../integrations/identity/challenges-postgres.ts';
import { PostgresThrottle } from '../integrations/identity/throttle-postgres.ts';
import { permissions } from './areas/index.ts';

/** The accounts' dependencies: keys from DATA_DIR, the rules from settings, the auth tables. */
export async function accountDependencies(
  settings: Settings,
  base: SignInDeps,
  log?: AccountDeps['log'],
): Promise<AccountDeps> {
  return {
    ...base,
    keys: await loadOrCreateAccountKeys(settings.DATA_DIR),
    policy: {
      staffTwoFactorGraceDays: settings.STAFF_2FA_GRACE_DAYS,
      maxFailuresPerAccount: settings.AUTH_MAX_FAILURES_PER_ACCOUNT,
      maxFailuresPerAddress: settings.AUTH_MAX_FAILURES_PER_ADDRESS,
      lockoutMinutes: settings.AUTH_LOCKOUT_MINUTES,
      passwordResetMinutes: settings.PASSWORD_RESET_MINUTES,
      emailVerificationHours: settings.EMAIL_VERIFICATION_HOURS,
    },
    permissions,
    throttle: new PostgresThrottle(base.sql),
    challenges: new PostgresChallenges(base.sql),
    inFlight: new Set(),
    ...(log ? { log } : {}),
  };
}
