import * as ops from '$lib/graphql/generated/operations';
import type { Role } from '$lib/graphql/generated/operations';

/*
 * Identity's operations live in identity.graphql; `npm run codegen` checks them against the SDL
 * and writes their typed documents. The types below are their results.
 */
export type { Role } from '$lib/graphql/generated/operations';

/**
 * Who is signed in: staff have their role and permissions (the sidebar follows them); customers
 * the account they act for and what they may do on it; `impersonator` is set while an admin acts
 * as the customer; `twoFactorRequiredBy`: staff without two-factor authentication must set it up
 * from then on.
 */
export type Viewer = ops.ViewerFieldsFragment;
export type Brand = ops.BrandFieldsFragment;

/** Who is signed in (null when nobody) and the brand of this host, in one round trip. */
export const SessionQuery = ops.SessionDocument;
export const BrandQuery = ops.BrandDocument;
export const MeQuery = ops.MeDocument;

/** Signing in has steps (password, then a code): see SignInStartMutation in ./account-api. */

export const SignOutMutation = ops.SignOutDocument;

/** Where each role starts. */
export function homeFor(role: Role): string {
  return role === 'ADMIN' ? '/admin' : '/';
}
