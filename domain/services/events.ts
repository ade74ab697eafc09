/**
 * A service: the rented server. One stream per service, `service-<serviceId>`.
 *
 * Lifecycle (BILLING.md): ServiceCreated (PENDING: paid, waiting to be provisioned; a MANUAL
 * service waits for staff's Provision dialog) → ProvisioningStarted (PROVISIONING: a module is
 * deploying it) → ServiceProvisioned (ACTIVE) or ProvisioningFailed (PROVISIONING_FAILED; with a
 * `retryAt` the fulfilment process retries after 1, 10 and 60 minutes; without one it needs
 * attention: staff retry, provision by hand, or cancel it with a credit note). ACTIVE ⇄
 * SUSPENDED (by staff, or for non-payment) → TERMINATED. A service never provisioned ends
 * CANCELLED. Every state a person sees was confirmed by the module first: the commands call the
 * module, then write the event.
 *
 * Credentials (SSH and control-panel passwords) are sealed (AES-256-GCM, bound to the service
 * id) in the events that set them; reading them is a command that writes
 * ServiceCredentialsRevealed (who, when), so every reveal is in the service's history.
 *
 * Dates: `periodStart`, `nextDueDate` are 'YYYY-MM-DD' in India; due dates follow `anchorDay`
 * (the day of month the service was first paid), clamped at month end, never drifting
 * (domain/services/due-dates.ts).
 */
import type { DomainEvent } from '../shared/decider.ts';
import type { BillingCycle, PlanKind } from '../catalog/events.ts';

export const SERVICE_STATUSES = [
  'PENDING',
  'PROVISIONING',
  'PROVISIONING_FAILED',
  'ACTIVE',
  'SUSPENDED',
  'TERMINATED',
  'CANCELLED',
] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export type ModuleName = 'MANUAL' | 'CLOUDSTACK';

/** What a customer (with account.services) or staff may do on a running server, where its module can. */
export const SERVICE_ACTIONS = ['START', 'STOP', 'REBOOT', 'RESET_PASSWORD'] as const;
export type ServiceAction = (typeof SERVICE_ACTIONS)[number] | 'SNAPSHOTS';

/** Where the service came from: an order's item, or staff's manual allocation (with its paid invoice). */
export type ServiceOrigin =
  | { kind: 'ORDER'; orderId: string; itemNo: number; invoiceId: string }
  | { kind: 'ALLOCATION'; invoiceId: string };

export type ServiceAddon = { addonId: string; name: string; quantity: number; recurring: boolean };

/** SSH access; the password sealed (`v1.<iv>.<tag>.<ciphertext>`, context = serviceId). */
export type SshAccess = { username: string; port: number; passwordSealed: string | null };
export type ControlPanelAccess = { url: string; username: string; passwordSealed: string | null };

export type ProvisioningError = { code: string; message: string; retryable: boolean };

export type SuspensionKind = 'STAFF' | 'NON_PAYMENT';
export type CancellationWhen = 'END_OF_PERIOD' | 'IMMEDIATE';

export type ServiceCreated = DomainEvent<
  'ServiceCreated',
  {
    tenantId: string;
    serviceId: string;
    customerId: string;
    origin: ServiceOrigin;
    planId: string | null;
    planName: string;
    planKind: PlanKind;
    cycle: BillingCycle;
    months: number;
    /** Before tax, per cycle: plan + recurring add-ons + OS licence (no setup fee, no one-time add-ons). */
    recurringAmount: string;
    addons: ServiceAddon[];
    dataCentreId: string | null;
    dataCentreName: string;
    operatingSystemId: string | null;
    operatingSystemName: string;
    hostname: string;
    module: ModuleName;
    /** An add-on of the order is a control panel (cPanel, Plesk, …): the Provision dialog asks for its login. */
    hasControlPanel: boolean;
    periodStart: string;
    nextDueDate: string;
    anchorDay: number;
    createdAt: string;
  }
>;
export type ProvisioningStarted = DomainEvent<
  'ProvisioningStarted',
  {
    tenantId: string;
    serviceId: string;
    /** 1 for the first deploy, then each retry. */
    attempt: number;
    /** Staff who retried it by hand; null when the fulfilment process started it. */
    startedBy: string | null;
    startedAt: string;
  }
>;
/** The module accepted the deploy: a restarted worker resumes this job instead of deploying again. */
export type ProvisioningJobAccepted = DomainEvent<
  'ProvisioningJobAccepted',
  {
    tenantId: string;
    serviceId: string;
    attempt: number;
    vmId: string;
    jobId: string | null;
    acceptedAt: string;
  }
>;
export type ProvisioningFailed = DomainEvent<
  'ProvisioningFailed',
  {
    tenantId: string;
    serviceId: string;
    attempt: number;
    error: ProvisioningError;
    /** When the fulfilment process tries again; null: it needs attention (staff). */
    retryAt: string | null;
    failedAt: string;
  }
>;
export type ServiceProvisioned = DomainEvent<
  'ServiceProvisioned',
  {
    tenantId: string;
    serviceId: string;
    customerId: string;
    /** MODULE: the module confirmed it; STAFF: entered in the Provision dialog or a manual allocation. */
    by: 'MODULE' | 'STAFF';
    provisionedBy: string | null;
    vmId: string | null;
    hostname: string;
    ipAddresses: string[];
    ssh: SshAccess;
    controlPanel: ControlPanelAccess | null;
    /** Staff's notes (visible to staff only). */
    notes: string;
    /** Send the welcome mail (a sign-in link to the service page; never the credentials). */
    sendEmail: boolean;
    provisionedAt: string;
  }
>;
export type ServiceCredentialsRevealed = DomainEvent<
  'ServiceCredentialsRevealed',
  {
    tenantId: string;
    serviceId: string;
    revealedBy: string;
    /** CUSTOMER: the owner or a team member with account.services; STAFF: services.credentials. */
    as: 'CUSTOMER' | 'STAFF';
    /** The admin impersonating the customer, if any. */
    impersonatedBy: string | null;
    revealedAt: string;
  }
>;
export type ServiceActionPerformed = DomainEvent<
  'ServiceActionPerformed',
  {
    tenantId: string;
    serviceId: string;
    action: 'START' | 'STOP' | 'REBOOT';
    performedBy: string;
    performedAt: string;
  }
>;
export type ServicePasswordReset = DomainEvent<
  'ServicePasswordReset',
  {
    tenantId: string;
    serviceId: string;
    passwordSealed: string;
    resetBy: string;
    resetAt: string;
  }
>;
export type ServiceSnapshotCreated = DomainEvent<
  'ServiceSnapshotCreated',
  {
    tenantId: string;
    serviceId: string;
    snapshotId: string;
    name: string;
    createdBy: string;
    createdAt: string;
  }
>;
export type ServiceSnapshotReverted = DomainEvent<
  'ServiceSnapshotReverted',
  {
    tenantId: string;
    serviceId: string;
    snapshotId: string;
    revertedBy: string;
    revertedAt: string;
  }
>;
export type ServiceSnapshotDeleted = DomainEvent<
  'ServiceSnapshotDeleted',
  { tenantId: string; serviceId: string; snapshotId: string; deletedBy: string; deletedAt: string }
>;
export type ServiceSuspended = DomainEvent<
  'ServiceSuspended',
  {
    tenantId: string;
    serviceId: string;
    kind: SuspensionKind;
    reason: string;
    /** Null when the dunning process suspended it. */
    suspendedBy: string | null;
    suspendedAt: string;
  }
>;
export type ServiceUnsuspended = DomainEvent<
  'ServiceUnsuspended',
  {
    tenantId: string;
    serviceId: string;
    reason: string;
    unsuspendedBy: string | null;
    unsuspendedAt: string;
  }
>;
export type ServiceTerminated = DomainEvent<
  'ServiceTerminated',
  {
    tenantId: string;
    serviceId: string;
    reason: string;
    terminatedBy: string | null;
    /** The snapshot taken before destroying the VM when the tenant's setting asks for one. */
    finalSnapshotId: string | null;
    terminatedAt: string;
  }
>;
export type ServiceCancellationRequested = DomainEvent<
  'ServiceCancellationRequested',
  {
    tenantId: string;
    serviceId: string;
    when: CancellationWhen;
    reason: string;
    requestedBy: string;
    /** END_OF_PERIOD: the next due date (the service runs until then and is not renewed). */
    effectiveOn: string;
    requestedAt: string;
  }
>;
export type ServiceCancellationWithdrawn = DomainEvent<
  'ServiceCancellationWithdrawn',
  { tenantId: string; serviceId: string; withdrawnBy: string; withdrawnAt: string }
>;
/** A service that never ran ends here; `creditToWallet`: the fulfilment process credits its order lines back. */
export type ServiceCancelled = DomainEvent<
  'ServiceCancelled',
  {
    tenantId: string;
    serviceId: string;
    customerId: string;
    origin: ServiceOrigin;
    reason: string;
    cancelledBy: string | null;
    creditToWallet: boolean;
    cancelledAt: string;
  }
>;
export type ServiceDetailsEdited = DomainEvent<
  'ServiceDetailsEdited',
  {
    tenantId: string;
    serviceId: string;
    /** Only the fields that changed, with their new values. */
    changes: {
      hostname?: string;
      ipAddresses?: string[];
      notes?: string;
      ssh?: SshAccess;
      controlPanel?: ControlPanelAccess | null;
    };
    editedBy: string;
    editedAt: string;
  }
>;
export type ServiceDueDateChanged = DomainEvent<
  'ServiceDueDateChanged',
  {
    tenantId: string;
    serviceId: string;
    from: string;
    to: string;
    reason: string;
    changedBy: string;
    changedAt: string;
  }
>;

export type ServiceEvent =
  | ServiceCreated
  | ProvisioningStarted
  | ProvisioningJobAccepted
  | ProvisioningFailed
  | ServiceProvisioned
  | ServiceCredentialsRevealed
  | ServiceActionPerformed
  | ServicePasswordReset
  | ServiceSnapshotCreated
  | ServiceSnapshotReverted
  | ServiceSnapshotDeleted
  | ServiceSuspended
  | ServiceUnsuspended
  | ServiceTerminated
  | ServiceCancellationRequested
  | ServiceCancellationWithdrawn
  | ServiceCancelled
  | ServiceDetailsEdited
  | ServiceDueDateChanged;

export const serviceEventTypes = [
  'ServiceCreated',
  'ProvisioningStarted',
  'ProvisioningJobAccepted',
  'ProvisioningFailed',
  'ServiceProvisioned',
  'ServiceCredentialsRevealed',
  'ServiceActionPerformed',
  'ServicePasswordReset',
  'ServiceSnapshotCreated',
  'ServiceSnapshotReverted',
  'ServiceSnapshotDeleted',
  'ServiceSuspended',
  'ServiceUnsuspended',
  'ServiceTerminated',
  'ServiceCancellationRequested',
  'ServiceCancellationWithdrawn',
  'ServiceCancelled',
  'ServiceDetailsEdited',
  'ServiceDueDateChanged',
] as const satisfies readonly ServiceEvent['type'][];

export const serviceStreamId = (serviceId: string) => `service-${serviceId}`;

/** The fulfilment process's retries after a failed deploy (BILLING.md): 1, 10 and 60 minutes, then staff. */
export const RETRY_DELAYS_MINUTES = [1, 10, 60] as const;

/**
 * The tenant's provisioning settings, one stream per tenant `provisioning-<tenantId>`:
 * CloudStack's endpoint and keys (the secret sealed, context = tenantId), and the mapping that
 * makes a plan CloudStack's: data centre → zone, plan → service offering, OS → template. A plan
 * without an offering is provisioned by hand (MANUAL).
 */
export type CloudStackConfigured = DomainEvent<
  'CloudStackConfigured',
  {
    tenantId: string;
    apiUrl: string;
    apiKey: string;
    secretKeySealed: string;
    configuredBy: string;
    configuredAt: string;
  }
>;
export type CloudStackRemoved = DomainEvent<
  'CloudStackRemoved',
  { tenantId: string; removedBy: string; removedAt: string }
>;
export type CloudStackMappingSet = DomainEvent<
  'CloudStackMappingSet',
  {
    tenantId: string;
    zones: Record<string, string>;
    offerings: Record<string, string>;
    templates: Record<string, string>;
    setBy: string;
    setAt: string;
  }
>;
export type TerminationPolicySet = DomainEvent<
  'TerminationPolicySet',
  { tenantId: string; finalSnapshot: boolean; setBy: string; setAt: string }
>;

export type ProvisioningSettingsEvent =
  CloudStackConfigured | CloudStackRemoved | CloudStackMappingSet | TerminationPolicySet;

export const provisioningSettingsEventTypes = [
  'CloudStackConfigured',
  'CloudStackRemoved',
  'CloudStackMappingSet',
  'TerminationPolicySet',
] as const satisfies readonly ProvisioningSettingsEvent['type'][];

export const provisioningSettingsStreamId = (tenantId: string) => `provisioning-${tenantId}`;
