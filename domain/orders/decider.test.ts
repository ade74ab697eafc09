import { describe, expect, it } from 'vitest';
import { DomainError, fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import { demoSnapshot, T } from '../catalog/spec-fixtures.ts';
import { orderDecider, type OrderCommand } from './decider.ts';
import { orderStreamId, type OrderEvent } from './events.ts';
import { checkHostname, priceOrder, type OrderItemInput, type OrderLine } from './pricing.ts';

const given = specFor(orderDecider);
const now = '2026-05-01T10:00:00.000Z';
const catalog = demoSnapshot();

const item = (over: Partial<OrderItemInput> = {}): OrderItemInput => ({
  planId: 'plan-vps',
  cycle: 'MONTHLY',
  operatingSystemId: 'os-ubuntu',
  dataCentreId: 'dc-mum',
  hostname: ' Web1.Example.com ',
  addons: [{ addonId: 'addon-cpanel' }, { addonId: 'addon-backup' }],
  ...over,
});
const place = (
  items: OrderItemInput[] = [item()],
  over: Partial<Extract<OrderCommand, { type: 'PlaceOrder' }>> = {},
): OrderCommand => ({
  type: 'PlaceOrder',
  tenantId: T,
  orderId: 'o1',
  customerId: 'c1',
  invoiceId: 'i1',
  items,
  catalog,
  now,
  ...over,
});

/** The VPS Pro order of the worked examples: ₹1,234.56 a month, ₹499.00 setup, cPanel ₹449.00, backup ₹120.50. */
const vpsLines: OrderLine[] = [
  {
    description: 'VPS Pro (monthly) — web1.example.com',
    sac: '998315',
    quantity: '1',
    unitPrice: '1234.56',
    source: { itemNo: 1, kind: 'PLAN', refId: 'plan-vps' },
  },
  {
    description: 'Setup fee: VPS Pro — web1.example.com',
    sac: '998315',
    quantity: '1',
    unitPrice: '499.00',
    source: { itemNo: 1, kind: 'SETUP_FEE', refId: 'plan-vps' },
  },
  {
    description: 'cPanel/WHM (monthly) — web1.example.com',
    sac: '998315',
    quantity: '1',
    unitPrice: '449.00',
    source: { itemNo: 1, kind: 'ADDON', refId: 'addon-cpanel' },
  },
  {
    description: 'Daily Backup (monthly) — web1.example.com',
    sac: '998315',
    quantity: '1',
    unitPrice: '120.50',
    source: { itemNo: 1, kind: 'ADDON', refId: 'addon-backup' },
  },
];
const vpsItem = {
  itemNo: 1,
  planId: 'plan-vps',
  planName: 'VPS Pro',
  planKind: 'VPS' as const,
  cycle: 'MONTHLY' as const,
  months: 1,
  operatingSystemId: 'os-ubuntu',
  operatingSystemName: 'Ubuntu 24.04',
  dataCentreId: 'dc-mum',
  dataCentreName: 'Mumbai',
  hostname: 'web1.example.com',
  addons: [
    { addonId: 'addon-cpanel', name: 'cPanel/WHM', quantity: 1, recurring: true },
    { addonId: 'addon-backup', name: 'Daily Backup', quantity: 1, recurring: true },
  ],
};
const placed: OrderEvent = {
  type: 'OrderPlaced',
  data: {
    tenantId: T,
    orderId: 'o1',
    customerId: 'c1',
    invoiceId: 'i1',
    items: [vpsItem],
    lines: vpsLines,
    placedAt: now,
    expiresAt: '2026-05-08T10:00:00.000Z',
  },
};
const paid: OrderEvent = {
  type: 'OrderPaid',
  data: { tenantId: T, orderId: 'o1', invoiceId: 'i1', paidAt: now },
};
const cancelled = (over: Record<string, unknown> = {}): OrderEvent =>
  ({
    type: 'OrderCancelled',
    data: {
      tenantId: T,
      orderId: 'o1',
      invoiceId: 'i1',
      reason: 'CUSTOMER',
      cancelledBy: 'u1',
      note: '',
      cancelledAt: now,
      ...over,
    },
  }) as OrderEvent;

function refusedField(items: OrderItemInput[]): string {
  try {
    orderDecider.decide(place(items), orderDecider.initialState);
  } catch (e) {
    if (e instanceof DomainError && e.code === 'BAD_USER_INPUT') return e.issues[0]!.path.join('.');
    throw e;
  }
  throw new Error('accepted');
}

describe('orders: placing', () => {
  it('records the items as sold and the invoice lines at the prices of the moment; expires in 7 days', () =>
    given([]).when(place()).then([placed]));
  it('a tenant may set another unpaid period', () => {
    const [e] = orderDecider.decide(
      place([item()], { unpaidCancelAfterDays: 3 }),
      orderDecider.initialState,
    );
    expect(e?.type === 'OrderPlaced' && e.data.expiresAt).toBe('2026-05-04T10:00:00.000Z');
    given([])
      .when(place([item()], { unpaidCancelAfterDays: 0 }))
      .thenRefuses('BAD_USER_INPUT', /unpaidCancelAfterDays/);
  });
  it('an order is placed once', () =>
    given([placed])
      .when(place())
      .thenRefuses('CONFLICT', /already placed/));
  it('refuses each bad item naming its field, and writes nothing', () => {
    const cases: [OrderItemInput[], string][] = [
      [[], 'items'],
      [[item({ planId: 'plan-x' })], 'items.0.planId'],
      [[item({ planId: 'plan-old' })], 'items.0.planId'],
      [[item({ cycle: 'BIENNIAL' })], 'items.0.cycle'],
      [[item({ operatingSystemId: 'os-x' })], 'items.0.operatingSystemId'],
      [[item({ operatingSystemId: 'os-centos' })], 'items.0.operatingSystemId'],
      [
        [item({ operatingSystemId: 'os-win', cycle: 'QUARTERLY', addons: [] })],
        'items.0.operatingSystemId',
      ],
      [[item({ dataCentreId: 'dc-fra' })], 'items.0.dataCentreId'],
      [[item({ dataCentreId: 'dc-x' })], 'items.0.dataCentreId'],
      [[item({ dataCentreId: 'dc-sgp' })], 'items.0.dataCentreId'],
      [[item({ hostname: '-web.example.com' })], 'items.0.hostname'],
      [[item(), item()], 'items.1.hostname'],
      [[item({ addons: [{ addonId: 'addon-x' }] })], 'items.0.addons.0.addonId'],
      [[item({ addons: [{ addonId: 'addon-ip' }] })], 'items.0.addons.0.addonId'],
      [
        [item({ addons: [{ addonId: 'addon-backup' }, { addonId: 'addon-backup' }] })],
        'items.0.addons.1.addonId',
      ],
      [[item({ addons: [{ addonId: 'addon-backup', quantity: 0 }] })], 'items.0.addons.0.quantity'],
      [
        [item({ addons: [{ addonId: 'addon-backup', quantity: 1.5 }] })],
        'items.0.addons.0.quantity',
      ],
      [
        [item({ addons: [{ addonId: 'addon-backup', quantity: 65 }] })],
        'items.0.addons.0.quantity',
      ],
      [
        [item({ cycle: 'ANNUAL', addons: [{ addonId: 'addon-cpanel' }] })],
        'items.0.addons.0.addonId',
      ],
      [
        [item({ planId: 'plan-shared', addons: [{ addonId: 'addon-cpanel' }] })],
        'items.0.addons.0.addonId',
      ],
      [Array.from({ length: 21 }, (_, i) => item({ hostname: `h${i}` })), 'items'],
    ];
    for (const [items, field] of cases) expect(refusedField(items), field).toBe(field);
  });
  it('says why in the message', () => {
    given([])
      .when(place([item({ planId: 'plan-old' })]))
      .thenRefuses('BAD_USER_INPUT', /^Plan "Old VPS" is retired/);
    given([])
      .when(place([item({ cycle: 'BIENNIAL' })]))
      .thenRefuses('BAD_USER_INPUT', /not offered biennial; choose MONTHLY, QUARTERLY, ANNUAL/);
    given([])
      .when(place([item({ dataCentreId: 'dc-sgp' })]))
      .thenRefuses('BAD_USER_INPUT', /"Asia" takes no new orders \(maintenance\)/);
    given([])
      .when(place([item({ planId: 'plan-shared', addons: [{ addonId: 'addon-cpanel' }] })]))
      .thenRefuses('BAD_USER_INPUT', /"cPanel\/WHM" does not fit a SHARED plan/);
  });
});

describe('orders: pricing', () => {
  it('a hidden plan without setup fee gives one line; an OS licence and a one-time add-on with a quantity get theirs', () => {
    const { lines, items } = priceOrder(
      [
        item({ planId: 'plan-shared', hostname: 'site', addons: [] }),
        item({
          cycle: 'ANNUAL',
          operatingSystemId: 'os-win',
          hostname: 'win1.example.com',
          addons: [{ addonId: 'addon-ssl', quantity: 2 }],
        }),
      ],
      catalog,
    );
    expect(lines).toEqual([
      {
        description: 'Shared Starter (monthly) — site',
        sac: '998315',
        quantity: '1',
        unitPrice: '449.00',
        source: { itemNo: 1, kind: 'PLAN', refId: 'plan-shared' },
      },
      {
        description: 'VPS Pro (annual) — win1.example.com',
        sac: '998315',
        quantity: '1',
        unitPrice: '13580.16',
        source: { itemNo: 2, kind: 'PLAN', refId: 'plan-vps' },
      },
      {
        description: 'Setup fee: VPS Pro — win1.example.com',
        sac: '998315',
        quantity: '1',
        unitPrice: '499.00',
        source: { itemNo: 2, kind: 'SETUP_FEE', refId: 'plan-vps' },
      },
      {
        description: 'SSL Wildcard (one-time) — win1.example.com',
        sac: '998316',
        quantity: '2',
        unitPrice: '5999.00',
        source: { itemNo: 2, kind: 'ADDON', refId: 'addon-ssl' },
      },
      {
        description: 'Windows Server 2022 licence (annual) — win1.example.com',
        sac: '998315',
        quantity: '1',
        unitPrice: '15000.00',
        source: { itemNo: 2, kind: 'OS_LICENCE', refId: 'os-win' },
      },
    ]);
    expect(items.map((i) => [i.itemNo, i.months, i.addons])).toEqual([
      [1, 1, []],
      [2, 12, [{ addonId: 'addon-ssl', name: 'SSL Wildcard', quantity: 2, recurring: false }]],
    ]);
  });
  it('a plan with its own GST rate passes it on every line of the plan', () => {
    const custom = {
      ...catalog,
      plans: {
        ...catalog.plans,
        'plan-vps': { ...catalog.plans['plan-vps']!, sac: '998599', gstRate: '12' },
      },
    };
    const { lines } = priceOrder([item({ addons: [{ addonId: 'addon-backup' }] })], custom);
    expect(lines.map((l) => [l.source.kind, l.sac, l.rate])).toEqual([
      ['PLAN', '998599', '12'],
      ['SETUP_FEE', '998599', '12'],
      ['ADDON', '998315', undefined],
    ]);
  });
  it('RFC 1123 host names', () => {
    for (const ok of [
      'a',
      'web-1',
      'WEB1.example.COM',
      '1host',
      `${'a'.repeat(63)}.com`,
      `${'a.'.repeat(126)}a`,
    ])
      expect(() => checkHostname(ok, 'h'), ok).not.toThrow();
    for (const bad of [
      '',
      ' ',
      'web_1',
      'web-',
      '-web',
      'a..b',
      'a.',
      '.a',
      `${'a'.repeat(64)}.com`,
      `${'a.'.repeat(126)}ab`,
      'héllo',
      'a b',
    ])
      expect(() => checkHostname(bad, 'h'), bad).toThrowError(/^Must be a host name/);
    expect(checkHostname(' Web1.Example.com ', 'h')).toBe('web1.example.com');
  });
});

describe('orders: paying, fulfilling, cancelling', () => {
  it('paid by its invoice, once', () => {
    given([placed]).when({ type: 'MarkOrderPaid', invoiceId: 'i1', now }).then([paid]);
    given([placed, paid]).when({ type: 'MarkOrderPaid', invoiceId: 'i1', now }).then([]);
    given([placed])
      .when({ type: 'MarkOrderPaid', invoiceId: 'i2', now })
      .thenRefuses('CONFLICT', /does not bill this order/);
    given([placed, cancelled()])
      .when({ type: 'MarkOrderPaid', invoiceId: 'i1', now })
      .thenRefuses('CONFLICT', /cancelled/);
    given([]).when({ type: 'MarkOrderPaid', invoiceId: 'i1', now }).thenRefuses('NOT_FOUND');
  });
  it('fulfilled item by item; the last one fulfils the order; repeats are no-ops', () => {
    const two: OrderEvent = {
      ...placed,
      data: {
        ...placed.data,
        items: [vpsItem, { ...vpsItem, itemNo: 2, hostname: 'web2.example.com' }],
      },
    } as OrderEvent;
    const first: OrderEvent = {
      type: 'OrderItemFulfilled',
      data: { tenantId: T, orderId: 'o1', itemNo: 1, serviceId: 's1', fulfilledAt: now },
    };
    given([two, paid])
      .when({ type: 'FulfilOrderItem', itemNo: 1, serviceId: 's1', now })
      .then([first]);
    given([two, paid, first])
      .when({ type: 'FulfilOrderItem', itemNo: 2, serviceId: 's2', now })
      .then([
        {
          type: 'OrderItemFulfilled',
          data: { tenantId: T, orderId: 'o1', itemNo: 2, serviceId: 's2', fulfilledAt: now },
        },
        { type: 'OrderFulfilled', data: { tenantId: T, orderId: 'o1', fulfilledAt: now } },
      ]);
    given([two, paid, first])
      .when({ type: 'FulfilOrderItem', itemNo: 1, serviceId: 's1', now })
      .then([]);
    given([two, paid, first])
      .when({ type: 'FulfilOrderItem', itemNo: 1, serviceId: 's9', now })
      .thenRefuses('CONFLICT', /already fulfilled by service s1/);
    given([two, paid])
      .when({ type: 'FulfilOrderItem', itemNo: 3, serviceId: 's3', now })
      .thenRefuses('BAD_USER_INPUT', /items 1 to 2/);
    given([two])
      .when({ type: 'FulfilOrderItem', itemNo: 1, serviceId: 's1', now })
      .thenRefuses('CONFLICT', /once paid; this one is pending/);
    given([])
      .when({ type: 'FulfilOrderItem', itemNo: 1, serviceId: 's1', now })
      .thenRefuses('NOT_FOUND');
    const done = orderDecider.decide(
      { type: 'FulfilOrderItem', itemNo: 1, serviceId: 's1', now },
      orderDecider.evolve(orderDecider.evolve(orderDecider.initialState, placed), paid),
    );
    expect(done.map((e) => e.type)).toEqual(['OrderItemFulfilled', 'OrderFulfilled']);
  });
  it('cancelled by the customer or an admin while unpaid; cancelling again is a no-op', () => {
    given([placed])
      .when({ type: 'CancelOrder', reason: 'CUSTOMER', cancelledBy: 'u1', now })
      .then([cancelled()]);
    given([placed])
      .when({ type: 'CancelOrder', reason: 'ADMIN', cancelledBy: 'a1', note: ' duplicate ', now })
      .then([cancelled({ reason: 'ADMIN', cancelledBy: 'a1', note: 'duplicate' })]);
    given([placed, cancelled()])
      .when({ type: 'CancelOrder', reason: 'ADMIN', cancelledBy: 'a1', now })
      .then([]);
    given([placed])
      .when({ type: 'CancelOrder', reason: 'ADMIN', cancelledBy: 'a1', note: 'x'.repeat(501), now })
      .thenRefuses('BAD_USER_INPUT', /\(note\)/);
    given([placed])
      .when({ type: 'CancelOrder', reason: 'BORED' as never, cancelledBy: 'a1', now })
      .thenRefuses('BAD_USER_INPUT', /\(reason\)/);
    given([])
      .when({ type: 'CancelOrder', reason: 'ADMIN', cancelledBy: 'a1', now })
      .thenRefuses('NOT_FOUND');
  });
  it('expires automatically from 7 days after it was placed, not a millisecond before', () => {
    const expire = (at: string): OrderCommand => ({
      type: 'CancelOrder',
      reason: 'EXPIRED',
      cancelledBy: 'scheduler',
      now: at,
    });
    given([placed])
      .when(expire('2026-05-08T09:59:59.999Z'))
      .thenRefuses('CONFLICT', /stays open until 2026-05-08T10:00:00.000Z/);
    given([placed])
      .when(expire('2026-05-08T10:00:00.000Z'))
      .then([
        cancelled({
          reason: 'EXPIRED',
          cancelledBy: null,
          cancelledAt: '2026-05-08T10:00:00.000Z',
        }),
      ]);
  });
  it('a paid or fulfilled order is never cancelled', () => {
    given([placed, paid])
      .when({ type: 'CancelOrder', reason: 'CUSTOMER', cancelledBy: 'u1', now })
      .thenRefuses('CONFLICT', /paid order cannot be cancelled/);
    given([
      placed,
      paid,
      { type: 'OrderFulfilled', data: { tenantId: T, orderId: 'o1', fulfilledAt: now } },
    ])
      .when({
        type: 'CancelOrder',
        reason: 'EXPIRED',
        cancelledBy: null,
        now: '2027-01-01T00:00:00.000Z',
      })
      .thenRefuses('CONFLICT', /paid order/);
  });
});

describe('orders: the edges of each rule', () => {
  const refusal = (items: OrderItemInput[], c = catalog): DomainError => {
    try {
      priceOrder(items, c);
    } catch (e) {
      if (e instanceof DomainError) return e;
      throw e;
    }
    throw new Error('accepted');
  };

  it('an unpaid period of one day is the shortest; a fraction of a day is refused', () => {
    const [e] = orderDecider.decide(
      place([item()], { unpaidCancelAfterDays: 1 }),
      orderDecider.initialState,
    );
    expect(e?.type === 'OrderPlaced' && e.data.expiresAt).toBe('2026-05-02T10:00:00.000Z');
    for (const days of [1.5, -1, Number.NaN])
      given([])
        .when(place([item()], { unpaidCancelAfterDays: days }))
        .thenRefuses('BAD_USER_INPUT', /^Must be a whole number of days, at least 1/);
  });

  it('twenty servers in one order are taken, twenty-one are not', () => {
    const twenty = Array.from({ length: 20 }, (_, i) => item({ hostname: `h${i}`, addons: [] }));
    expect(priceOrder(twenty, catalog).items.map((i) => i.itemNo)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    );
    expect(refusal([...twenty, item({ hostname: 'h20' })]).message).toBe(
      'Order 1 to 20 servers (items).',
    );
    expect(refusal([]).message).toBe('Order 1 to 20 servers (items).');
  });

  it('up to 64 of one add-on', () => {
    const { lines, items } = priceOrder(
      [item({ addons: [{ addonId: 'addon-backup', quantity: 64 }] })],
      catalog,
    );
    expect(lines.find((l) => l.source.kind === 'ADDON')?.quantity).toBe('64');
    expect(items[0]?.addons[0]?.quantity).toBe(64);
  });

  it('an item that names no add-ons is the plan alone', () => {
    const { addons: _none, ...bare } = item();
    const { lines, items } = priceOrder([bare as OrderItemInput], catalog);
    expect(lines.map((l) => l.source.kind)).toEqual(['PLAN', 'SETUP_FEE']);
    expect(items[0]?.addons).toEqual([]);
  });

  it('an add-on with its own GST rate passes it on its line only', () => {
    const custom = {
      ...catalog,
      addons: {
        ...catalog.addons,
        'addon-backup': { ...catalog.addons['addon-backup']!, sac: '998599', gstRate: '5' },
      },
    };
    const { lines } = priceOrder([item({ addons: [{ addonId: 'addon-backup' }] })], custom);
    expect(lines.map((l) => [l.source.kind, l.sac, l.rate])).toEqual([
      ['PLAN', '998315', undefined],
      ['SETUP_FEE', '998315', undefined],
      ['ADDON', '998599', '5'],
    ]);
    expect(lines.every((l) => l.source.kind === 'ADDON' || !('rate' in l))).toBe(true);
  });

  it('each cycle reads in words on the lines and in refusals', () => {
    const { lines } = priceOrder(
      [item({ cycle: 'QUARTERLY', addons: [{ addonId: 'addon-cpanel' }] })],
      catalog,
    );
    expect(lines.map((l) => l.description)).toEqual([
      'VPS Pro (quarterly) — web1.example.com',
      'Setup fee: VPS Pro — web1.example.com',
      'cPanel/WHM (quarterly) — web1.example.com',
    ]);
    expect(refusal([item({ cycle: 'SEMI_ANNUAL' })]).message).toMatch(
      /is not offered semi-annual; choose/,
    );
    expect(refusal([item({ cycle: 'TRIENNIAL' })]).message).toMatch(
      /is not offered triennial; choose/,
    );
  });

  it('every refusal of an item says what is wrong with it', () => {
    const cases: [OrderItemInput[], string][] = [
      [[item({ planId: 'plan-x' })], 'There is no plan plan-x (items.0.planId).'],
      [
        [item({ operatingSystemId: 'os-centos' })],
        'Operating system os-centos is not offered with plan "VPS Pro" (items.0.operatingSystemId).',
      ],
      [
        [item({ operatingSystemId: 'os-win', cycle: 'QUARTERLY', addons: [] })],
        'The operating system Windows Server 2022 has no licence price for the quarterly cycle (items.0.operatingSystemId).',
      ],
      [
        [item({ dataCentreId: 'dc-fra' })],
        'Data centre dc-fra is not offered with plan "VPS Pro" (items.0.dataCentreId).',
      ],
      [
        [item(), item({ hostname: 'WEB1.example.com' })],
        'The host name web1.example.com is already used by another server of this order (items.1.hostname).',
      ],
      [
        [item({ addons: [{ addonId: 'addon-ip' }] })],
        'There is no add-on addon-ip on sale (items.0.addons.0.addonId).',
      ],
      [
        [item({ addons: [{ addonId: 'addon-backup' }, { addonId: 'addon-backup' }] })],
        '"Daily Backup" is chosen twice; give a quantity instead (items.0.addons.1.addonId).',
      ],
      [
        [item({ addons: [{ addonId: 'addon-backup', quantity: 65 }] })],
        'Must be a whole number from 1 to 64 (items.0.addons.0.quantity).',
      ],
      [
        [item({ cycle: 'ANNUAL', addons: [{ addonId: 'addon-cpanel' }] })],
        '"cPanel/WHM" is not offered for the annual cycle (items.0.addons.0.addonId).',
      ],
    ];
    for (const [items, message] of cases) expect(refusal(items).message).toBe(message);
  });

  it('a host name that is not text is refused as a bad host name', () => {
    for (const bad of [undefined, 42, null])
      expect(() => checkHostname(bad as never, 'items.0.hostname')).toThrowError(
        /^Must be a host name/,
      );
  });

  it('a fulfilled order is paid already: paying it again is a no-op', () => {
    const fulfilled: OrderEvent = {
      type: 'OrderFulfilled',
      data: { tenantId: T, orderId: 'o1', fulfilledAt: now },
    };
    given([placed, paid, fulfilled]).when({ type: 'MarkOrderPaid', invoiceId: 'i1', now }).then([]);
  });

  it('the state the commands read: nothing before it is placed, then each status in turn', () => {
    expect(fold(orderDecider, [])).toEqual({
      status: 'NONE',
      tenantId: '',
      orderId: '',
      invoiceId: '',
      items: [],
      expiresAt: '',
      fulfilled: {},
    });
    const first: OrderEvent = {
      type: 'OrderItemFulfilled',
      data: { tenantId: T, orderId: 'o1', itemNo: 1, serviceId: 's1', fulfilledAt: now },
    };
    const fulfilled: OrderEvent = {
      type: 'OrderFulfilled',
      data: { tenantId: T, orderId: 'o1', fulfilledAt: now },
    };
    expect(fold(orderDecider, [placed])).toMatchObject({
      status: 'PENDING',
      tenantId: T,
      orderId: 'o1',
      invoiceId: 'i1',
      expiresAt: '2026-05-08T10:00:00.000Z',
    });
    expect(fold(orderDecider, [placed, paid]).status).toBe('PAID');
    expect(fold(orderDecider, [placed, paid, first])).toMatchObject({
      status: 'PAID',
      fulfilled: { 1: 's1' },
    });
    expect(fold(orderDecider, [placed, paid, first, fulfilled])).toEqual({
      ...fold(orderDecider, [placed, paid, first]),
      status: 'FULFILLED',
    });
    expect(fold(orderDecider, [placed, cancelled()]).status).toBe('CANCELLED');
  });

  it('refusals name what is missing or wrong', () => {
    given([])
      .when({ type: 'MarkOrderPaid', invoiceId: 'i1', now })
      .thenRefuses('NOT_FOUND', /^Order not found\.$/);
    given([placed, paid])
      .when({ type: 'FulfilOrderItem', itemNo: 2, serviceId: 's2', now })
      .thenRefuses('BAD_USER_INPUT', /^This order has items 1 to 1/);
    given([placed])
      .when({ type: 'CancelOrder', reason: 'BORED' as never, cancelledBy: 'a1', now })
      .thenRefuses('BAD_USER_INPUT', /^Must be CUSTOMER, ADMIN or EXPIRED/);
    given([placed])
      .when({ type: 'CancelOrder', reason: 'ADMIN', cancelledBy: 'a1', note: 'x'.repeat(501), now })
      .thenRefuses('BAD_USER_INPUT', /^Give at most 500 characters/);
  });

  it('a note of 500 characters is kept, counted after trimming', () => {
    const note = 'x'.repeat(500);
    given([placed])
      .when({ type: 'CancelOrder', reason: 'ADMIN', cancelledBy: 'a1', note: ` ${note}  `, now })
      .then([cancelled({ reason: 'ADMIN', cancelledBy: 'a1', note })]);
  });

  it('an unknown command is a programming error; an unknown event changes nothing', () => {
    expect(() =>
      orderDecider.decide({ type: 'ShipOrder' } as never, fold(orderDecider, [placed])),
    ).toThrowError(/^unknown order command ShipOrder$/);
    const state = fold(orderDecider, [placed]);
    expect(orderDecider.evolve(state, { type: 'OrderShipped', data: {} } as never)).toBe(state);
  });

  it('one stream per order', () => {
    expect(orderStreamId('o1')).toBe('order-o1');
  });
});
