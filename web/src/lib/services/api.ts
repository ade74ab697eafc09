import * as ops from '$lib/graphql/generated/operations';
import type {
  CancellationWhen,
  ProvisioningModuleName,
  ServicePowerAction,
  ServiceStatus,
  SuspensionKind,
} from '$lib/graphql/generated/operations';

/*
 * Services (the rented servers): the customer's list and page, the admin's servers, the
 * Provision dialog, manual allocation and Settings → Provisioning. The operations live in
 * services.graphql; `npm run codegen` checks them against graphql/services/services.graphql.
 */
export type {
  AllocationPayment,
  CancellationWhen,
  ProvisioningModuleName,
  ServiceActionName,
  ServiceFilter,
  ServicePowerAction,
  ServiceStatus,
  SuspensionKind,
} from '$lib/graphql/generated/operations';

export type ServiceRow = ops.ServiceRowFieldsFragment;
export type ServiceDetail = ops.ServiceDetailFieldsFragment;
export type ServiceCredentials = ops.RevealServiceCredentialsMutation['revealServiceCredentials'];
export type ProvisioningSettings = ops.ProvisioningSettingsFieldsFragment;
export type CloudStackInventory = ops.CloudStackInventoryQuery['cloudStackInventory'];
export type AllocationCatalog = ops.AllocationCatalogQuery['catalog'];
export type AllocationCustomer = ops.AllocationCustomersQuery['users']['items'][number];

export const ServicesQuery = ops.ServicesDocument;
export const ServicesNeedingAttentionQuery = ops.ServicesNeedingAttentionDocument;
export const ServiceQuery = ops.ServiceDocument;
export const OrderServicesQuery = ops.OrderServicesDocument;
export const RevealServiceCredentialsMutation = ops.RevealServiceCredentialsDocument;
export const ProvisionServiceMutation = ops.ProvisionServiceDocument;
export const AllocateServerMutation = ops.AllocateServerDocument;
export const RetryProvisioningMutation = ops.RetryProvisioningDocument;
export const CancelServiceMutation = ops.CancelServiceDocument;
export const SuspendServiceMutation = ops.SuspendServiceDocument;
export const UnsuspendServiceMutation = ops.UnsuspendServiceDocument;
export const TerminateServiceMutation = ops.TerminateServiceDocument;
export const RequestCancellationMutation = ops.RequestCancellationDocument;
export const WithdrawCancellationMutation = ops.WithdrawCancellationDocument;
export const ServiceActionMutation = ops.ServiceActionDocument;
export const CreateSnapshotMutation = ops.CreateSnapshotDocument;
export const RevertSnapshotMutation = ops.RevertSnapshotDocument;
export const DeleteSnapshotMutation = ops.DeleteSnapshotDocument;
export const EditServiceMutation = ops.EditServiceDocument;
export const ChangeServiceDueDateMutation = ops.ChangeServiceDueDateDocument;
export const AllocationCustomersQuery = ops.AllocationCustomersDocument;
export const AllocationCatalogQuery = ops.AllocationCatalogDocument;
export const ProvisioningSettingsQuery = ops.ProvisioningSettingsDocument;
export const CloudStackInventoryQuery = ops.CloudStackInventoryDocument;
export const ConfigureCloudStackMutation = ops.ConfigureCloudStackDocument;
export const RemoveCloudStackMutation = ops.RemoveCloudStackDocument;
export const SetCloudStackMappingMutation = ops.SetCloudStackMappingDocument;
export const SetTerminationPolicyMutation = ops.SetTerminationPolicyDocument;

/** Staff permissions of the area (domain/services/permissions.ts). */
export const SERVICES_READ = 'services.read';
export const SERVICES_MANAGE = 'services.manage';
export const SERVICES_CREDENTIALS = 'services.credentials';
/** The account permission for credentials, actions, snapshots and cancellation requests. */
export const ACCOUNT_SERVICES = 'account.services';

export const serviceStatuses: readonly ServiceStatus[] = [
  'PENDING',
  'PROVISIONING',
  'PROVISIONING_FAILED',
  'ACTIVE',
  'SUSPENDED',
  'TERMINATED',
  'CANCELLED',
];

export const serviceStatusLabels: Record<ServiceStatus, string> = {
  PENDING: 'Being set up',
  PROVISIONING: 'Deploying',
  PROVISIONING_FAILED: 'Set-up failed',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  TERMINATED: 'Terminated',
  CANCELLED: 'Cancelled',
};

/** Staff read the statuses as they are; a waiting service is "Pending" for them. */
export const staffStatusLabels: Record<ServiceStatus, string> = {
  ...serviceStatusLabels,
  PENDING: 'Pending',
  PROVISIONING: 'Provisioning',
  PROVISIONING_FAILED: 'Provisioning failed',
};

export const statusTone: Record<
  ServiceStatus,
  'success' | 'warning' | 'secondary' | 'destructive' | 'default'
> = {
  PENDING: 'warning',
  PROVISIONING: 'default',
  PROVISIONING_FAILED: 'destructive',
  ACTIVE: 'success',
  SUSPENDED: 'warning',
  TERMINATED: 'secondary',
  CANCELLED: 'secondary',
};

export const moduleLabels: Record<ProvisioningModuleName, string> = {
  MANUAL: 'Manual',
  CLOUDSTACK: 'CloudStack',
};

export const suspensionLabels: Record<SuspensionKind, string> = {
  STAFF: 'by staff',
  NON_PAYMENT: 'for non-payment',
};

export const powerActionLabels: Record<ServicePowerAction, string> = {
  START: 'Start',
  STOP: 'Stop',
  REBOOT: 'Reboot',
  RESET_PASSWORD: 'Reset password',
};

/** What each power action does, for its confirmation. */
export const powerActionNotes: Record<ServicePowerAction, string> = {
  START: 'The server boots.',
  STOP: 'The server shuts down; it stays yours and is billed as before.',
  REBOOT: 'The server restarts. Open connections are dropped.',
  RESET_PASSWORD:
    'A new root password is set; the old one stops working. Reveal it again to read the new one.',
};

export const powerActions: readonly ServicePowerAction[] = [
  'START',
  'STOP',
  'REBOOT',
  'RESET_PASSWORD',
];

export const cancellationLabels: Record<CancellationWhen, string> = {
  END_OF_PERIOD: 'At the end of the period',
  IMMEDIATE: 'Immediately',
};

/** Whether a service may still change (not terminated or cancelled). */
export const isOpen = (s: { status: ServiceStatus }) =>
  s.status !== 'TERMINATED' && s.status !== 'CANCELLED';

/** Whether staff can provision it by hand now (the Provision dialog). */
export const awaitsProvisioning = (s: { status: ServiceStatus }) =>
  s.status === 'PENDING' || s.status === 'PROVISIONING_FAILED';

/** 'YYYY-MM-DD' as "15 Jan 2026" (a calendar day: no time zone shift). */
export function formatDay(ymd: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  if (!m) return ymd;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return new Intl.DateTimeFormat('en-IN', { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
}

/** Today in the viewer's calendar, 'YYYY-MM-DD'. */
export function todayLocal(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** IP addresses as typed: one per line or separated by commas or spaces. */
export function parseIpList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

export type PlanSpecs = ops.ServicePlanSpecsQuery['catalog']['plan']['specs'];
export const ServicePlanSpecsQuery = ops.ServicePlanSpecsDocument;
