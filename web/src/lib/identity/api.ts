import { gql } from '$lib/graphql/client';
import type { DateTime } from '$lib/graphql/scalars';

export type Role = 'CUSTOMER' | 'ADMIN';

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
  tenantId: string;
  /** Staff: system role name or custom role id. */
  staffRole?: string | null;
  /** Staff: what they may do, e.g. `users.manage` (the sidebar follows it). */
  permissions?: string[];
  /** Customers: the account they act for and what they may do on it (`account.team`, ...). */
  accountId?: string | null;
  accountRole?: string | null;
  accountPermissions?: string[];
  /** Set while an admin acts as this customer. */
  impersonator?: { id: string; name: string; email: string } | null;
  /** Staff without two-factor authentication: from then on sign-in requires setting it up. */
  twoFactorRequiredBy?: string | null;
}

export interface Brand {
  tenantId: string;
  name: string;
  tagline: string | null;
  primaryColor: string;
  supportEmail: string;
  companyName: string;
  features: string[];
  logoUrl?: string | null;
  accentColor?: string | null;
}

/** A mail as staff see it: `text` has every link with a token and every password hidden. */
export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  /** The template, e.g. reset-password. */
  kind: string;
  text: string;
  status: string;
  queuedAt: DateTime;
  sentAt: DateTime | null;
  /** How it left, e.g. mailbox (an .eml file on the server: no mail service set up). */
  sentVia: string | null;
  causedBy: string;
}

const viewerFields =
  'id email name role tenantId staffRole permissions accountId accountRole accountPermissions impersonator { id name email } twoFactorRequiredBy';
const brandFields =
  'tenantId name tagline primaryColor supportEmail companyName features logoUrl accentColor';

/** Who is signed in (null when nobody) and the brand of this host, in one round trip. */
export const SessionQuery = gql<{ me: Viewer | null; brand: Brand }, Record<string, never>>(`
  query Session {
    me { ${viewerFields} }
    brand { ${brandFields} }
  }
`);

export const BrandQuery = gql<{ brand: Brand }, Record<string, never>>(`
  query Brand { brand { ${brandFields} } }
`);

export const MeQuery = gql<{ me: Viewer | null }, Record<string, never>>(`
  query Me { me { ${viewerFields} } }
`);

/** Signing in has steps (password, then a code): see SignInStartMutation in ./account-api. */

export const SignOutMutation = gql<{ signOut: boolean }, Record<string, never>>(`
  mutation SignOut { signOut }
`);

export const OutboxQuery = gql<{ outbox: OutboxMail[] }, { first?: number }>(`
  query Outbox($first: Int) {
    outbox(first: $first) { id to subject kind text status queuedAt sentAt sentVia causedBy }
  }
`);

/** Where each role starts. */
export function homeFor(role: Role): string {
  return role === 'ADMIN' ? '/admin' : '/';
}
