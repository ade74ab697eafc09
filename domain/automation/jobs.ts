import type { AutomationJob, RunItemKind } from './events.ts';

/** Which job does each kind of work (a run of ALL does every kind). */
const JOB_OF: Readonly<Record<RunItemKind, Exclude<AutomationJob, 'ALL'>>> = {
  RENEWAL_INVOICE: 'RENEWALS',
  AUTO_PAY: 'RENEWALS',
  CANCEL_RENEWAL_INVOICE: 'RENEWALS',
  END_OF_PERIOD_TERMINATION: 'RENEWALS',
  REMINDER: 'REMINDERS',
  SUSPEND: 'SUSPENSIONS',
  TERMINATE: 'SUSPENSIONS',
  UNSUSPEND: 'SUSPENSIONS',
  CANCEL_UNPAID_ORDER: 'UNPAID_ORDERS',
};

export function jobOf(kind: RunItemKind): Exclude<AutomationJob, 'ALL'> {
  // Own keys only: "toString" is on every object's prototype.
  if (!Object.hasOwn(JOB_OF, kind))
    throw new Error(`unknown kind of automation work ${String(kind)}`);
  return JOB_OF[kind];
}

/** Whether a run of `job` does work of `kind`. */
export function inJob(job: AutomationJob, kind: RunItemKind): boolean {
  return job === 'ALL' || jobOf(kind) === job;
}
