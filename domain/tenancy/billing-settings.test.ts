import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/decider.ts';
import type { BillingSettings } from './events.ts';
import {
  billingSettingsOf,
  checkBillingSettings,
  DEFAULT_BILLING_SETTINGS,
} from './billing-settings.ts';

const ok: BillingSettings = { partialPayments: true, unpaidOrderDays: 10, roundOff: 'rupee' };

function refusal(b: BillingSettings): DomainError {
  try {
    checkBillingSettings(b);
  } catch (e) {
    if (e instanceof DomainError) return e;
    throw e;
  }
  throw new Error('accepted');
}

describe('billing settings', () => {
  it('BILLING.md’s defaults for a tenant that never set them', () => {
    expect(DEFAULT_BILLING_SETTINGS).toEqual({
      partialPayments: false,
      unpaidOrderDays: 7,
      roundOff: 'none',
    });
    expect(billingSettingsOf({ billing: undefined } as never)).toBe(DEFAULT_BILLING_SETTINGS);
    expect(billingSettingsOf({ billing: ok })).toBe(ok);
  });

  it('an unpaid order may wait from 1 to 90 days; either rounding', () => {
    for (const b of [
      ok,
      DEFAULT_BILLING_SETTINGS,
      { ...ok, unpaidOrderDays: 1 },
      { ...ok, unpaidOrderDays: 90 },
      { ...ok, roundOff: 'none' as const, partialPayments: false },
    ])
      expect(() => checkBillingSettings(b), JSON.stringify(b)).not.toThrow();
  });

  it('each bad setting is refused under its own field, saying what is allowed', () => {
    const cases: [Partial<Record<keyof BillingSettings, unknown>>, string, string][] = [
      [{ partialPayments: 'yes' }, 'partialPayments', 'Must be true or false.'],
      [{ unpaidOrderDays: 0 }, 'unpaidOrderDays', 'Give a whole number of days from 1 to 90.'],
      [{ unpaidOrderDays: 91 }, 'unpaidOrderDays', 'Give a whole number of days from 1 to 90.'],
      [{ unpaidOrderDays: 2.5 }, 'unpaidOrderDays', 'Give a whole number of days from 1 to 90.'],
      [{ roundOff: 'paise' }, 'roundOff', 'Must be "none" or "rupee".'],
    ];
    for (const [over, field, message] of cases) {
      const e = refusal({ ...ok, ...over } as BillingSettings);
      expect(e.code, field).toBe('BAD_USER_INPUT');
      expect(e.message, field).toBe(message);
      expect(e.issues, field).toEqual([{ path: ['billing', field], message }]);
    }
  });
});
