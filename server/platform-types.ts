import type { Sql } from 'postgres';
import type { Settings } from './config.ts';
import type { EventStore } from '../eventstore/types.ts';
import type { ProjectionRunner } from '../projections/shared/runner.ts';
import type { WalletDeps } from '../commands/wallet/top-ups.ts';
import type { AccountDeps } from '../commands/identity/account-deps.ts';
import type { SessionStore } from '../commands/identity/sessions.ts';
import type { FileStorage } from '../integrations/storage/files.ts';

/** Everything the HTTP layer needs, built once by the composition root. */
export interface Platform {
  settings: Settings;
  /** Read models and sessions (owner connection). */
  sql: Sql;
  store: EventStore;
  projections: ProjectionRunner;
  wallet: WalletDeps;
  /** Accounts: sign-in, registration, passwords, two-factor, sessions (commands/identity). */
  identity: AccountDeps;
  sessions: SessionStore;
  files: FileStorage;
  /** How mail leaves: `configured` is false for the local mailbox (`mailbox`, one .eml per mail). */
  mail: { transport: string; configured: boolean; mailbox: string | null };
  /** Tenant id for a request's host name; the operator's when no tenant claims the host. */
  tenantForHost(host: string): Promise<string>;
  /** Drops the cached host → tenant answers (after a tenant is created or its hosts change). */
  forgetTenantHosts(): void;
}
