import type { TestMailPort } from '../commands/tenancy/mail-settings.ts';
import type { Sql } from 'postgres';
import type { EventStore } from '../eventstore/types.ts';
import type { ProjectionRunner } from '../projections/shared/runner.ts';
import type { WalletDeps } from '../commands/wallet/top-ups.ts';
import type { FileStorage } from '../commands/wallet/file-storage.ts';
import type { AccountDeps } from '../commands/identity/account-deps.ts';
import type { SessionStore } from '../commands/identity/sessions.ts';
import type { ServicePorts } from '../commands/services/module-port.ts';
import type { AutomationPorts } from '../commands/automation/ports.ts';

/**
 * The settings GraphQL reads (server/config.ts validates them all). Named here so graphql/
 * does not import server/: the composition root's Settings has these and more.
 */
export interface GraphqlSettings {
  NODE_ENV: string;
  /** Read your writes: how long a mutation waits for the read models. */
  PROJECTION_WAIT_MS: number;
  MAX_UPLOAD_BYTES: number;
  /** Public origins of tenant domains, for mailed links (domain/tenancy/public-url.ts). */
  PUBLIC_BASE_URLS: readonly string[];
  PORT: number;
}

/**
 * What GraphQL needs from the platform. The composition root (server/platform.ts) builds one
 * and hands it in; server/platform-types.ts widens it with what only the HTTP routes use.
 */
export interface Platform {
  settings: GraphqlSettings;
  /** Read models and sessions (owner connection). */
  sql: Sql;
  store: EventStore;
  projections: ProjectionRunner;
  wallet: WalletDeps;
  /** Accounts: sign-in, registration, passwords, two-factor, sessions (commands/identity). */
  identity: AccountDeps;
  sessions: SessionStore;
  files: FileStorage;
  /** Provisioning modules, the CloudStack probe and the credentials' seal key (commands/services). */
  services: ServicePorts;
  /** Billing automation: the scheduler's facts (read models) and the lock across app processes. */
  automation: AutomationPorts;
  /** How mail leaves: `configured` is false for the local mailbox (`mailbox`, one .eml per mail). */
  mail: {
    transport: string;
    configured: boolean;
    mailbox: string | null;
    /** Delivers a test mail through a tenant's chosen transport (Admin → Settings → Mail). */
    test?: TestMailPort;
  };
  /**
   * Tenant id for a request's host name: the tenant claiming it, the operator's for localhost,
   * 127.0.0.1 and [::1] when none does, null for any other host (no site is configured there).
   */
  tenantForHost(host: string): Promise<string | null>;
  /** Drops the cached host → tenant answers (after a tenant is created or its hosts change). */
  forgetTenantHosts(): void;
}
