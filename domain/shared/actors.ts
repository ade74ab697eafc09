/**
 * Actors that are not people: the platform's own steps (`system`) and billing automation
 * (`automation`: renewals, auto-pay, reminders, suspensions). Every list that names who acted
 * says these names instead of an id or nothing.
 */
export const SYSTEM_USER_ID = 'system';
export const AUTOMATION_USER_ID = 'automation';

const NAMES: Readonly<Record<string, string>> = {
  [SYSTEM_USER_ID]: 'System',
  [AUTOMATION_USER_ID]: 'Billing automation',
};

/** A non-person actor's name; null for anyone else (a person is named from the read models). */
export function systemActorName(userId: string | null | undefined): string | null {
  return (userId && Object.hasOwn(NAMES, userId) && NAMES[userId]) || null;
}
