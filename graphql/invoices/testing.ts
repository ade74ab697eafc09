import { randomUUID } from 'node:crypto';
import { demoSnapshot } from '../../domain/catalog/spec-fixtures.ts';
import { fold, type DomainEvent } from '../../domain/shared/decider.ts';
import { invoiceDecider, type InvoiceCommand } from '../../domain/invoices/decider.ts';
import { invoiceStreamId, type InvoiceEvent } from '../../domain/invoices/events.ts';
import { orderDecider, type OrderCommand } from '../../domain/orders/decider.ts';
import { orderStreamId, type OrderEvent } from '../../domain/orders/events.ts';
import type { EventStore, Position } from '../../eventstore/types.ts';
import { indianDate } from '../../domain/invoices/document.ts';
import { financialYear } from '../../domain/tax/numbering/financial-year.ts';

/**
 * Orders and invoices written straight to the log for the access suites and integration
 * tests (test support only): the deciders make the events, so they are what the commands
 * would write, without a catalog or a wallet to set up.
 */

const supplier = {
  legalName: 'Mieux Technologies Pvt Ltd',
  gstin: '27AAPFU0939F1ZV',
  stateCode: '27',
  address: 'Pune, Maharashtra',
  lutNumber: null,
};
const recipientOf = (name: string) => ({
  name,
  address: 'Bengaluru, Karnataka',
  country: 'IN',
  stateCode: '29',
  gstin: null,
  sez: false,
});

async function write<E extends DomainEvent>(
  store: EventStore,
  tenantId: string,
  streamId: string,
  events: E[],
  now: string,
): Promise<Position> {
  const existing = await store.readStream(streamId);
  const result = await store.append(
    streamId,
    events.map((e) => {
      const commandId = `seed:${streamId}:${randomUUID()}`;
      return {
        id: randomUUID(),
        type: e.type,
        data: e.data as Record<string, unknown>,
        metadata: {
          tenantId,
          actor: { userId: 'system', role: 'system' },
          commandId,
          correlationId: commandId,
          causationId: commandId,
          occurredAt: now,
          schemaVersion: 1,
        },
      };
    }),
    existing.length === 0 ? 'no_stream' : BigInt(existing.length - 1),
  );
  return result.position;
}

function decideAll<C, E extends DomainEvent, S>(
  decider: {
    decide: (c: C, s: S) => E[];
    evolve: (s: S, e: E) => S;
    initialState: S;
  },
  commands: C[],
): E[] {
  const events: E[] = [];
  for (const c of commands) events.push(...decider.decide(c, fold(decider as never, events) as S));
  return events;
}

export interface CommerceIds {
  orderId: string;
  invoiceId: string;
  taxInvoiceId: string;
  creditNoteId: string;
}

export const commerceIds = (): CommerceIds => ({
  orderId: randomUUID(),
  invoiceId: randomUUID(),
  taxInvoiceId: randomUUID(),
  creditNoteId: randomUUID(),
});

export interface SeededCommerce extends CommerceIds {
  position: Position;
}

/**
 * For one customer: an order (VPS of the demo catalog fixture) with its unpaid proforma, and a
 * tax invoice paid by bank transfer with a credit note raised against it.
 */
export async function seedCommerce(
  store: EventStore,
  tenantId: string,
  customer: { id: string; name: string },
  invoiceNumber: string,
  ids: CommerceIds = commerceIds(),
): Promise<SeededCommerce> {
  const now = new Date().toISOString();
  const { orderId, invoiceId, taxInvoiceId, creditNoteId } = ids;
  const placed = decideAll<OrderCommand, OrderEvent, never>(orderDecider as never, [
    {
      type: 'PlaceOrder',
      tenantId,
      orderId,
      customerId: customer.id,
      invoiceId,
      items: [
        {
          planId: 'plan-vps',
          cycle: 'MONTHLY',
          operatingSystemId: 'os-ubuntu',
          dataCentreId: 'dc-mum',
          hostname: `web-${orderId.slice(0, 8)}.example.com`,
          addons: [{ addonId: 'addon-cpanel' }],
        },
      ],
      catalog: demoSnapshot(),
      now,
    },
  ]);
  const lines = (
    placed[0]!.data as { lines: (InvoiceCommand & { type: 'IssueProforma' })['lines'] }
  ).lines;
  const issue = (id: string, orderOf: string | null): InvoiceCommand => ({
    type: 'IssueProforma',
    tenantId,
    invoiceId: id,
    customerId: customer.id,
    orderId: orderOf,
    lines,
    supplier,
    recipient: recipientOf(customer.name),
    now,
  });
  const proforma = decideAll<InvoiceCommand, InvoiceEvent, never>(invoiceDecider as never, [
    issue(invoiceId, orderId),
  ]);
  const proformaTotal = (proforma[0]!.data as { document: { totals: { total: string } } }).document
    .totals.total;
  const fy = financialYear(indianDate(now));
  const taxed = decideAll<InvoiceCommand, InvoiceEvent, never>(invoiceDecider as never, [
    issue(taxInvoiceId, null),
    {
      type: 'ApplyPayment',
      paymentId: `bank-${taxInvoiceId}`,
      amount: proformaTotal,
      method: {
        kind: 'BANK_TRANSFER',
        reference: `UTR-${taxInvoiceId.slice(0, 8)}`,
        receivedOn: indianDate(now),
      },
      recordedBy: 'system',
      now,
    },
    { type: 'IssueTaxInvoice', invoiceNumber, counter: 1, financialYear: fy, now },
    {
      type: 'RaiseCreditNote',
      creditNoteId,
      scope: { kind: 'amount', taxableValue: '10.00' },
      reason: 'seeded credit',
      destination: 'REFUNDED_OUTSIDE',
      raisedBy: 'system',
      now,
    },
  ]);
  await write(store, tenantId, orderStreamId(orderId), placed, now);
  await write(store, tenantId, invoiceStreamId(invoiceId), proforma, now);
  const position = await write(store, tenantId, invoiceStreamId(taxInvoiceId), taxed, now);
  return { orderId, invoiceId, taxInvoiceId, creditNoteId, position };
}

/** What the access suites' world gets: Y's (tenant A) and Z's (tenant B) orders and invoices. */
export interface CommerceWorld {
  y: CommerceIds;
  z: CommerceIds;
  /** Writes them, once per world; the first attempt of each case runs it afterwards. */
  seed: () => Promise<void>;
}

const worlds = new WeakMap<object, CommerceWorld>();

/**
 * The access world's commerce objects. Their ids are known at once (the cases name them);
 * the events are written by `seed`, which a case runs as the `after` of its first attempt (the
 * suites count events around each attempt, and `after` comes after the count).
 */
export function commerceOf(w: {
  t: {
    running: {
      platform: {
        store: EventStore;
        projections: { waitFor(p: Position, ms: number): Promise<boolean> };
      };
    };
  };
  y: { id: string };
  z: { id: string };
}): CommerceWorld {
  let world = worlds.get(w);
  if (!world) {
    const y = commerceIds();
    const z = commerceIds();
    let seeded: Promise<void> | null = null;
    const platform = w.t.running.platform;
    world = {
      y,
      z,
      seed: () =>
        (seeded ??= (async () => {
          await seedCommerce(platform.store, 'akashone', { id: w.y.id, name: 'Y' }, 'ISO/Y/1', y);
          const { position } = await seedCommerce(
            platform.store,
            'kloudnests',
            { id: w.z.id, name: 'Z' },
            'ISO/Z/1',
            z,
          );
          if (!(await platform.projections.waitFor(position, 20_000)))
            throw new Error('read models did not catch up with the seeded orders');
        })()),
    };
    worlds.set(w, world);
  }
  return world;
}
