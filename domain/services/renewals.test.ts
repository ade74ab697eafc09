import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import { cancellationEndsOn, serviceDecider, type ServiceCommand } from './decider.ts';
import type { RecurringLine, ServiceEvent } from './events.ts';

/** Renewals and plan changes on the service stream (BILLING.md "Renewal and dunning", "Plan changes"). */
const given = specFor(serviceDecider);
const T = 'tenant-1';
const S = 'svc-1';
const now = '2027-02-21T04:30:00.000Z';
const ids = { tenantId: T, serviceId: S };
const origin = { kind: 'ORDER' as const, orderId: 'o1', itemNo: 1, invoiceId: 'i0' };

type Cmd<K extends ServiceCommand['type']> = Extract<ServiceCommand, { type: K }>;

const planLine: RecurringLine = {
  description: 'VPS Pro (monthly) — web1.example.com',
  sac: '998315',
  quantity: '1',
  unitPrice: '1499.995',
  source: { kind: 'PLAN', refId: 'plan-pro' },
};
const osLine: RecurringLine = {
  description: 'Windows Server licence',
  sac: '997331',
  quantity: '1',
  unitPrice: '500',
  rate: '18',
  source: { kind: 'OS_LICENCE', refId: 'os-win' },
};
const addonLine: RecurringLine = {
  description: 'Backups',
  sac: '998315',
  quantity: '2',
  unitPrice: '100.0025',
  source: { kind: 'ADDON', refId: 'addon-backup' },
};
/** 1499.995 + 500 + 200.005 = 2200.000 → "2200.00". */
const lines = [planLine, osLine, addonLine];

const createCmd = (over: Partial<Cmd<'CreateService'>> = {}): Cmd<'CreateService'> => ({
  type: 'CreateService',
  tenantId: T,
  serviceId: S,
  customerId: 'c1',
  origin,
  planId: 'plan-pro',
  planName: 'VPS Pro',
  planKind: 'VPS',
  cycle: 'MONTHLY',
  months: 1,
  recurringAmount: '2200.00',
  addons: [],
  dataCentreId: 'dc',
  dataCentreName: 'Mumbai',
  operatingSystemId: 'os-win',
  operatingSystemName: 'Windows',
  hostname: 'web1.example.com',
  module: 'MANUAL',
  hasControlPanel: false,
  paidOn: '2027-01-31',
  recurringLines: lines,
  now,
  ...over,
});
const created = serviceDecider.decide(createCmd(), serviceDecider.initialState)[0]!;
const provisioned: ServiceEvent = {
  type: 'ServiceProvisioned',
  data: {
    ...ids,
    customerId: 'c1',
    by: 'STAFF',
    provisionedBy: 'staff',
    vmId: null,
    hostname: 'web1.example.com',
    ipAddresses: ['10.0.0.1'],
    ssh: { username: 'root', port: 22, passwordSealed: null },
    controlPanel: null,
    notes: '',
    sendEmail: false,
    provisionedAt: now,
  },
};
const active = [created, provisioned];
const suspended: ServiceEvent = {
  type: 'ServiceSuspended',
  data: { ...ids, kind: 'NON_PAYMENT', reason: 'unpaid', suspendedBy: null, suspendedAt: now },
};
const terminated: ServiceEvent = {
  type: 'ServiceTerminated',
  data: { ...ids, reason: 'gone', terminatedBy: null, finalSnapshotId: null, terminatedAt: now },
};

// The first period 31 Jan → 28 Feb 2027; renewing it runs 28 Feb → 31 Mar (the anchor day).
const invoiceCmd = (over: Partial<Cmd<'InvoiceRenewal'>> = {}): Cmd<'InvoiceRenewal'> => ({
  type: 'InvoiceRenewal',
  invoiceId: 'r1',
  periodStart: '2027-02-28',
  periodEnd: '2027-03-31',
  replaces: null,
  now,
  ...over,
});
const invoiced = (invoiceId = 'r1', replaces: string | null = null): ServiceEvent => ({
  type: 'RenewalInvoiced',
  data: {
    ...ids,
    customerId: 'c1',
    invoiceId,
    periodStart: '2027-02-28',
    periodEnd: '2027-03-31',
    replaces,
    invoicedAt: now,
  },
});
const paidAt = '2027-03-05T06:00:00.000Z';
const renewCmd = (invoiceId = 'r1'): Cmd<'RenewService'> => ({
  type: 'RenewService',
  invoiceId,
  paidAt,
  now: paidAt,
});
const renewed = (invoiceId = 'r1'): ServiceEvent => ({
  type: 'ServiceRenewed',
  data: {
    ...ids,
    invoiceId,
    periodStart: '2027-02-28',
    nextDueDate: '2027-03-31',
    paidAt,
    renewedAt: paidAt,
  },
});

describe('services: recurring lines', () => {
  it('CreateService keeps the order’s recurring lines when they come to the recurring amount', () => {
    expect(created.type).toBe('ServiceCreated');
    expect((created.data as { recurringLines?: RecurringLine[] }).recurringLines).toEqual(lines);
    expect(fold(serviceDecider, [created]).recurringLines).toEqual(lines);
  });

  it('the lines copied reduce each source to kind and refId (an order line has its item too)', () => {
    const withItem = [
      { ...planLine, source: { ...planLine.source, itemNo: 1 } },
      osLine,
      addonLine,
    ];
    const [e] = serviceDecider.decide(
      createCmd({ recurringLines: withItem as RecurringLine[] }),
      serviceDecider.initialState,
    );
    expect((e!.data as { recurringLines: RecurringLine[] }).recurringLines[0]!.source).toEqual({
      kind: 'PLAN',
      refId: 'plan-pro',
    });
  });

  it('without lines the event has none (as before renewals) and the state has one PLAN line', () => {
    const [e] = serviceDecider.decide(
      createCmd({ recurringLines: undefined }),
      serviceDecider.initialState,
    );
    expect(e!.data).not.toHaveProperty('recurringLines');
    expect(fold(serviceDecider, [e!]).recurringLines).toEqual([
      {
        description: 'VPS Pro (monthly)',
        sac: '998315',
        quantity: '1',
        unitPrice: '2200.00',
        source: { kind: 'PLAN', refId: 'plan-pro' },
      },
    ]);
  });

  it('refuses lines that do not come to the recurring amount (rounded half up), naming the field', () => {
    given([])
      .when(createCmd({ recurringAmount: '2200.01' }))
      .thenRefuses(
        'BAD_USER_INPUT',
        /^The lines come to ₹2200.00 a cycle, not the recurring amount ₹2200.01 \(recurringLines\)\.$/,
      );
    // 1499.994 + 500 + 200.005 = 2199.999 → 2200.00 (half up at the paise).
    given([])
      .when(
        createCmd({ recurringLines: [{ ...planLine, unitPrice: '1499.994' }, osLine, addonLine] }),
      )
      .then([
        serviceDecider.decide(
          createCmd({
            recurringLines: [{ ...planLine, unitPrice: '1499.994' }, osLine, addonLine],
          }),
          serviceDecider.initialState,
        )[0]!,
      ]);
    // 1499.9949 …: 2199.9999 rounds to 2200.00; 1499.99 gives 2199.995 → 2200.00; 1499.98 → 2199.99.
    given([])
      .when(
        createCmd({ recurringLines: [{ ...planLine, unitPrice: '1499.984' }, osLine, addonLine] }),
      )
      .thenRefuses('BAD_USER_INPUT', /come to ₹2199.99 a cycle/);
  });
});

describe('services: InvoiceRenewal', () => {
  it('records the renewal invoice of the period starting on the next due date', () =>
    given(active).when(invoiceCmd()).then([invoiced()]));

  it('a suspended service is invoiced too', () =>
    given([...active, suspended])
      .when(invoiceCmd())
      .then([invoiced()]));

  it('the same invoice again for the period: nothing more', () =>
    given([...active, invoiced()])
      .when(invoiceCmd())
      .then([]));

  it('another invoice for a period already invoiced is refused', () =>
    given([...active, invoiced()])
      .when(invoiceCmd({ invoiceId: 'r2' }))
      .thenRefuses('CONFLICT', /already invoiced \(invoice r1\)/));

  it('another invoice replacing the recorded (cancelled) one is recorded, and remembers it', () => {
    given([...active, invoiced()])
      .when(invoiceCmd({ invoiceId: 'r2', replaces: 'r1' }))
      .then([invoiced('r2', 'r1')]);
    const s = fold(serviceDecider, [
      ...active,
      invoiced(),
      invoiced('r2', 'r1'),
      invoiced('r3', 'r2'),
    ]);
    expect(s.renewals['2027-02-28']).toEqual({
      invoiceId: 'r3',
      periodEnd: '2027-03-31',
      replaced: ['r1', 'r2'],
      renewedBy: null,
    });
  });

  it('replacing an invoice that is not the recorded one is refused', () => {
    given([...active, invoiced()])
      .when(invoiceCmd({ invoiceId: 'r2', replaces: 'r9' }))
      .thenRefuses('CONFLICT', /already invoiced/);
    given(active)
      .when(invoiceCmd({ replaces: 'r9' }))
      .thenRefuses('CONFLICT', /Invoice r9 is not the renewal invoice of 2027-02-28/);
  });

  it('only the period starting on the next due date, ending on the anchor day', () => {
    given(active)
      .when(invoiceCmd({ periodStart: '2027-03-31', periodEnd: '2027-04-30' }))
      .thenRefuses('CONFLICT', /starts on the next due date 2027-02-28, not 2027-03-31/);
    given(active)
      .when(invoiceCmd({ periodEnd: '2027-03-28' }))
      .thenRefuses(
        'BAD_USER_INPUT',
        /^The period starting 2027-02-28 ends on 2027-03-31 \(periodEnd\)\.$/,
      );
    given(active)
      .when(invoiceCmd({ periodStart: '28-02-2027' }))
      .thenRefuses('BAD_USER_INPUT', /periodStart/);
    given(active)
      .when(invoiceCmd({ invoiceId: '' }))
      .thenRefuses('BAD_USER_INPUT', /invoiceId/);
  });

  it('a service not running, or cancelled at the end of its period, is not invoiced', () => {
    given([]).when(invoiceCmd()).thenRefuses('NOT_FOUND');
    given([created])
      .when(invoiceCmd())
      .thenRefuses('CONFLICT', /this one is pending/);
    given([...active, terminated])
      .when(invoiceCmd())
      .thenRefuses('CONFLICT', /terminated/);
    const cancelling: ServiceEvent = {
      type: 'ServiceCancellationRequested',
      data: {
        ...ids,
        when: 'END_OF_PERIOD',
        reason: 'moving',
        requestedBy: 'c1',
        effectiveOn: '2027-02-28',
        requestedAt: now,
      },
    };
    given([...active, cancelling])
      .when(invoiceCmd())
      .thenRefuses('CONFLICT', /cancelled from 2027-02-28: it is not renewed/);
  });
});

describe('services: RenewService', () => {
  it('moves the next due date to the end of the renewed period, whenever it was paid', () => {
    given([...active, invoiced()])
      .when(renewCmd())
      .then([renewed()]);
    const s = fold(serviceDecider, [...active, invoiced(), renewed()]);
    expect(s.periodStart).toBe('2027-02-28');
    expect(s.nextDueDate).toBe('2027-03-31');
    expect(s.renewals['2027-02-28']!.renewedBy).toBe('r1');
  });

  it('renewing by the same invoice again: nothing more (a payment racing the scheduler)', () =>
    given([...active, invoiced(), renewed()])
      .when(renewCmd())
      .then([]));

  it('a cancelled service is not renewed', () => {
    const cancelled: ServiceEvent = {
      type: 'ServiceCancelled',
      data: {
        ...ids,
        customerId: 'c1',
        origin,
        reason: 'never ran',
        cancelledBy: null,
        creditToWallet: true,
        cancelledAt: now,
      },
    };
    given([created, invoiced(), cancelled])
      .when(renewCmd())
      .thenRefuses('CONFLICT', /This service is cancelled; it is not renewed/);
    given([created, invoiced()]).when(renewCmd()).then([renewed()]);
  });

  it('a suspended service is renewed too; a terminated one is not', () => {
    given([...active, invoiced(), suspended])
      .when(renewCmd())
      .then([renewed()]);
    given([...active, invoiced(), terminated])
      .when(renewCmd())
      .thenRefuses('CONFLICT', /terminated/);
  });

  it('only a recorded renewal invoice of the current due date renews', () => {
    given([...active, invoiced()])
      .when(renewCmd('other'))
      .thenRefuses('CONFLICT', /Invoice other is not a renewal of this service/);
    given([]).when(renewCmd()).thenRefuses('NOT_FOUND');
    const moved: ServiceEvent = {
      type: 'ServiceDueDateChanged',
      data: {
        ...ids,
        from: '2027-02-28',
        to: '2027-03-10',
        reason: 'asked',
        changedBy: 'staff',
        changedAt: now,
      },
    };
    given([...active, invoiced(), moved])
      .when(renewCmd())
      .thenRefuses('CONFLICT', /bills the period from 2027-02-28; the next due date is 2027-03-10/);
  });

  it('a replaced invoice does not renew; the replacing one does', () => {
    const history = [...active, invoiced(), invoiced('r2', 'r1')];
    given(history)
      .when(renewCmd('r1'))
      .thenRefuses('CONFLICT', /not a renewal/);
    given(history)
      .when(renewCmd('r2'))
      .then([{ ...renewed('r2') }]);
  });

  it('refuses a payment instant that is not one', () =>
    given([...active, invoiced()])
      .when({ ...renewCmd(), paidAt: 'yesterday' })
      .thenRefuses('BAD_USER_INPUT', /now|paidAt/));
});

// ------------------------------------------------------------------------------------------
const bigLines: RecurringLine[] = [
  {
    description: 'VPS Max (monthly)',
    sac: '998315',
    quantity: '1',
    unitPrice: '2999.995',
    source: { kind: 'PLAN', refId: 'plan-max' },
  },
  osLine,
  addonLine,
];
const proration = {
  on: '2027-02-21',
  daysLeft: 7,
  daysInPeriod: 28,
  amount: '375.00',
  description: 'VPS Pro → VPS Max, 7 of 28 days',
};
const requestCmd = (over: Partial<Cmd<'RequestPlanChange'>> = {}): Cmd<'RequestPlanChange'> => ({
  type: 'RequestPlanChange',
  changeId: 'ch1',
  direction: 'UPGRADE',
  toPlanId: 'plan-max',
  toPlanName: 'VPS Max',
  toPlanKind: 'VPS',
  toCycle: 'MONTHLY',
  recurringLines: bigLines,
  proration,
  invoiceId: 'pc1',
  creditedInvoiceId: null,
  creditNoteId: null,
  requestedBy: 'c1',
  now,
  ...over,
});
const requested = (over: Partial<Record<string, unknown>> = {}): ServiceEvent =>
  ({
    type: 'ServicePlanChangeRequested',
    data: {
      ...ids,
      customerId: 'c1',
      changeId: 'ch1',
      direction: 'UPGRADE',
      fromPlanId: 'plan-pro',
      fromPlanName: 'VPS Pro',
      toPlanId: 'plan-max',
      toPlanName: 'VPS Max',
      recurringLines: bigLines,
      recurringAmount: '3700.00',
      proration,
      invoiceId: 'pc1',
      creditedInvoiceId: null,
      creditNoteId: null,
      requestedBy: 'c1',
      requestedAt: now,
      ...over,
    },
  }) as ServiceEvent;
const awaitingStaff: ServiceEvent = {
  type: 'ServicePlanChangeAwaitingStaff',
  data: { ...ids, changeId: 'ch1', reason: 'not scalable', at: now },
};
const changed = (
  by: 'MODULE' | 'STAFF' = 'MODULE',
  appliedBy: string | null = null,
): ServiceEvent => ({
  type: 'ServicePlanChanged',
  data: {
    ...ids,
    changeId: 'ch1',
    planId: 'plan-max',
    planName: 'VPS Max',
    recurringLines: bigLines,
    recurringAmount: '3700.00',
    by,
    appliedBy,
    appliedAt: now,
  },
});
const cancelledChange: ServiceEvent = {
  type: 'ServicePlanChangeCancelled',
  data: {
    ...ids,
    changeId: 'ch1',
    reason: 'invoice cancelled',
    cancelledBy: null,
    cancelledAt: now,
  },
};
const apply = (over: Partial<Cmd<'ApplyPlanChange'>> = {}): Cmd<'ApplyPlanChange'> => ({
  type: 'ApplyPlanChange',
  changeId: 'ch1',
  by: 'MODULE',
  appliedBy: null,
  now,
  ...over,
});
const cancelChange = (over: Partial<Cmd<'CancelPlanChange'>> = {}): Cmd<'CancelPlanChange'> => ({
  type: 'CancelPlanChange',
  changeId: 'ch1',
  reason: 'invoice cancelled',
  cancelledBy: null,
  now,
  ...over,
});
const markStaff = (over: Partial<Cmd<'MarkPlanChangeAwaitingStaff'>> = {}) =>
  ({
    type: 'MarkPlanChangeAwaitingStaff',
    changeId: 'ch1',
    reason: 'not scalable',
    now,
    ...over,
  }) as Cmd<'MarkPlanChangeAwaitingStaff'>;

describe('services: a cancellation at the end of the period, paid past anyway', () => {
  const requested: ServiceEvent = {
    type: 'ServiceCancellationRequested',
    data: {
      ...ids,
      when: 'END_OF_PERIOD',
      reason: 'moving',
      requestedBy: 'u1',
      effectiveOn: '2027-02-28',
      requestedAt: now,
    },
  };
  const withdraw = (at: string): Cmd<'WithdrawCancellation'> => ({
    type: 'WithdrawCancellation',
    withdrawnBy: 'u1',
    now: at,
  });
  const withdrawn = (at: string): ServiceEvent => ({
    type: 'ServiceCancellationWithdrawn',
    data: { ...ids, withdrawnBy: 'u1', withdrawnAt: at },
  });
  const paidPast = [...active, invoiced(), requested, renewed()];

  it('ends with the period paid, not on the cancellation day', () => {
    const state = fold(serviceDecider, paidPast);
    expect(cancellationEndsOn(state as Parameters<typeof cancellationEndsOn>[0])).toBe(
      '2027-03-31',
    );
    expect(
      cancellationEndsOn({
        nextDueDate: '2027-02-28',
        cancellation: { effectiveOn: '2027-02-28' },
      }),
    ).toBe('2027-02-28');
    expect(
      cancellationEndsOn({
        nextDueDate: '2027-02-27',
        cancellation: { effectiveOn: '2027-02-28' },
      }),
    ).toBe('2027-02-28');
  });

  it('may be withdrawn during the month paid past the cancellation day, until that month ends', () => {
    const inPaidMonth = '2027-03-10T06:00:00.000Z';
    given(paidPast)
      .when(withdraw(inPaidMonth))
      .then([withdrawn(inPaidMonth)]);
    const lastDay = '2027-03-30T18:29:59.000Z'; // 23:59:59 on 30 Mar in India
    given(paidPast)
      .when(withdraw(lastDay))
      .then([withdrawn(lastDay)]);
    given(paidPast)
      .when(withdraw('2027-03-30T18:30:00.000Z'))
      .thenRefuses('CONFLICT', /took effect on 2027-03-31/);
    // Not paid past it: refused from the cancellation day, as before.
    given([...active, requested])
      .when(withdraw('2027-02-27T18:30:00.000Z'))
      .thenRefuses('CONFLICT', /took effect on 2027-02-28/);
  });
});

describe('services: RequestPlanChange', () => {
  it('an upgrade waits for its invoice; the new lines and their sum (rounded half up) are kept', () => {
    given(active).when(requestCmd()).then([requested()]);
    expect(fold(serviceDecider, [...active, requested()]).planChange).toEqual({
      changeId: 'ch1',
      direction: 'UPGRADE',
      status: 'AWAITING_PAYMENT',
      invoiceId: 'pc1',
      toPlanId: 'plan-max',
      toPlanName: 'VPS Max',
      recurringLines: bigLines,
      recurringAmount: '3700.00',
    });
  });

  it('a downgrade names its credit note and credits (a negative or zero proration)', () => {
    const small: RecurringLine[] = [
      { ...bigLines[0]!, unitPrice: '999.994', source: { kind: 'PLAN', refId: 'plan-max' } },
    ];
    const p = { ...proration, amount: '-125.00' };
    given(active)
      .when(
        requestCmd({
          direction: 'DOWNGRADE',
          recurringLines: small,
          proration: p,
          invoiceId: null,
          creditedInvoiceId: 'r0',
          creditNoteId: 'cn1',
        }),
      )
      .then([
        requested({
          direction: 'DOWNGRADE',
          recurringLines: small,
          recurringAmount: '999.99',
          proration: p,
          invoiceId: null,
          creditedInvoiceId: 'r0',
          creditNoteId: 'cn1',
        }),
      ]);
    given(active)
      .when(
        requestCmd({
          direction: 'DOWNGRADE',
          proration: { ...proration, amount: '0' },
          invoiceId: null,
          creditNoteId: 'cn1',
        }),
      )
      .then([
        requested({
          direction: 'DOWNGRADE',
          proration: { ...proration, amount: '0.00' },
          invoiceId: null,
          creditNoteId: 'cn1',
        }),
      ]);
    given(active)
      .when(requestCmd({ proration: { ...proration, amount: '0.00' } }))
      .then([requested({ proration: { ...proration, amount: '0.00' } })]);
  });

  it('a downgrade over several invoices names a credit note each, adding up to the credit', () => {
    const p = { ...proration, amount: '-125.00' };
    const down = (credits: unknown) =>
      requestCmd({
        direction: 'DOWNGRADE',
        proration: p,
        invoiceId: null,
        creditedInvoiceId: 'r0',
        creditNoteId: 'cn1',
        credits: credits as never,
      });
    const two = [
      { invoiceId: 'r0', creditNoteId: 'cn1', taxableValue: '100' },
      { invoiceId: 'pc0', creditNoteId: 'cn2', taxableValue: '25.00' },
    ];
    given(active)
      .when(down(two))
      .then([
        requested({
          direction: 'DOWNGRADE',
          proration: p,
          invoiceId: null,
          creditedInvoiceId: 'r0',
          creditNoteId: 'cn1',
          credits: [
            { invoiceId: 'r0', creditNoteId: 'cn1', taxableValue: '100.00' },
            { invoiceId: 'pc0', creditNoteId: 'cn2', taxableValue: '25.00' },
          ],
        }),
      ]);
    const refusals: [unknown, RegExp][] = [
      [[], /^Give 1 to 10 credit notes \(credits\)\.$/],
      [Array(11).fill(two[0]), /^Give 1 to 10 credit notes \(credits\)\.$/],
      [[{ ...two[0], invoiceId: '' }, two[1]], /^Give the invoice \(credits\.0\.invoiceId\)\.$/],
      [[two[0], { ...two[1], creditNoteId: '' }], /^Give the credit note/],
      [[two[0], { ...two[1], taxableValue: '2.5.0' }], /\(credits\.1\.taxableValue\)\.$/],
      [[two[0], { ...two[1], taxableValue: '0.00' }], /^Must be more than zero/],
      [
        [two[1], two[0]],
        /^The first credit note is the one on the credited invoice \(credits\)\.$/,
      ],
      [
        [{ ...two[0], creditNoteId: 'cn9' }, two[1]],
        /^The first credit note is the one on the credited invoice/,
      ],
      [
        [two[0], { ...two[1], taxableValue: '25.01' }],
        /^The credit notes add up to ₹125\.01, not the credit ₹125\.00/,
      ],
      [[two[0]], /^The credit notes add up to ₹100\.00, not the credit ₹125\.00 \(credits\)\.$/],
    ];
    for (const [credits, message] of refusals)
      given(active).when(down(credits)).thenRefuses('BAD_USER_INPUT', message);
    given(active)
      .when(requestCmd({ credits: two }))
      .thenRefuses('BAD_USER_INPUT', /^Only a downgrade is credited/);
  });

  it('the proration’s sign follows the direction', () => {
    given(active)
      .when(requestCmd({ proration: { ...proration, amount: '-0.01' } }))
      .thenRefuses('BAD_USER_INPUT', /^An upgrade charges/);
    given(active)
      .when(
        requestCmd({
          direction: 'DOWNGRADE',
          creditNoteId: 'cn1',
          proration: { ...proration, amount: '0.01' },
        }),
      )
      .thenRefuses('BAD_USER_INPUT', /^A downgrade credits/);
    given(active)
      .when(requestCmd({ proration: { ...proration, amount: '1.005' } }))
      .thenRefuses('BAD_USER_INPUT', /proration.amount/);
  });

  it('the proration’s days are checked', () => {
    for (const [p, field] of [
      [{ ...proration, on: '2027-02-30' }, /proration.on/],
      [{ ...proration, daysInPeriod: 0 }, /proration.daysInPeriod/],
      [{ ...proration, daysInPeriod: 1.5 }, /proration.daysInPeriod/],
      [
        { ...proration, daysLeft: -1 },
        /^Must be a whole number from 0 to 28 \(proration\.daysLeft\)\.$/,
      ],
      [{ ...proration, daysLeft: 29 }, /proration.daysLeft/],
      [{ ...proration, daysLeft: 2.5 }, /proration.daysLeft/],
      [{ ...proration, description: ' ' }, /proration.description/],
    ] as const)
      given(active)
        .when(requestCmd({ proration: p }))
        .thenRefuses('BAD_USER_INPUT', field);
    given(active)
      .when(requestCmd({ proration: { ...proration, daysLeft: 0 } }))
      .then([requested({ proration: { ...proration, daysLeft: 0 } })]);
    given(active)
      .when(requestCmd({ proration: { ...proration, daysLeft: 28, daysInPeriod: 28 } }))
      .then([requested({ proration: { ...proration, daysLeft: 28 } })]);
    given(active)
      .when(requestCmd({ proration: { ...proration, daysInPeriod: 1, daysLeft: 1 } }))
      .then([requested({ proration: { ...proration, daysInPeriod: 1, daysLeft: 1 } })]);
    for (const p of [null, 'x'])
      given(active)
        .when(requestCmd({ proration: p as never }))
        .thenRefuses('BAD_USER_INPUT', /^Give the proration/);
    given(active)
      .when(requestCmd({ proration: { ...proration, daysInPeriod: 0 } }))
      .thenRefuses('BAD_USER_INPUT', /^Must be a whole number of days, at least 1/);
    given(active)
      .when(requestCmd({ proration: { ...proration, amount: '1.005' } }))
      .thenRefuses('BAD_USER_INPUT', /^The amount has 3 decimals/);
  });

  it('only to another plan of the same kind and cycle (BAD_USER_INPUT planId)', () => {
    given(active)
      .when(requestCmd({ toCycle: 'ANNUAL' }))
      .thenRefuses('BAD_USER_INPUT', /^Choose a plan of the same kind and billing cycle/);
    given(active)
      .when(requestCmd({ toPlanKind: 'DEDICATED' as never }))
      .thenRefuses('BAD_USER_INPUT', /^Choose a plan of the same kind/);
    given(active)
      .when(
        requestCmd({
          toPlanId: 'plan-pro',
          recurringLines: [{ ...bigLines[0]!, source: { kind: 'PLAN', refId: 'plan-pro' } }],
        }),
      )
      .thenRefuses('BAD_USER_INPUT', /^The service is already on VPS Pro/);
    given(active)
      .when(requestCmd({ toPlanId: '' }))
      .thenRefuses('BAD_USER_INPUT', /planId/);
    given(active)
      .when(requestCmd({ toPlanId: 'plan-other' }))
      .thenRefuses('BAD_USER_INPUT', /^The PLAN line must be the new plan/);
    given(active)
      .when(requestCmd({ direction: 'SIDEWAYS' as never }))
      .thenRefuses('BAD_USER_INPUT', /^Must be UPGRADE or DOWNGRADE/);
    given(active)
      .when(requestCmd({ toPlanId: 7 as never }))
      .thenRefuses('BAD_USER_INPUT', /^Choose a plan/);
    // The PLAN line need not come first.
    given(active)
      .when(requestCmd({ recurringLines: [osLine, ...bigLines.filter((l) => l !== osLine)] }))
      .then([requested({ recurringLines: [osLine, bigLines[0], addonLine] })]);
    given(active)
      .when(
        requestCmd({
          recurringLines: [osLine, { ...bigLines[0]!, source: { kind: 'PLAN', refId: 'x' } }],
        }),
      )
      .thenRefuses('BAD_USER_INPUT', /PLAN line must be the new plan/);
    given(active)
      .when(requestCmd({ recurringLines: [osLine] }))
      .thenRefuses('BAD_USER_INPUT', /^Give exactly one PLAN line/);
  });

  it('an upgrade needs its invoice, a downgrade its credit note', () => {
    given(active)
      .when(requestCmd({ invoiceId: null }))
      .thenRefuses('BAD_USER_INPUT', /^An upgrade is invoiced: give its invoice/);
    given(active)
      .when(
        requestCmd({
          direction: 'DOWNGRADE',
          proration: { ...proration, amount: '-1.00' },
          creditNoteId: null,
        }),
      )
      .thenRefuses('BAD_USER_INPUT', /^A downgrade is credited: give its credit note/);
  });

  it('an active service only, one change at a time; the same change again is nothing more', () => {
    given([...active, suspended])
      .when(requestCmd())
      .thenRefuses('CONFLICT', /suspended/);
    given([created])
      .when(requestCmd())
      .thenRefuses('CONFLICT', /pending/);
    given([]).when(requestCmd()).thenRefuses('NOT_FOUND');
    given([...active, requested()])
      .when(requestCmd({ changeId: 'ch2' }))
      .thenRefuses('CONFLICT', /A change to VPS Max is already pending/);
    given([...active, requested()])
      .when(requestCmd())
      .then([]);
    given([...active, requested(), changed()])
      .when(requestCmd())
      .then([]);
    given([...active, requested(), cancelledChange])
      .when(requestCmd())
      .then([]);
  });
});

describe('services: applying, waiting for staff, cancelling a plan change', () => {
  it('ApplyPlanChange puts the service on the new plan and clears the change', () => {
    given([...active, requested()])
      .when(apply())
      .then([changed()]);
    given([...active, requested(), awaitingStaff])
      .when(apply({ by: 'STAFF', appliedBy: 'staff-1' }))
      .then([changed('STAFF', 'staff-1')]);
    const s = fold(serviceDecider, [...active, requested(), changed()]);
    expect(s).toMatchObject({
      planId: 'plan-max',
      planName: 'VPS Max',
      recurringLines: bigLines,
      recurringAmount: '3700.00',
      planChange: null,
      nextDueDate: '2027-02-28',
    });
  });

  it('applied twice: nothing more; another or unknown change is refused', () => {
    given([...active, requested(), changed()])
      .when(apply())
      .then([]);
    given([...active, requested()])
      .when(apply({ changeId: 'ch9' }))
      .thenRefuses('CONFLICT', /Plan change ch9 is not pending/);
    given(active)
      .when(apply())
      .thenRefuses('CONFLICT', /not pending/);
    given([...active, requested(), cancelledChange])
      .when(apply())
      .thenRefuses('CONFLICT', /Plan change ch1 was cancelled/);
    given([...active, requested()])
      .when(apply({ by: 'ROBOT' as never }))
      .thenRefuses('BAD_USER_INPUT', /^Must be MODULE or STAFF/);
    given([...active, requested(), terminated])
      .when(apply())
      .thenRefuses('CONFLICT', /terminated/);
    given([...active, requested(), suspended])
      .when(apply())
      .then([changed()]);
  });

  it('MarkPlanChangeAwaitingStaff once; the change stays pending for staff', () => {
    given([...active, requested()])
      .when(markStaff())
      .then([awaitingStaff]);
    given([...active, requested(), awaitingStaff])
      .when(markStaff())
      .then([]);
    expect(fold(serviceDecider, [...active, requested(), awaitingStaff]).planChange?.status).toBe(
      'AWAITING_STAFF',
    );
    given([...active, requested()])
      .when(markStaff({ changeId: 'ch9' }))
      .thenRefuses('CONFLICT', /not pending/);
    given([...active, requested(), changed()])
      .when(markStaff())
      .thenRefuses('CONFLICT', /was applied/);
    given([...active, requested()])
      .when(markStaff({ reason: '' }))
      .thenRefuses('BAD_USER_INPUT', /reason/);
  });

  it('CancelPlanChange drops the change; twice is nothing more; an applied one is refused', () => {
    given([...active, requested()])
      .when(cancelChange())
      .then([cancelledChange]);
    given([...active, requested(), cancelledChange])
      .when(cancelChange())
      .then([]);
    given([...active, requested(), changed()])
      .when(cancelChange())
      .thenRefuses('CONFLICT', /was applied/);
    given([...active, requested()])
      .when(cancelChange({ changeId: 'ch2' }))
      .thenRefuses('CONFLICT', /not pending/);
    given([...active, requested()])
      .when(cancelChange({ reason: ' ' }))
      .thenRefuses('BAD_USER_INPUT', /reason/);
    const s = fold(serviceDecider, [...active, requested(), cancelledChange]);
    expect(s.planChange).toBeNull();
    expect(s.planId).toBe('plan-pro');
    expect(s.closedChanges).toEqual({ ch1: 'CANCELLED' });
    given([...active, requested(), cancelledChange])
      .when(requestCmd({ changeId: 'ch2' }))
      .then([requested({ changeId: 'ch2' })]);
  });

  it('a plan change waiting for staff is no pending upgrade for a second change', () =>
    given([...active, requested(), awaitingStaff])
      .when(requestCmd({ changeId: 'ch2' }))
      .thenRefuses('CONFLICT', /already pending/));

  it('an AwaitingStaff event with no change pending changes nothing', () => {
    const s = fold(serviceDecider, active);
    expect(serviceDecider.evolve(s, awaitingStaff).planChange).toBeNull();
  });
});
