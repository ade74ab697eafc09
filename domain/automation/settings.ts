import { badInput } from '../shared/decider.ts';

/**
 * The tenant's automation settings (BILLING.md "Renewal and dunning"). Every number is a whole
 * count of Indian calendar days (hours for `runEveryHours`), counted from a service's due date.
 */
export interface AutomationSettings {
  /** The renewal invoice is issued this many days before the due date. */
  renewalDaysBefore: number;
  /** The BEFORE_DUE reminder, this many days before the due date. */
  reminderDaysBefore: number;
  /** The ON_DUE reminder on the due date itself. */
  remindOnDueDate: boolean;
  /** Overdue notices, days after the due date, ascending (each becomes kind `OVERDUE_<n>`). */
  overdueNoticeDays: readonly number[];
  /** An unpaid service is suspended this many days after its due date… */
  suspendAfterDays: number;
  /** …and terminated this many days after it. */
  terminateAfterDays: number;
  /** Renewal invoices are paid from the wallet when it covers them (customers may opt out). */
  autoPay: boolean;
  /** The scheduler runs every this many hours. */
  runEveryHours: number;
}

export const DEFAULT_AUTOMATION_SETTINGS: AutomationSettings = Object.freeze({
  renewalDaysBefore: 7,
  reminderDaysBefore: 3,
  remindOnDueDate: true,
  overdueNoticeDays: Object.freeze([1, 3, 7]),
  suspendAfterDays: 3,
  terminateAfterDays: 14,
  autoPay: true,
  runEveryHours: 1,
});

/** The most notices a tenant may send after the due date. */
export const MAX_OVERDUE_NOTICES = 5;

function wholeDays(field: keyof AutomationSettings, value: unknown, min: number, max: number) {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max)
    throw badInput(field, `Give a whole number from ${min} to ${max} (${field}).`);
  return value as number;
}

function flag(field: keyof AutomationSettings, value: unknown) {
  if (typeof value !== 'boolean') throw badInput(field, `Must be true or false (${field}).`);
  return value;
}

/**
 * The defaults with `partial` laid over them, every field checked. Ordering rules: the
 * BEFORE_DUE reminder comes after the renewal invoice exists (reminderDaysBefore ≤
 * renewalDaysBefore); suspension comes before termination; overdue notices are strictly
 * ascending and all fall before termination (a terminated service is not chased).
 * @throws DomainError BAD_USER_INPUT naming the field
 */
export function automationSettingsOf(
  partial: Partial<AutomationSettings> = {},
): AutomationSettings {
  const s = { ...DEFAULT_AUTOMATION_SETTINGS, ...partial };
  const renewalDaysBefore = wholeDays('renewalDaysBefore', s.renewalDaysBefore, 1, 60);
  const reminderDaysBefore = wholeDays('reminderDaysBefore', s.reminderDaysBefore, 1, 60);
  if (reminderDaysBefore > renewalDaysBefore)
    throw badInput(
      'reminderDaysBefore',
      `The reminder (${reminderDaysBefore} days before) cannot come before the renewal invoice (${renewalDaysBefore} days before).`,
    );
  const suspendAfterDays = wholeDays('suspendAfterDays', s.suspendAfterDays, 1, 90);
  const terminateAfterDays = wholeDays('terminateAfterDays', s.terminateAfterDays, 2, 365);
  if (terminateAfterDays <= suspendAfterDays)
    throw badInput(
      'terminateAfterDays',
      `Termination (${terminateAfterDays} days after due) must come after suspension (${suspendAfterDays} days after due) (terminateAfterDays).`,
    );
  const notices: unknown = s.overdueNoticeDays;
  if (!Array.isArray(notices) || notices.length > MAX_OVERDUE_NOTICES)
    throw badInput(
      'overdueNoticeDays',
      `Give a list of at most ${MAX_OVERDUE_NOTICES} overdue notice days after the due date.`,
    );
  let previous = 0;
  for (const day of notices as unknown[]) {
    wholeDays('overdueNoticeDays', day, 1, 365);
    if ((day as number) <= previous)
      throw badInput(
        'overdueNoticeDays',
        'List the overdue notice days in ascending order, each once.',
      );
    if ((day as number) >= terminateAfterDays)
      throw badInput(
        'overdueNoticeDays',
        `An overdue notice ${day as number} days after due is not before termination (${terminateAfterDays} days after due).`,
      );
    previous = day as number;
  }
  return {
    renewalDaysBefore,
    reminderDaysBefore,
    remindOnDueDate: flag('remindOnDueDate', s.remindOnDueDate),
    overdueNoticeDays: [...(notices as number[])],
    suspendAfterDays,
    terminateAfterDays,
    autoPay: flag('autoPay', s.autoPay),
    runEveryHours: wholeDays('runEveryHours', s.runEveryHours, 1, 24),
  };
}
