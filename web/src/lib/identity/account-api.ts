import * as ops from '$lib/graphql/generated/operations';

/*
 * Sign-in steps, registration, passwords, the profile and security: their operations live in
 * identity.graphql (`npm run codegen` writes the typed documents); the types are their results.
 */
/** What comes after the password (see the API's SignInStep), and who signed in when it is DONE. */
export type SignInResult = ops.SignInStepFieldsFragment;
/** Who signed in, as far as a sign-in step says (the session query reads the rest). */
export type SignedInViewer = ops.SignedInViewerFragment;
export type TwoFactorSetup = ops.TwoFactorSetupFieldsFragment;
export type Profile = ops.ProfileFieldsFragment;
export type AccountSecurity = ops.SecurityQuery['accountSecurity'];
/** One of the viewer's sessions; staff: `impersonating` names the customer of a "log in as customer" session. */
export type AccountSession = ops.SecurityQuery['mySessions'][number];

export const SignInStartMutation = ops.SignInStartDocument;
/** After PASSWORD_CHANGE: the staff member's own password instead of the initial one; answers the next step like signIn. */
export const ChooseNewPasswordMutation = ops.ChooseNewPasswordDocument;
export const CompleteSignInMutation = ops.CompleteSignInDocument;
export const StartHeldSetupMutation = ops.StartHeldSetupDocument;
export const ConfirmHeldSetupMutation = ops.ConfirmHeldSetupDocument;

export const RegisterMutation = ops.RegisterDocument;
export const VerifyEmailMutation = ops.VerifyEmailDocument;
export const ResendVerificationMutation = ops.ResendVerificationDocument;
export const RequestPasswordResetMutation = ops.RequestPasswordResetDocument;
export const ResetPasswordMutation = ops.ResetPasswordDocument;
export const ChangePasswordMutation = ops.ChangePasswordDocument;

export const ProfileQuery = ops.ProfileDocument;
export const UpdateProfileMutation = ops.UpdateProfileDocument;

export const SecurityQuery = ops.SecurityDocument;
export const StartSetupMutation = ops.StartSetupDocument;
export const ConfirmSetupMutation = ops.ConfirmSetupDocument;
export const DisableTwoFactorMutation = ops.DisableTwoFactorDocument;
export const RegenerateRecoveryCodesMutation = ops.RegenerateRecoveryCodesDocument;
export const SignOutSessionMutation = ops.SignOutSessionDocument;
export const SignOutOtherSessionsMutation = ops.SignOutOtherSessionsDocument;

/** Passwords: what the API accepts (12–128 characters, any script), said before it refuses. */
export const PASSWORD_HINT =
  'At least 12 characters. A few words you will remember work well; any language is fine.';
