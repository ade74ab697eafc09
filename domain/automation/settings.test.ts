import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/decider.ts';
import {
  automationSettingsOf,
  DEFAULT_AUTOMATION_SETTINGS,
  type AutomationSettings,
} from './settings.ts';

const refusal = (partial: Record<string, unknown>) => {
  try {
    automationSettingsOf(partial as Partial<AutomationSettings>);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const err = e as DomainError;
    expect(err.code).toBe('BAD_USER_INPUT');
    return { field: err.issues[0]!.path.join('.'), message: err.message };
  }
  throw new Error('expected a refusal');
};

describe('automation settings', () => {
  it("has BILLING.md's defaults", () => {
    expect(automationSettingsOf()).toEqual({
      renewalDaysBefore: 7,
      reminderDaysBefore: 3,
      remindOnDueDate: true,
      overdueNoticeDays: [1, 3, 7],
      suspendAfterDays: 3,
      terminateAfterDays: 14,
      autoPay: true,
      runEveryHours: 1,
    });
    expect(automationSettingsOf({})).toEqual(DEFAULT_AUTOMATION_SETTINGS);
    // An unpaid order expires by the tenant's BillingSettings.unpaidOrderDays, not here.
    expect(Object.keys(automationSettingsOf())).not.toContain('cancelUnpaidOrderDays');
  });

  it('lays a partial change over the defaults', () => {
    const s = automationSettingsOf({ suspendAfterDays: 5, autoPay: false, overdueNoticeDays: [2] });
    expect(s).toMatchObject({
      suspendAfterDays: 5,
      autoPay: false,
      terminateAfterDays: 14,
      overdueNoticeDays: [2],
    });
  });

  it('accepts the edges of each range', () => {
    const low = automationSettingsOf({
      renewalDaysBefore: 1,
      reminderDaysBefore: 1,
      suspendAfterDays: 1,
      terminateAfterDays: 2,
      overdueNoticeDays: [],
      runEveryHours: 1,
      remindOnDueDate: false,
    });
    expect(low).toMatchObject({
      renewalDaysBefore: 1,
      terminateAfterDays: 2,
      overdueNoticeDays: [],
    });
    const high = automationSettingsOf({
      renewalDaysBefore: 60,
      reminderDaysBefore: 60,
      suspendAfterDays: 90,
      terminateAfterDays: 365,
      overdueNoticeDays: [1, 2, 3, 4, 364],
      runEveryHours: 24,
    });
    expect(high).toMatchObject({
      renewalDaysBefore: 60,
      terminateAfterDays: 365,
      runEveryHours: 24,
    });
    expect(automationSettingsOf({ reminderDaysBefore: 7 }).reminderDaysBefore).toBe(7);
    expect(automationSettingsOf({ suspendAfterDays: 13 }).suspendAfterDays).toBe(13);
    expect(automationSettingsOf({ overdueNoticeDays: [13] }).overdueNoticeDays).toEqual([13]);
  });

  it('does not share the notice list with the caller', () => {
    const days = [1, 2];
    const s = automationSettingsOf({ overdueNoticeDays: days });
    days.push(3);
    expect(s.overdueNoticeDays).toEqual([1, 2]);
  });

  it.each([
    ['renewalDaysBefore', 0],
    ['renewalDaysBefore', 61],
    ['renewalDaysBefore', 2.5],
    ['renewalDaysBefore', '7'],
    ['reminderDaysBefore', 0],
    ['suspendAfterDays', 0],
    ['suspendAfterDays', 91],
    ['terminateAfterDays', 366],
    ['terminateAfterDays', Number.NaN],
    ['runEveryHours', 0],
    ['runEveryHours', 25],
    ['autoPay', 'yes'],
    ['remindOnDueDate', 1],
  ])('refuses %s = %s, naming the field', (field, value) => {
    const r = refusal({ [field]: value });
    expect(r.field).toBe(field);
    expect(r.message).toContain(field);
  });

  it('refuses a reminder before the renewal invoice exists', () => {
    expect(refusal({ reminderDaysBefore: 8 })).toMatchObject({ field: 'reminderDaysBefore' });
    expect(refusal({ reminderDaysBefore: 8 }).message).toMatch(
      /cannot come before the renewal invoice/,
    );
  });

  it('refuses termination not after suspension', () => {
    expect(refusal({ suspendAfterDays: 14 })).toMatchObject({ field: 'terminateAfterDays' });
    expect(refusal({ suspendAfterDays: 14 }).message).toMatch(/must come after suspension/);
    expect(refusal({ terminateAfterDays: 3 })).toMatchObject({ field: 'terminateAfterDays' });
  });

  it.each([
    [[1, 1], /ascending/],
    [[3, 2], /ascending/],
    [[0], /whole number from 1/],
    [[1.5], /whole number/],
    [[14], /not before termination/],
    [[1, 2, 3, 4, 5, 6], /at most 5/],
    ['1,3,7', /at most 5/],
  ])('refuses overdue notices %j', (days, message) => {
    const r = refusal({ overdueNoticeDays: days });
    expect(r.field).toBe('overdueNoticeDays');
    expect(r.message).toMatch(message);
  });
});
