import { describe, expect, it } from 'vitest';
import type { OrderLine, PricedItem } from '../orders/pricing.ts';
import { DomainError } from '../shared/decider.ts';
import type { RecurringLine } from './events.ts';
import {
  CYCLE_TEXT,
  checkRecurringLines,
  dayText,
  legacyRecurringLines,
  periodText,
  planChangeLines,
  recurringLinesOf,
  recurringTotal,
  renewalLineInputs,
} from './renewal-lines.ts';

const plan: RecurringLine = {
  description: 'VPS Pro (monthly) — web1.example.com',
  sac: '998315',
  quantity: '1',
  unitPrice: '1499.995',
  source: { kind: 'PLAN', refId: 'plan-pro' },
};
const os: RecurringLine = {
  description: 'Windows Server licence',
  sac: '997331',
  quantity: '1',
  unitPrice: '500',
  rate: '18',
  source: { kind: 'OS_LICENCE', refId: 'os-win' },
};
const addon: RecurringLine = {
  description: 'Backups',
  sac: '998315',
  quantity: '2',
  unitPrice: '100.0025',
  source: { kind: 'ADDON', refId: 'addon-backup' },
};

function refusal(run: () => unknown): { field: string; message: string } {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    const d = e as DomainError;
    expect(d.code).toBe('BAD_USER_INPUT');
    return { field: d.issues[0]!.path.join('.'), message: d.message };
  }
  throw new Error('expected a refusal');
}

describe('recurring lines: the total', () => {
  it('is Σ quantity × unit price rounded half up to paise', () => {
    expect(recurringTotal([plan, os, addon])).toBe('2200.00');
    expect(recurringTotal([{ ...plan, unitPrice: '0.005' }])).toBe('0.01');
    expect(recurringTotal([{ ...plan, unitPrice: '0.004999' }])).toBe('0.00');
    expect(recurringTotal([{ ...plan, quantity: '3', unitPrice: '0.335' }])).toBe('1.01');
    expect(recurringTotal([])).toBe('0.00');
    expect(() => recurringTotal([{ ...plan, quantity: '1.0001' }])).toThrow(
      /^The quantity has 4 decimals/,
    );
  });
});

describe('recurring lines: checked', () => {
  it('copies valid lines, trimmed, the source reduced to kind and refId', () => {
    const withItem = {
      ...plan,
      description: ` ${plan.description} `,
      source: { ...plan.source, itemNo: 1 },
    };
    expect(checkRecurringLines([withItem, os, addon], '2200.00')).toStrictEqual([plan, os, addon]);
    expect(checkRecurringLines([plan])).toStrictEqual([plan]);
    expect(
      checkRecurringLines([{ ...plan, sac: ' 998315 ', quantity: ' 1 ', unitPrice: ' 1 ' }]),
    ).toStrictEqual([{ ...plan, quantity: '1', unitPrice: '1' }]);
    expect(checkRecurringLines([{ ...plan, rate: ' 18 ' }])[0]).toHaveProperty('rate', '18');
    expect(checkRecurringLines([plan])[0]).not.toHaveProperty('rate');
    expect(checkRecurringLines([{ ...plan, unitPrice: '0' }])[0]!.unitPrice).toBe('0');
  });

  it('must come to the recurring amount', () => {
    expect(refusal(() => checkRecurringLines([plan, os, addon], '2199.99'))).toEqual({
      field: 'recurringLines',
      message:
        'The lines come to ₹2200.00 a cycle, not the recurring amount ₹2199.99 (recurringLines).',
    });
    expect(refusal(() => checkRecurringLines([plan], '1500.01')).field).toBe('recurringLines');
    expect(checkRecurringLines([plan], '1500.00')).toStrictEqual([plan]);
  });

  it('1 to 50 lines, exactly one of them the PLAN', () => {
    expect(refusal(() => checkRecurringLines([])).message).toBe(
      'Give 1 to 50 lines (recurringLines).',
    );
    expect(refusal(() => checkRecurringLines('x' as never)).field).toBe('recurringLines');
    const fifty = [plan, ...Array.from({ length: 49 }, () => addon)];
    expect(checkRecurringLines(fifty)).toHaveLength(50);
    expect(refusal(() => checkRecurringLines([...fifty, addon])).field).toBe('recurringLines');
    expect(refusal(() => checkRecurringLines([os])).message).toBe(
      'Give exactly one PLAN line (recurringLines).',
    );
    expect(refusal(() => checkRecurringLines([plan, plan])).message).toMatch(/exactly one PLAN/);
    expect(refusal(() => checkRecurringLines([], undefined, 'lines')).field).toBe('lines');
  });

  it.each([
    [{ description: ' ' }, 'recurringLines.0.description', /Give a description of 1 to 1000/],
    [{ description: 'x'.repeat(1001) }, 'recurringLines.0.description', /1000/],
    [{ description: 7 }, 'recurringLines.0.description', /description/],
    [{ sac: '' }, 'recurringLines.0.sac', /Give the SAC/],
    [{ sac: '1'.repeat(21) }, 'recurringLines.0.sac', /SAC/],
    [{ sac: 998315 }, 'recurringLines.0.sac', /SAC/],
    [{ quantity: '0' }, 'recurringLines.0.quantity', /Must be more than zero/],
    [{ quantity: '1.0005' }, 'recurringLines.0.quantity', /decimals/],
    [{ quantity: '-1' }, 'recurringLines.0.quantity', /negative/],
    [{ unitPrice: '1.0000001' }, 'recurringLines.0.unitPrice', /decimals/],
    [{ unitPrice: '-1' }, 'recurringLines.0.unitPrice', /negative/],
    [{ unitPrice: 'abc' }, 'recurringLines.0.unitPrice', /unitPrice/],
    [{ rate: '18.005' }, 'recurringLines.0.rate', /decimals/],
    [
      { source: { kind: 'SETUP_FEE', refId: 'p' } },
      'recurringLines.0.source.kind',
      /PLAN, OS_LICENCE or ADDON/,
    ],
    [{ source: null }, 'recurringLines.0.source.kind', /source.kind/],
  ])('refuses %j, naming %s', (over, field, message) => {
    const r = refusal(() => checkRecurringLines([{ ...plan, ...over } as RecurringLine]));
    expect(r.field).toBe(field);
    expect(r.message).toMatch(message);
    expect(r.message.endsWith(`(${field}).`)).toBe(true);
  });

  it('accepts the edges: 1000 characters, 20 of SAC, 3 decimals of quantity, 6 of price', () => {
    const edge = {
      ...plan,
      description: 'x'.repeat(1000),
      sac: '1'.repeat(20),
      quantity: '0.001',
      unitPrice: '0.000001',
      rate: '5.25',
    };
    expect(checkRecurringLines([edge])).toStrictEqual([edge]);
  });

  it('a second line’s fault names its index; a refId that is not text becomes empty', () => {
    expect(refusal(() => checkRecurringLines([plan, { ...os, quantity: '0' }])).field).toBe(
      'recurringLines.1.quantity',
    );
    expect(
      checkRecurringLines([{ ...plan, source: { kind: 'PLAN', refId: 5 as never } }])[0]!.source,
    ).toEqual({ kind: 'PLAN', refId: '' });
  });

  it('other errors than bad money pass through', () => {
    expect(() => checkRecurringLines([{ ...plan, quantity: null as never }])).toThrow(DomainError);
  });
});

describe('recurring lines: of an order item, legacy, after a plan change', () => {
  const item = {
    itemNo: 1,
    addons: [
      { addonId: 'addon-backup', name: 'Backups', quantity: 2, recurring: true },
      { addonId: 'addon-setup', name: 'Migration', quantity: 1, recurring: false },
    ],
  } as PricedItem;
  const orderLines: OrderLine[] = [
    { ...plan, source: { itemNo: 1, kind: 'PLAN', refId: 'plan-pro' } },
    {
      description: 'Setup fee',
      sac: '998315',
      quantity: '1',
      unitPrice: '99',
      source: { itemNo: 1, kind: 'SETUP_FEE', refId: 'plan-pro' },
    },
    { ...os, source: { itemNo: 1, kind: 'OS_LICENCE', refId: 'os-win' } },
    { ...addon, source: { itemNo: 1, kind: 'ADDON', refId: 'addon-backup' } },
    {
      description: 'Migration',
      sac: '998315',
      quantity: '1',
      unitPrice: '500',
      source: { itemNo: 1, kind: 'ADDON', refId: 'addon-setup' },
    },
    { ...plan, source: { itemNo: 2, kind: 'PLAN', refId: 'plan-pro' } },
  ];

  it('an item’s lines: PLAN, OS licence and recurring add-ons only, of this item only', () => {
    expect(recurringLinesOf(item, orderLines)).toStrictEqual([plan, os, addon]);
    expect(recurringLinesOf({ ...item, itemNo: 2 }, orderLines)).toStrictEqual([plan]);
    // A setup fee is never recurring, even when its refId is a recurring add-on's id.
    const fee: OrderLine = {
      description: 'Setup',
      sac: '998315',
      quantity: '1',
      unitPrice: '9',
      source: { itemNo: 1, kind: 'SETUP_FEE', refId: 'addon-backup' },
    };
    expect(recurringLinesOf(item, [fee])).toStrictEqual([]);
  });

  it('a service from before renewals: one PLAN line of its recurring amount', () => {
    expect(
      legacyRecurringLines({
        planId: null,
        planName: 'Shared',
        cycle: 'SEMI_ANNUAL',
        recurringAmount: '2400.00',
      }),
    ).toStrictEqual([
      {
        description: 'Shared (semi-annual)',
        sac: '998315',
        quantity: '1',
        unitPrice: '2400.00',
        source: { kind: 'PLAN', refId: '' },
      },
    ]);
    expect(
      legacyRecurringLines({
        planId: 'p',
        planName: 'X',
        cycle: 'ODD' as never,
        recurringAmount: '1.00',
      })[0]!.description,
    ).toBe('X (ODD)');
    expect(CYCLE_TEXT).toEqual({
      MONTHLY: 'monthly',
      QUARTERLY: 'quarterly',
      SEMI_ANNUAL: 'semi-annual',
      ANNUAL: 'annual',
      BIENNIAL: 'biennial',
      TRIENNIAL: 'triennial',
    });
  });

  it('a plan change replaces the PLAN line and keeps OS and add-ons', () => {
    const next = planChangeLines([plan, os, addon], {
      planId: 'plan-max',
      name: 'VPS Max',
      cycleLabel: 'monthly',
      unitPrice: '2999.995',
      sac: '998316',
      hostname: 'web1.example.com',
    });
    expect(next).toStrictEqual([
      {
        description: 'VPS Max (monthly) — web1.example.com',
        sac: '998316',
        quantity: '1',
        unitPrice: '2999.995',
        source: { kind: 'PLAN', refId: 'plan-max' },
      },
      os,
      addon,
    ]);
    const bare = planChangeLines([os, plan], {
      planId: 'plan-max',
      name: 'VPS Max',
      cycleLabel: 'annual',
      unitPrice: '1',
      sac: '998315',
      rate: '12',
    });
    expect(bare).toStrictEqual([
      {
        description: 'VPS Max (annual)',
        sac: '998315',
        quantity: '1',
        unitPrice: '1',
        rate: '12',
        source: { kind: 'PLAN', refId: 'plan-max' },
      },
      os,
    ]);
    expect(
      planChangeLines([plan], {
        planId: 'a',
        name: 'A',
        cycleLabel: 'x',
        unitPrice: '1',
        sac: 's',
        rate: null,
      })[0],
    ).not.toHaveProperty('rate');
  });
});

describe('renewal invoice lines', () => {
  it('write the days the period covers: up to the day before the next due date', () => {
    expect(dayText('2027-02-28')).toBe('28 Feb 2027');
    expect(dayText('2027-12-01')).toBe('1 Dec 2027');
    expect(dayText('2027-01-09')).toBe('9 Jan 2027');
    expect(
      Array.from({ length: 12 }, (_, m) => dayText(`2027-${String(m + 1).padStart(2, '0')}-01`)),
    ).toEqual(
      ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'].map(
        (m) => `1 ${m} 2027`,
      ),
    );
    expect(periodText('2027-02-28', '2027-03-31')).toBe('28 Feb 2027 to 30 Mar 2027');
    expect(periodText('2027-12-31', '2028-01-31')).toBe('31 Dec 2027 to 30 Jan 2028');
    expect(periodText('2028-02-29', '2028-03-01')).toBe('29 Feb 2028 to 29 Feb 2028');
  });

  it('refuse a period that is not one', () => {
    expect(refusal(() => periodText('2027-02-30', '2027-03-31')).field).toBe('periodStart');
    expect(refusal(() => periodText('2027-02-28', '31-03-2027')).field).toBe('periodEnd');
    expect(refusal(() => periodText('2027-02-28', '2027-02-28')).message).toBe(
      'Must come after periodStart (periodEnd).',
    );
    expect(refusal(() => periodText('2027-02-28', '2027-02-01')).field).toBe('periodEnd');
  });

  it('are the recurring lines, each with the period and traced as RENEWAL_<kind>', () => {
    expect(renewalLineInputs([plan, os, addon], '2027-02-28', '2027-03-31')).toStrictEqual([
      {
        description: 'VPS Pro (monthly) — web1.example.com — 28 Feb 2027 to 30 Mar 2027',
        sac: '998315',
        quantity: '1',
        unitPrice: '1499.995',
        source: { kind: 'RENEWAL_PLAN', refId: 'plan-pro' },
      },
      {
        description: 'Windows Server licence — 28 Feb 2027 to 30 Mar 2027',
        sac: '997331',
        quantity: '1',
        unitPrice: '500',
        rate: '18',
        source: { kind: 'RENEWAL_OS_LICENCE', refId: 'os-win' },
      },
      {
        description: 'Backups — 28 Feb 2027 to 30 Mar 2027',
        sac: '998315',
        quantity: '2',
        unitPrice: '100.0025',
        source: { kind: 'RENEWAL_ADDON', refId: 'addon-backup' },
      },
    ]);
  });
});
