import { gql } from '$lib/graphql/client';
import type { DateTime } from '$lib/graphql/scalars';
import type { Viewer } from './api';

/** What comes after the password (see the API's SignInStep). */
export type SignInStep = 'DONE' | 'TOTP' | 'TOTP_SETUP' | 'PASSWORD_CHANGE' | 'VERIFY_EMAIL';

export interface SignInResult {
  next: SignInStep;
  viewer: Viewer | null;
  challenge: string | null;
  challengeExpiresAt: DateTime | null;
}

export interface TwoFactorSetup {
  secret: string;
  otpauthUri: string;
  qrCodeDataUrl: string;
  startedAt: DateTime;
}

export interface BillingAddress {
  line1: string;
  line2: string | null;
  city: string;
  stateCode: string;
  stateName: string;
  postalCode: string;
  country: string;
}

export interface Profile {
  name: string;
  email: string;
  company: string | null;
  phone: string | null;
  address: BillingAddress | null;
  gstin: string | null;
  updatedAt: DateTime | null;
}

export interface AccountSecurity {
  emailVerified: boolean;
  twoFactorEnabled: boolean;
  twoFactorEnabledAt: DateTime | null;
  recoveryCodesLeft: number;
  twoFactorRequiredBy: DateTime | null;
  passwordChangedAt: DateTime | null;
}

export interface AccountSession {
  id: string;
  current: boolean;
  device: string;
  ip: string | null;
  signedInAt: DateTime;
  lastSeenAt: DateTime;
  byStaff: boolean;
  /** Staff: a "log in as customer" session they started, and as whom. */
  impersonating: { id: string; name: string; email: string } | null;
}

const viewer = 'id email name role tenantId';
const setupFields = 'secret otpauthUri qrCodeDataUrl startedAt';
const profileFields =
  'name email company phone gstin updatedAt address { line1 line2 city stateCode stateName postalCode country }';

export const SignInStartMutation = gql<
  { signIn: SignInResult },
  { email: string; password: string }
>(`
  mutation SignInStart($email: String!, $password: String!) {
    signIn(email: $email, password: $password) { next challenge challengeExpiresAt viewer { ${viewer} } }
  }
`);

/** After PASSWORD_CHANGE: the staff member's own password instead of the initial one; answers the next step like signIn. */
export const ChooseNewPasswordMutation = gql<
  { chooseNewPassword: SignInResult },
  { challenge: string; password: string }
>(`
  mutation ChooseNewPassword($challenge: String!, $password: String!) {
    chooseNewPassword(challenge: $challenge, password: $password) { next challenge challengeExpiresAt viewer { ${viewer} } }
  }
`);

export const CompleteSignInMutation = gql<
  { completeSignIn: Viewer },
  { challenge: string; code: string }
>(`
  mutation CompleteSignIn($challenge: String!, $code: String!) { completeSignIn(challenge: $challenge, code: $code) { ${viewer} } }
`);

export const StartHeldSetupMutation = gql<
  { startHeldTwoFactorSetup: TwoFactorSetup },
  { challenge: string }
>(`
  mutation StartHeldSetup($challenge: String!) { startHeldTwoFactorSetup(challenge: $challenge) { ${setupFields} } }
`);

export const ConfirmHeldSetupMutation = gql<
  { confirmHeldTwoFactorSetup: { recoveryCodes: string[]; viewer: Viewer } },
  { challenge: string; code: string }
>(`
  mutation ConfirmHeldSetup($challenge: String!, $code: String!) {
    confirmHeldTwoFactorSetup(challenge: $challenge, code: $code) { recoveryCodes viewer { ${viewer} } }
  }
`);

export const RegisterMutation = gql<
  { register: { email: string } },
  { input: { commandId: string; email: string; name: string; password: string } }
>(`
  mutation Register($input: RegisterInput!) { register(input: $input) { email } }
`);

export const VerifyEmailMutation = gql<{ verifyEmail: { email: string } }, { token: string }>(`
  mutation VerifyEmail($token: String!) { verifyEmail(token: $token) { email } }
`);

export const ResendVerificationMutation = gql<
  { resendVerificationEmail: { email: string } },
  { email: string }
>(`
  mutation ResendVerification($email: String!) { resendVerificationEmail(email: $email) { email } }
`);

export const RequestPasswordResetMutation = gql<
  { requestPasswordReset: { email: string } },
  { email: string }
>(`
  mutation RequestPasswordReset($email: String!) { requestPasswordReset(email: $email) { email } }
`);

export const ResetPasswordMutation = gql<
  { resetPassword: { email: string } },
  { token: string; password: string }
>(`
  mutation ResetPassword($token: String!, $password: String!) { resetPassword(token: $token, password: $password) { email } }
`);

export const ProfileQuery = gql<
  { profile: Profile; billingStates: { code: string; name: string }[] },
  Record<string, never>
>(`
  query Profile { profile { ${profileFields} } billingStates { code name } }
`);

export interface ProfileInput {
  commandId: string;
  name: string;
  company: string | null;
  phone: string | null;
  address: {
    line1: string;
    line2: string | null;
    city: string;
    stateCode: string;
    postalCode: string;
    country: string;
  } | null;
  gstin: string | null;
}

export const UpdateProfileMutation = gql<{ updateProfile: Profile }, { input: ProfileInput }>(`
  mutation UpdateProfile($input: UpdateProfileInput!) { updateProfile(input: $input) { ${profileFields} } }
`);

export const SecurityQuery = gql<
  { accountSecurity: AccountSecurity; mySessions: AccountSession[] },
  Record<string, never>
>(`
  query Security {
    accountSecurity { emailVerified twoFactorEnabled twoFactorEnabledAt recoveryCodesLeft twoFactorRequiredBy passwordChangedAt }
    mySessions { id current device ip signedInAt lastSeenAt byStaff impersonating { id name email } }
  }
`);

export const StartSetupMutation = gql<
  { startTwoFactorSetup: TwoFactorSetup },
  Record<string, never>
>(`
  mutation StartSetup { startTwoFactorSetup { ${setupFields} } }
`);

export const ConfirmSetupMutation = gql<
  { confirmTwoFactorSetup: { recoveryCodes: string[] } },
  { code: string }
>(`
  mutation ConfirmSetup($code: String!) { confirmTwoFactorSetup(code: $code) { recoveryCodes } }
`);

export const DisableTwoFactorMutation = gql<
  { disableTwoFactor: { id: string } },
  { password: string; code: string }
>(`
  mutation DisableTwoFactor($password: String!, $code: String!) { disableTwoFactor(password: $password, code: $code) { id } }
`);

export const RegenerateRecoveryCodesMutation = gql<
  { regenerateRecoveryCodes: { codes: string[] } },
  { code: string }
>(`
  mutation RegenerateRecoveryCodes($code: String!) { regenerateRecoveryCodes(code: $code) { codes } }
`);

export const ChangePasswordMutation = gql<
  { changePassword: { id: string } },
  { input: { commandId: string; currentPassword: string; newPassword: string } }
>(`
  mutation ChangePassword($input: ChangePasswordInput!) { changePassword(input: $input) { id } }
`);

export const SignOutSessionMutation = gql<{ signOutSession: boolean }, { id: string }>(`
  mutation SignOutSession($id: ID!) { signOutSession(id: $id) }
`);

export const SignOutOtherSessionsMutation = gql<
  { signOutOtherSessions: number },
  Record<string, never>
>(`
  mutation SignOutOtherSessions { signOutOtherSessions }
`);

/** Passwords: what the API accepts (12–128 characters, any script), said before it refuses. */
export const PASSWORD_HINT =
  'At least 12 characters. A few words you will remember work well; any language is fine.';
