/**
 * The tax-invoice series stays gapless under concurrent payments on the EventStoreDB adapter too
 * (its double, commands on the real adapter code): the series counter is a stream appended at
 * its exact revision, so two payments clearing at once take different numbers and a conflict
 * is decided again, never skipped. payments.int.test.ts asks the same of the Postgres log.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seriesStreamId } from '../../domain/invoices/series/events.ts';
import { financialYear } from '../../domain/tax/numbering/financial-year.ts';
import { indianDate } from '../../domain/invoices/document.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { FakeEsdbClient } from '../../eventstore/esdb/fake-client.ts';
import { eventStoreOnClient } from '../../eventstore/esdb/store.ts';
import { placeOrder } from '../orders/place-order.ts';
import { commerceWorld, sharedOrder } from '../orders/testing.ts';
import { payInvoiceFromWallet } from './pay-from-wallet.ts';
import { loadInvoice, loadWallet } from './wallet-reads.ts';

const T = OPERATOR_TENANT_ID;
const N = 100;
let w: Awaited<ReturnType<typeof commerceWorld>>;

beforeAll(async () => {
  w = await commerceWorld('numbering-esdb', 10, eventStoreOnClient(new FakeEsdbClient()));
  await w.tenant(T);
});
afterAll(async () => w?.close());

describe('invoice numbering on the EventStoreDB adapter', () => {
  it(`${N} concurrent payments clearing ${N} invoices take numbers 1..${N}, no gap, no duplicate`, async () => {
    const pairs = [];
    for (let i = 0; i < N; i++) {
      const c = await w.customer(T, { stateCode: '27' }, '529.82');
      const r = await placeOrder(w.deps, c.ctx(`esdb-order-${i}`), {
        items: sharedOrder(`site${i}`),
      });
      pairs.push({ c, invoiceId: r.invoiceId });
    }
    const results = await Promise.allSettled(
      pairs.map(({ c, invoiceId }, i) =>
        payInvoiceFromWallet(w.deps, c.ctx(`esdb-pay-${i}`), { invoiceId }),
      ),
    );
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    const counters: number[] = [];
    for (const { c, invoiceId } of pairs) {
      const { state } = await loadInvoice(w.store, T, invoiceId);
      expect(state.status).toBe('TAX_INVOICE');
      counters.push(Number(state.invoiceNumber!.split('/').at(-1)));
      // Each wallet paid exactly its invoice: ₹529.82 in, ₹529.82 out.
      expect((await loadWallet(w.store, c.id)).balance.toFixed(2)).toBe('0.00');
    }
    expect(counters.sort((a, b) => a - b)).toEqual(Array.from({ length: N }, (_, i) => i + 1));
    const fy = financialYear(indianDate(new Date().toISOString()));
    const series = await w.store.readStream(seriesStreamId(T, 'invoice', fy));
    expect(series.map((e) => (e.data as { counter: number }).counter)).toEqual(
      Array.from({ length: N }, (_, i) => i + 1),
    );
  }, 60_000);
});
