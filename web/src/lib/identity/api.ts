import { gql } from '$lib/graphql/client';
import type { DateTime } from '$lib/graphql/scalars';

export type Role = 'CUSTOMER' | 'ADMIN';

export interface Viewer {
  id: string;
  email: string;
  name: string;
  role: Role;
  tenantId: string;
}

export interface Brand {
  tenantId: string;
  name: string;
  tagline: string | null;
  primaryColor: string;
  supportEmail: string;
  companyName: string;
  features: string[];
}

export interface OutboxMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  status: string;
  queuedAt: DateTime;
  causedBy: string;
}

const viewerFields = 'id email name role tenantId';
const brandFields = 'tenantId name tagline primaryColor supportEmail companyName features';

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

export const SignInMutation = gql<{ signIn: Viewer }, { email: string; password: string }>(`
  mutation SignIn($email: String!, $password: String!) {
    signIn(email: $email, password: $password) { ${viewerFields} }
  }
`);

export const SignOutMutation = gql<{ signOut: boolean }, Record<string, never>>(`
  mutation SignOut { signOut }
`);

export const OutboxQuery = gql<{ outbox: OutboxMail[] }, { first?: number }>(`
  query Outbox($first: Int) {
    outbox(first: $first) { id to subject text status queuedAt causedBy }
  }
`);

/** Where each role starts. */
export function homeFor(role: Role): string {
  return role === 'ADMIN' ? '/admin' : '/';
}
