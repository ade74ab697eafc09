/**
 * Fulfilment end to end on a real Postgres log, the real CloudStack client and module, and the
 * CloudStack API double (signatures checked), time driven by the injected clock: a paid order
 * becomes a running server exactly once; a failing module is retried after 1, 10 and 60
 * minutes, then waits for staff; staff's retry after the fix makes one VM, not a second.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retryProvisioning } from '../../commands/services/provisioning.ts';
import { serviceIdOf } from '../../commands/services/create-services.ts';
import { orderDecider } from '../../domain/orders/decider.ts';
import { orderStreamId, type OrderEvent } from '../../domain/orders/events.ts';
import { fold } from '../../domain/shared/decider.ts';
import { vmNameFor } from '../../integrations/provisioning/cloudstack/module.ts';
import { fulfilmentWorld } from './testing/fulfilment-world.ts';

const T = 'fulfil-tenant';
let w: Awaited<ReturnType<typeof fulfilmentWorld>>;

beforeAll(async () => {
  w = await fulfilmentWorld('fulfilment', T);
});
afterAll(async () => w?.close());

const MINUTE = 60_000;

async function order(id: string) {
  return fold(
    orderDecider,
    (await w.store.readStream(orderStreamId(id))) as unknown as OrderEvent[],
  );
}

describe('fulfilment on CloudStack', () => {
  it('a paid order → its service deployed once, ACTIVE with the IP and a sealed password, the order fulfilled', async () => {
    const placed = await w.paidVpsOrder('web1.example.com');
    await w.settle();
    const serviceId = serviceIdOf(T, placed.orderId, 1);
    const s = await w.service(serviceId);
    expect(s.status).toBe('ACTIVE');
    expect(s.vmId).not.toBeNull();
    expect(s.ipAddresses.length).toBeGreaterThan(0);
    expect(s.ssh?.passwordSealed).toMatch(/^v1\./);
    expect(w.double.deployedCount(vmNameFor(serviceId))).toBe(1);
    const o = await order(placed.orderId);
    expect(o.status).toBe('FULFILLED');
    expect(o.fulfilled[1]).toBe(serviceId);
    // Fed again from the start: nothing more happens (ids derived from the events).
    for (const e of await w.store.readAll({}))
      for (const r of w.reactors) if (r.handles.has(e.type)) await r.react(e);
    await w.worker.idle();
    expect(w.double.deployedCount(vmNameFor(serviceId))).toBe(1);
  });

  it('fails four times: retried after 1, 10 and 60 minutes, then needs attention; staff retry after the fix makes one VM', async () => {
    w.double.failNext('deployVirtualMachine', 530, { times: 4, errortext: 'capacity' });
    const placed = await w.paidVpsOrder('web2.example.com');
    const serviceId = serviceIdOf(T, placed.orderId, 1);
    await w.settle();
    let s = await w.service(serviceId);
    expect(s).toMatchObject({ status: 'PROVISIONING_FAILED', attempt: 1 });
    expect(s.lastError).toMatchObject({ retryable: true });
    expect(s.lastError!.message).toContain('capacity');

    for (const [attempt, minutes] of [
      [1, 1],
      [2, 10],
      [3, 60],
    ] as const) {
      const failedAt = Date.parse(s.retryAt!) - minutes * MINUTE;
      // Not due yet: a sweep a second before the retry time leaves it alone.
      expect((await w.sweep(new Date(failedAt + minutes * MINUTE - 1000))).retried).toBe(0);
      w.clock.advance(minutes * MINUTE);
      expect((await w.sweep(w.clock.now())).retried).toBe(1);
      await w.settle();
      s = await w.service(serviceId);
      expect(s.attempt).toBe(attempt + 1);
    }
    expect(s.status).toBe('PROVISIONING_FAILED');
    expect(s.retryAt).toBeNull(); // needs attention: no retry left
    w.clock.advance(24 * 60 * MINUTE);
    expect((await w.sweep(w.clock.now())).retried).toBe(0);
    expect(w.double.deployedCount(vmNameFor(serviceId))).toBe(0);

    await retryProvisioning({ ...w.deps, ...w.services }, w.admin(), {
      serviceId,
    });
    await w.settle();
    s = await w.service(serviceId);
    expect(s).toMatchObject({ status: 'ACTIVE', attempt: 5 });
    expect(w.double.deployedCount(vmNameFor(serviceId))).toBe(1);
  });

  it('a permanent refusal (431) needs attention at once, with the error readable', async () => {
    w.double.failNext('deployVirtualMachine', 431, { errortext: 'template not ready' });
    const placed = await w.paidVpsOrder('web3.example.com');
    await w.settle();
    const s = await w.service(serviceIdOf(T, placed.orderId, 1));
    expect(s).toMatchObject({ status: 'PROVISIONING_FAILED', attempt: 1, retryAt: null });
    expect(s.lastError).toMatchObject({ retryable: false });
    expect(s.lastError!.message).toContain('template not ready');
  });

  it('a deploy whose job fails after a while is recorded failed and retried, one VM in the end', async () => {
    w.double.failNextJob('deployVirtualMachine');
    const placed = await w.paidVpsOrder('web4.example.com');
    const serviceId = serviceIdOf(T, placed.orderId, 1);
    await w.settle();
    let s = await w.service(serviceId);
    expect(s.status).toBe('PROVISIONING_FAILED');
    w.clock.advance(MINUTE);
    await w.sweep(w.clock.now());
    await w.settle();
    s = await w.service(serviceId);
    expect(s.status).toBe('ACTIVE');
    expect(w.double.vms().filter((v) => v.name === vmNameFor(serviceId))).toHaveLength(1);
  });
});
