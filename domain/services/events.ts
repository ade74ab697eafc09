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

/** What a renewal bills each period: the order's plan, OS licence and recurring add-on lines. */
export type RecurringLineKind = 'PLAN' | 'OS_LICENCE' | 'ADDON';
/**
 * One line of every renewal invoice, priced as the service was sold (a running service keeps its
 * price; a plan change replaces the PLAN line). `unitPrice` may carry fractional paise, as the
 * catalog had it; `rate` only when the catalog set one (the order's line as it was).
 */
export type RecurringLine = {
  description: string;
  sac: string;
  quantity: string;
  unitPrice: string;
  rate?: string;
  source: { kind: RecurringLineKind; refId: string };
};

export type PlanChangeDirection = 'UPGRADE' | 'DOWNGRADE';

/** The price difference of a plan change for the exact days left (domain/automation/proration.ts). */
export type PlanChangeProration = {
  /** The Indian day the change takes effect (a day of the current period). */
  on: string;
  daysLeft: number;
  daysInPeriod: number;
  /** Before tax, INR: positive a charge (upgrade), negative a credit (downgrade). */
  amount: string;
  description: string;
};
/**
 * One credit note of a downgrade: the period was paid by its invoice and, after an upgrade in the
 * same period, by the upgrade's invoice too; each is credited up to what it billed.
 */
export type PlanChangeCredit = { invoiceId: string; creditNoteId: string; taxableValue: string };
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
    /**
     * The lines each renewal bills (their sum before rounding is `recurringAmount`). Absent in
     * services created before renewals existed: then one PLAN line of `recurringAmount`.
     */
    recurringLines?: RecurringLine[];
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

/**
 * The renewal proforma of the period `periodStart` .. `periodEnd` (the next due date then) is
 * issued: one per service and period, never two (a second only when the first was cancelled:
 * `replaces` names it). Written before the invoice, under the same command id.
 */
export type RenewalInvoiced = DomainEvent<
  'RenewalInvoiced',
  {
    tenantId: string;
    serviceId: string;
    customerId: string;
    invoiceId: string;
    periodStart: string;
    periodEnd: string;
    replaces: string | null;
    invoicedAt: string;
  }
>;
/**
 * The renewal invoice of the period starting at the (old) next due date is paid: the next due
 * date moves from that old date on the anchor day, whenever the payment came (BILLING.md).
 */
export type ServiceRenewed = DomainEvent<
  'ServiceRenewed',
  {
    tenantId: string;
    serviceId: string;
    invoiceId: string;
    periodStart: string;
    nextDueDate: string;
    paidAt: string;
    renewedAt: string;
  }
>;
/**
 * A change to another plan of the same kind and cycle, priced by the days left in the current
 * period. UPGRADE: `invoiceId` is the proforma of the prorated charge; the change is applied
 * once it is paid. DOWNGRADE: `creditedInvoiceId` (the invoice that paid the current period) gets
 * credit note `creditNoteId` to the wallet, and the change is applied at once. The next due date
 * never moves.
 */
export type ServicePlanChangeRequested = DomainEvent<
  'ServicePlanChangeRequested',
  {
    tenantId: string;
    serviceId: string;
    customerId: string;
    changeId: string;
    direction: PlanChangeDirection;
    fromPlanId: string | null;
    fromPlanName: string;
    toPlanId: string;
    toPlanName: string;
    /** The lines renewals bill once the change is applied, and their sum. */
    recurringLines: RecurringLine[];
    recurringAmount: string;
    proration: PlanChangeProration;
    invoiceId: string | null;
    creditedInvoiceId: string | null;
    creditNoteId: string | null;
    /**
     * DOWNGRADE: the credit notes, the first being creditedInvoiceId's creditNoteId; they add up
     * to the proration's amount. Absent on downgrades credited by one note (that note, in full).
     */
    credits?: PlanChangeCredit[];
    requestedBy: string;
    requestedAt: string;
  }
>;
/** The module cannot resize this server (or it is a manual one): staff apply the change by hand. */
export type ServicePlanChangeAwaitingStaff = DomainEvent<
  'ServicePlanChangeAwaitingStaff',
  { tenantId: string; serviceId: string; changeId: string; reason: string; at: string }
>;
/** The server runs on the new plan (its module confirmed it, or staff did it by hand). */
export type ServicePlanChanged = DomainEvent<
  'ServicePlanChanged',
  {
    tenantId: string;
    serviceId: string;
    changeId: string;
    planId: string;
    planName: string;
    recurringLines: RecurringLine[];
    recurringAmount: string;
    by: 'MODULE' | 'STAFF';
    appliedBy: string | null;
    appliedAt: string;
  }
>;
/** An upgrade not applied: its invoice was cancelled, or the period ended before it was paid. */
export type ServicePlanChangeCancelled = DomainEvent<
  'ServicePlanChangeCancelled',
  {
    tenantId: string;
    serviceId: string;
    changeId: string;
    reason: string;
    cancelledBy: string | null;
    cancelledAt: string;
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
  | ServiceDueDateChanged
  | RenewalInvoiced
  | ServiceRenewed
  | ServicePlanChangeRequested
  | ServicePlanChangeAwaitingStaff
  | ServicePlanChanged
  | ServicePlanChangeCancelled;

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
  'RenewalInvoiced',
  'ServiceRenewed',
  'ServicePlanChangeRequested',
  'ServicePlanChangeAwaitingStaff',
  'ServicePlanChanged',
  'ServicePlanChangeCancelled',
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
