import type { RecordedEvent } from '../../eventstore/types.ts';
import type { ServiceEvent } from '../../domain/services/events.ts';
import { formatInr } from '../../domain/shared/money.ts';
import { dayText, periodText } from '../../domain/services/renewal-lines.ts';

/**
 * One line of a service's history, as the projector writes it: what happened in words and who
 * did it (a user id; the reader adds their name: "Credentials revealed by Asha"). Never a
 * credential: SSH and control-panel passwords, sealed or not, are not read here; an edit names
 * the fields it changed, never their values (they hold sealed passwords), and staff's notes
 * are not quoted (customers read the history too).
 */
export interface HistoryLine {
  summary: string;
  /** The person who acted; null when the platform did (fulfilment, dunning, the module). */
  actorId: string | null;
  /** The admin acting as the customer, if any. */
  impersonatorId: string | null;
  at: string;
}

const CYCLE_WORDS: Record<string, string> = {
  MONTHLY: 'monthly',
  QUARTERLY: 'quarterly',
  SEMI_ANNUAL: 'half-yearly',
  ANNUAL: 'yearly',
  BIENNIAL: 'every two years',
  TRIENNIAL: 'every three years',
};
const cycleWords = (cycle: string) => CYCLE_WORDS[cycle] ?? cycle.toLowerCase();

const ACTION_WORDS = { START: 'Server started', STOP: 'Server stopped', REBOOT: 'Server rebooted' };

/** The snapshot's name where the event names only its id (the projector looks it up). */
export type SnapshotName = (snapshotId: string) => string | null;

/** The edited fields, in words: `ssh` and `controlPanel` carry sealed passwords and are only named. */
function editedFields(changes: Record<string, unknown>): string {
  const words: Record<string, string> = {
    hostname: 'host name',
    ipAddresses: 'IP addresses',
    notes: 'staff notes',
    ssh: 'SSH access',
    controlPanel: 'control panel access',
  };
  const named = Object.keys(changes).map((k) => words[k] ?? k);
  return named.length ? named.join(', ') : 'nothing';
}

const quoted = (name: string | null) => (name ? `“${name}”` : 'a snapshot');

export function historyLine(e: RecordedEvent, snapshotName: SnapshotName): HistoryLine {
  const event = e as unknown as ServiceEvent;
  const metaActor = e.metadata.actor;
  const person = (id: string | null | undefined) => (id && id !== 'system' ? id : null);
  const line = (summary: string, actorId: string | null, at: string): HistoryLine => ({
    summary,
    actorId,
    impersonatorId: actorId ? (metaActor.impersonatorId ?? null) : null,
    at,
  });
  switch (event.type) {
    case 'ServiceCreated': {
      const d = event.data;
      const how =
        d.origin.kind === 'ORDER' ? 'Ordered' : 'Allocated by hand (with its paid invoice)';
      const by = d.origin.kind === 'ALLOCATION' ? person(metaActor.userId) : null;
      return line(
        `${how}: ${d.planName}, ${cycleWords(d.cycle)} at ${formatInr(d.recurringAmount)} before tax, ` +
          `host ${d.hostname}${d.dataCentreName ? ` in ${d.dataCentreName}` : ''}` +
          `${d.operatingSystemName ? ` with ${d.operatingSystemName}` : ''}; next due ${d.nextDueDate}`,
        by,
        d.createdAt,
      );
    }
    case 'ProvisioningStarted': {
      const d = event.data;
      const summary =
        d.attempt === 1 ? 'Provisioning started' : `Provisioning retried (attempt ${d.attempt})`;
      return line(summary, person(d.startedBy), d.startedAt);
    }
    case 'ProvisioningJobAccepted': {
      const d = event.data;
      return line(
        `The provisioning module accepted the deploy (attempt ${d.attempt}, machine ${d.vmId})`,
        null,
        d.acceptedAt,
      );
    }
    case 'ProvisioningFailed': {
      const d = event.data;
      const next = d.retryAt
        ? `; the next try is due at ${d.retryAt}`
        : '; needs attention (retry, provision by hand or cancel)';
      return line(
        `Provisioning failed (attempt ${d.attempt}): ${d.error.message} [${d.error.code}]${next}`,
        null,
        d.failedAt,
      );
    }
    case 'ServiceProvisioned': {
      const d = event.data;
      const how = d.by === 'MODULE' ? 'Provisioned by the module' : 'Provisioned by hand';
      const mail = d.sendEmail ? '; welcome mail sent' : '';
      return line(
        `${how}: ${d.hostname} at ${d.ipAddresses.join(', ')}${mail}`,
        person(d.provisionedBy),
        d.provisionedAt,
      );
    }
    case 'ServiceCredentialsRevealed': {
      const d = event.data;
      return {
        summary: 'Credentials revealed',
        actorId: person(d.revealedBy),
        impersonatorId: d.impersonatedBy,
        at: d.revealedAt,
      };
    }
    case 'ServiceActionPerformed': {
      const d = event.data;
      return line(ACTION_WORDS[d.action], person(d.performedBy), d.performedAt);
    }
    case 'ServicePasswordReset': {
      const d = event.data;
      return line('Server password reset', person(d.resetBy), d.resetAt);
    }
    case 'ServiceSnapshotCreated': {
      const d = event.data;
      return line(`Snapshot ${quoted(d.name)} taken`, person(d.createdBy), d.createdAt);
    }
    case 'ServiceSnapshotReverted': {
      const d = event.data;
      return line(
        `Reverted to snapshot ${quoted(snapshotName(d.snapshotId))}`,
        person(d.revertedBy),
        d.revertedAt,
      );
    }
    case 'ServiceSnapshotDeleted': {
      const d = event.data;
      return line(
        `Snapshot ${quoted(snapshotName(d.snapshotId))} deleted`,
        person(d.deletedBy),
        d.deletedAt,
      );
    }
    case 'ServiceSuspended': {
      const d = event.data;
      const why = d.kind === 'NON_PAYMENT' ? 'Suspended for non-payment' : 'Suspended';
      return line(`${why}: ${d.reason}`, person(d.suspendedBy), d.suspendedAt);
    }
    case 'ServiceUnsuspended': {
      const d = event.data;
      return line(`Unsuspended: ${d.reason}`, person(d.unsuspendedBy), d.unsuspendedAt);
    }
    case 'ServiceTerminated': {
      const d = event.data;
      const snap = d.finalSnapshotId ? ' (a final snapshot was taken first)' : '';
      return line(`Terminated: ${d.reason}${snap}`, person(d.terminatedBy), d.terminatedAt);
    }
    case 'ServiceCancellationRequested': {
      const d = event.data;
      const when =
        d.when === 'END_OF_PERIOD'
          ? `Cancellation requested at the end of the period (${d.effectiveOn})`
          : 'Cancellation requested immediately';
      return line(`${when}: ${d.reason}`, person(d.requestedBy), d.requestedAt);
    }
    case 'ServiceCancellationWithdrawn': {
      const d = event.data;
      return line('Cancellation withdrawn', person(d.withdrawnBy), d.withdrawnAt);
    }
    case 'ServiceCancelled': {
      const d = event.data;
      const credit = d.creditToWallet ? '; its order lines are credited to the wallet' : '';
      return line(
        `Cancelled before it was provisioned: ${d.reason}${credit}`,
        person(d.cancelledBy),
        d.cancelledAt,
      );
    }
    case 'ServiceDetailsEdited': {
      const d = event.data;
      return line(`Details edited: ${editedFields(d.changes)}`, person(d.editedBy), d.editedAt);
    }
    case 'ServiceDueDateChanged': {
      const d = event.data;
      return line(
        `Next due date changed from ${d.from} to ${d.to}: ${d.reason}`,
        person(d.changedBy),
        d.changedAt,
      );
    }
    case 'RenewalInvoiced': {
      const d = event.data;
      return line(
        `Renewal invoiced for ${periodText(d.periodStart, d.periodEnd)}`,
        null,
        d.invoicedAt,
      );
    }
    case 'ServiceRenewed': {
      const d = event.data;
      return line(
        `Renewed: the period from ${dayText(d.periodStart)} is paid; next due ${dayText(d.nextDueDate)}`,
        null,
        d.renewedAt,
      );
    }
    case 'ServicePlanChangeRequested': {
      const d = event.data;
      const word = d.direction === 'UPGRADE' ? 'Upgrade' : 'Downgrade';
      const money = formatInr(d.proration.amount.replace(/^-/, ''));
      const price =
        d.direction === 'UPGRADE'
          ? `${money} before tax invoiced for the ${d.proration.daysLeft} days left`
          : `${money} before tax credited for the ${d.proration.daysLeft} days left`;
      return line(
        `${word} requested from ${d.fromPlanName} to ${d.toPlanName}: ${price}`,
        person(d.requestedBy),
        d.requestedAt,
      );
    }
    case 'ServicePlanChangeAwaitingStaff': {
      const d = event.data;
      return line(`Plan change waiting for staff to apply it: ${d.reason}`, null, d.at);
    }
    case 'ServicePlanChanged': {
      const d = event.data;
      const by = d.by === 'MODULE' ? ' (resized by its module)' : ' (applied by staff)';
      return line(
        `Now on plan ${d.planName}, ${formatInr(d.recurringAmount)} before tax per cycle${by}`,
        person(d.appliedBy),
        d.appliedAt,
      );
    }
    case 'ServicePlanChangeCancelled': {
      const d = event.data;
      return line(`Plan change cancelled: ${d.reason}`, person(d.cancelledBy), d.cancelledAt);
    }
    default: {
      const never: never = event;
      throw new Error(`service history: unknown event ${(never as { type: string }).type}`);
    }
  }
}
