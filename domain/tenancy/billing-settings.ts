import { DomainError } from '../shared/decider.ts';
import type { BillingSettings } from './events.ts';
import type { TenantState } from './tenant.ts';

/**
 * BILLING.md's defaults: no partial payments (an invoice is paid from the wallet in full or
 * waits), unpaid orders cancelled after 7 days, totals not rounded to the rupee.
 */
export const DEFAULT_BILLING_SETTINGS: BillingSettings = {
  partialPayments: false,
  unpaidOrderDays: 7,
  roundOff: 'none',
};

/** The tenant's billing settings, the defaults for a tenant created before they existed. */
export const billingSettingsOf = (state: Pick<TenantState, 'billing'>): BillingSettings =>
  state.billing ?? DEFAULT_BILLING_SETTINGS;

const refuse = (field: keyof BillingSettings, message: string) =>
  new DomainError('BAD_USER_INPUT', message, [{ path: ['billing', field], message }]);

export function checkBillingSettings(b: BillingSettings): void {
  if (typeof b.partialPayments !== 'boolean')
    throw refuse('partialPayments', 'Must be true or false.');
  if (!Number.isSafeInteger(b.unpaidOrderDays) || b.unpaidOrderDays < 1 || b.unpaidOrderDays > 90)
    throw refuse('unpaidOrderDays', 'Give a whole number of days from 1 to 90.');
  if (b.roundOff !== 'none' && b.roundOff !== 'rupee')
    throw refuse('roundOff', 'Must be "none" or "rupee".');
}
