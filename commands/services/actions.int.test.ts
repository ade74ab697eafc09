import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/decider.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { createSnapshot, deleteSnapshot, revertSnapshot, serviceAction } from './actions.ts';
import { revealServiceCredentials } from './credentials.ts';
import { changeServiceDueDate, editService } from './details.ts';
import {
  cancelService,
  requestCancellation,
  suspendService,
  terminateService,
  unsuspendService,
  withdrawCancellation,
} from './lifecycle.ts';
import { provisionService } from './provisioning.ts';
import { loadService } from './service-context.ts';
import { setTerminationPolicy } from './settings.ts';
import { permanent, retryable, servicesWorld } from './testing.ts';

const T = OPERATOR_TENANT_ID;
const OTHER = 'actions-reseller';
let w: Awaited<ReturnType<typeof servicesWorld>>;

beforeAll(async () => {
  w = await servicesWorld('svcactions');
  await w.tenant(T);
  await w.tenant(OTHER);
  await w.mapCloudStack(T);
  await w.mapCloudStack(OTHER);
});
afterAll(async () => w?.close());

async function refusal(p: Promise<unknown>) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(DomainError);
  return e as DomainError;
}

const types = async (serviceId: string) => (await w.events(serviceId)).map((e) => e.type);

describe('serviceAction through the module', () => {
  it('reboot by the owner: the module first, then the event; the same commandId again calls it once', async () => {
    const s = await w.runningService(T);
    const before = w.cloud.count('reboot');
    const ctx = s.customer.ctx('reboot-owner-1');
    await serviceAction(w.deps, ctx, { serviceId: s.serviceId, action: 'REBOOT' });
    await serviceAction(w.deps, ctx, { serviceId: s.serviceId, action: 'REBOOT' });
    expect(w.cloud.count('reboot')).toBe(before + 1);
    expect(w.cloud.calls.at(-1)).toEqual({ op: 'reboot', vmId: s.vmId });
    expect((await types(s.serviceId)).filter((t) => t === 'ServiceActionPerformed')).toHaveLength(
      1,
    );
  });

  it('the same commandId twice at once (a double click, a retry racing the first) calls the module once', async () => {
    const s = await w.runningService(T);
    const before = w.cloud.count('reboot');
    const ctx = s.customer.ctx('reboot-owner-twice');
    await Promise.all([
      serviceAction(w.deps, ctx, { serviceId: s.serviceId, action: 'REBOOT' }),
      serviceAction(w.deps, ctx, { serviceId: s.serviceId, action: 'REBOOT' }),
    ]);
    expect(w.cloud.count('reboot')).toBe(before + 1);
    const suspendCtx = w.admin(T, 'suspend-twice');
    await Promise.all([
      suspendService(w.deps, suspendCtx, { serviceId: s.serviceId, reason: 'abuse report' }),
      suspendService(w.deps, suspendCtx, { serviceId: s.serviceId, reason: 'abuse report' }),
    ]);
    expect(w.cloud.calls.filter((c) => c.op === 'stop' && c.vmId === s.vmId)).toHaveLength(1);
  });

  it('a module failure writes nothing and says so (retryable: try again; permanent: the reason)', async () => {
    const s = await w.runningService(T);
    const before = await types(s.serviceId);
    w.cloud.failNext(retryable(), 'stop');
    const busy = await refusal(
      serviceAction(w.deps, s.customer.ctx('stop-busy'), {
        serviceId: s.serviceId,
        action: 'STOP',
      }),
    );
    expect(busy).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/try again/) });
    w.cloud.failNext(permanent(), 'reboot');
    const broken = await refusal(
      serviceAction(w.deps, s.customer.ctx('reboot-broken'), {
        serviceId: s.serviceId,
        action: 'REBOOT',
      }),
    );
    expect(broken).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/431/) });
    expect(await types(s.serviceId)).toEqual(before);
    // The same commandId once the module is back: now it happens.
    await serviceAction(w.deps, s.customer.ctx('stop-busy'), {
      serviceId: s.serviceId,
      action: 'STOP',
    });
    expect((await types(s.serviceId)).at(-1)).toBe('ServiceActionPerformed');
  });

  it('reset password: the module’s new password sealed, revealed afterwards', async () => {
    const s = await w.runningService(T);
    await serviceAction(w.deps, s.customer.ctx('reset-password-1'), {
      serviceId: s.serviceId,
      action: 'RESET_PASSWORD',
    });
    const reset = (await w.events(s.serviceId)).find((e) => e.type === 'ServicePasswordReset')!;
    expect(JSON.stringify(reset.data)).not.toMatch(/new-pass-/);
    const shown = await revealServiceCredentials(w.deps, s.customer.ctx('reveal-after-reset'), {
      serviceId: s.serviceId,
    });
    expect(shown.sshPassword).toMatch(/^new-pass-\d+$/);
  });

  it('who may: a viewer FORBIDDEN, another account NOT_FOUND, staff with services.manage yes; a manual server cannot', async () => {
    const s = await w.runningService(T);
    const calls = w.cloud.calls.length;
    const viewer = w.member(T, s.customer.id, ['account.view']);
    expect(
      (await refusal(serviceAction(w.deps, viewer, { serviceId: s.serviceId, action: 'START' })))
        .code,
    ).toBe('FORBIDDEN');
    const stranger = await w.customer(T, { stateCode: '27' });
    expect(
      (
        await refusal(
          serviceAction(w.deps, stranger.ctx('start-stranger'), {
            serviceId: s.serviceId,
            action: 'START',
          }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect(w.cloud.calls.length).toBe(calls);
    await serviceAction(w.deps, w.admin(T), { serviceId: s.serviceId, action: 'START' });
    expect(w.cloud.calls.at(-1)).toEqual({ op: 'start', vmId: s.vmId });

    const manual = await w.paidOrder(T);
    await provisionService(w.deps, w.admin(T), {
      serviceId: manual.serviceId,
      ipAddresses: ['198.51.100.9'],
      hostname: 'manual.example.com',
      ssh: { username: 'root', password: 'pw-manual', port: 22 },
    });
    const e = await refusal(
      serviceAction(w.deps, manual.customer.ctx('reboot-manual'), {
        serviceId: manual.serviceId,
        action: 'REBOOT',
      }),
    );
    expect(e.code).toBe('CONFLICT');
    expect(w.manual.calls).toHaveLength(0);
  });

  it('snapshots: created with the module’s id, reverted, deleted; an unknown one refused before the module', async () => {
    const s = await w.runningService(T);
    await createSnapshot(w.deps, s.customer.ctx('snap-create-1'), {
      serviceId: s.serviceId,
      name: 'before upgrade',
    });
    let state = await loadService(w.store, T, s.serviceId);
    expect(state.snapshots).toHaveLength(1);
    const snapshotId = state.snapshots[0]!;
    expect(snapshotId).toMatch(/^snap-/);
    await revertSnapshot(w.deps, s.customer.ctx('snap-revert-1'), {
      serviceId: s.serviceId,
      snapshotId,
    });
    const calls = w.cloud.calls.length;
    const unknown = await refusal(
      deleteSnapshot(w.deps, s.customer.ctx('snap-delete-unknown'), {
        serviceId: s.serviceId,
        snapshotId: 'snap-nope',
      }),
    );
    expect(unknown.code).not.toBe('INTERNAL');
    expect(w.cloud.calls.length).toBe(calls);
    await deleteSnapshot(w.deps, s.customer.ctx('snap-delete-1'), {
      serviceId: s.serviceId,
      snapshotId,
    });
    state = await loadService(w.store, T, s.serviceId);
    expect(state.snapshots).toEqual([]);
    expect(w.cloud.calls.slice(-1)).toEqual([
      { op: 'deleteSnapshot', vmId: s.vmId, arg: snapshotId },
    ]);
  });
});

describe('suspend, unsuspend, terminate', () => {
  it('suspend stops the server first and locks the customer’s actions; unsuspend starts it', async () => {
    const s = await w.runningService(T);
    await suspendService(w.deps, w.admin(T, 'suspend-1'), {
      serviceId: s.serviceId,
      reason: 'abuse report #12',
    });
    expect(w.cloud.calls.at(-1)).toEqual({ op: 'stop', vmId: s.vmId });
    expect(await loadService(w.store, T, s.serviceId)).toMatchObject({
      status: 'SUSPENDED',
      suspension: 'STAFF',
    });
    const locked = await refusal(
      serviceAction(w.deps, s.customer.ctx('start-while-suspended'), {
        serviceId: s.serviceId,
        action: 'START',
      }),
    );
    expect(locked).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/suspended/) });
    // Suspended again: nothing, and the module is not called.
    const calls = w.cloud.calls.length;
    const again = await suspendService(w.deps, w.admin(T, 'suspend-2'), {
      serviceId: s.serviceId,
      reason: 'again',
    });
    expect(again.position).toBeNull();
    expect(w.cloud.calls.length).toBe(calls);

    w.cloud.failNext(retryable(), 'start');
    await refusal(
      unsuspendService(w.deps, w.admin(T, 'unsuspend-1'), {
        serviceId: s.serviceId,
        reason: 'resolved',
      }),
    );
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('SUSPENDED');
    await unsuspendService(w.deps, w.admin(T, 'unsuspend-1'), {
      serviceId: s.serviceId,
      reason: 'resolved',
    });
    expect(w.cloud.calls.at(-1)).toEqual({ op: 'start', vmId: s.vmId });
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('ACTIVE');
  });

  it('a customer cannot suspend; staff of another tenant see no such service', async () => {
    const s = await w.runningService(T);
    expect(
      (
        await refusal(
          suspendService(w.deps, s.customer.ctx('suspend-own'), {
            serviceId: s.serviceId,
            reason: 'me',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
    expect(
      (
        await refusal(
          terminateService(w.deps, w.admin(OTHER), { serviceId: s.serviceId, reason: 'x-tenant' }),
        )
      ).code,
    ).toBe('NOT_FOUND');
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('ACTIVE');
  });

  it('terminate destroys through the module after a final snapshot when the policy asks; a failed destroy writes nothing', async () => {
    await setTerminationPolicy(w.deps, w.admin(T), { finalSnapshot: true });
    const s = await w.runningService(T);
    w.cloud.failNext(retryable('destroy timed out'), 'destroy');
    await refusal(
      terminateService(w.deps, w.admin(T, 'terminate-1'), {
        serviceId: s.serviceId,
        reason: 'customer left',
      }),
    );
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('ACTIVE');
    await terminateService(w.deps, w.admin(T, 'terminate-1'), {
      serviceId: s.serviceId,
      reason: 'customer left',
    });
    const mine = w.cloud.calls.filter((c) => c.vmId === s.vmId).map((c) => c.op);
    // One final snapshot only: the retry found the one the failed attempt took.
    expect(mine.filter((op) => op === 'createSnapshot')).toHaveLength(1);
    expect(mine.at(-1)).toBe('destroy');
    const terminated = (await w.events(s.serviceId)).find((e) => e.type === 'ServiceTerminated')!;
    expect((terminated.data as { finalSnapshotId: string }).finalSnapshotId).toMatch(/^snap-/);
    await setTerminationPolicy(w.deps, w.admin(T), { finalSnapshot: false });
  });

  it('a manual service is terminated without a module call', async () => {
    const order = await w.paidOrder(T);
    await provisionService(w.deps, w.admin(T), {
      serviceId: order.serviceId,
      ipAddresses: ['198.51.100.10'],
      hostname: 'manual2.example.com',
      ssh: { username: 'root', password: 'pw', port: 22 },
    });
    await suspendService(w.deps, w.admin(T), { serviceId: order.serviceId, reason: 'unpaid' });
    await terminateService(w.deps, w.admin(T), { serviceId: order.serviceId, reason: 'gone' });
    expect(w.manual.calls).toHaveLength(0);
    expect((await loadService(w.store, T, order.serviceId)).status).toBe('TERMINATED');
  });
});

describe('cancellation, cancel, edit, due date', () => {
  it('end of period: recorded with the next due date, withdrawn; immediately: terminated through the module', async () => {
    const s = await w.runningService(T);
    await requestCancellation(w.deps, s.customer.ctx('cancel-eop'), {
      serviceId: s.serviceId,
      when: 'END_OF_PERIOD',
      reason: 'moving to another host',
    });
    const state = await loadService(w.store, T, s.serviceId);
    expect(state.cancellation).toEqual({ when: 'END_OF_PERIOD', effectiveOn: state.nextDueDate });
    await withdrawCancellation(w.deps, s.customer.ctx('withdraw-1'), { serviceId: s.serviceId });
    expect((await loadService(w.store, T, s.serviceId)).cancellation).toBeNull();

    // Immediately, with the module failing: nothing is written, the same request later succeeds.
    const before = await types(s.serviceId);
    w.cloud.failNext(retryable('destroy timed out'), 'destroy');
    const failed = await refusal(
      requestCancellation(w.deps, s.customer.ctx('cancel-now'), {
        serviceId: s.serviceId,
        when: 'IMMEDIATE',
        reason: 'not needed',
      }),
    );
    expect(failed.message).toMatch(/try again/);
    expect(await types(s.serviceId)).toEqual(before);
    await requestCancellation(w.deps, s.customer.ctx('cancel-now'), {
      serviceId: s.serviceId,
      when: 'IMMEDIATE',
      reason: 'not needed',
    });
    expect(w.cloud.calls.at(-1)).toEqual({ op: 'destroy', vmId: s.vmId });
    expect((await loadService(w.store, T, s.serviceId)).status).toBe('TERMINATED');
    expect((await types(s.serviceId)).slice(-2)).toEqual([
      'ServiceCancellationRequested',
      'ServiceTerminated',
    ]);
    const viewer = w.member(T, s.customer.id, ['account.view']);
    expect(
      (
        await refusal(
          requestCancellation(w.deps, viewer, {
            serviceId: s.serviceId,
            when: 'END_OF_PERIOD',
            reason: 'x',
          }),
        )
      ).code,
    ).toBe('FORBIDDEN');
  });

  it('a never-provisioned service is cancelled by staff with a credit; edit and due date with a reason', async () => {
    const pending = await w.paidOrder(T);
    const bad = await refusal(
      cancelService(w.deps, w.admin(T), {
        serviceId: pending.serviceId,
        reason: '',
        creditToWallet: true,
      }),
    );
    expect(bad.issues[0]!.path).toEqual(['reason']);
    await cancelService(w.deps, w.admin(T), {
      serviceId: pending.serviceId,
      reason: 'out of stock',
      creditToWallet: true,
    });
    const cancelled = (await w.events(pending.serviceId)).at(-1)!;
    expect(cancelled).toMatchObject({ type: 'ServiceCancelled', data: { creditToWallet: true } });

    const s = await w.runningService(T);
    await editService(w.deps, w.admin(T, 'edit-service-1'), {
      serviceId: s.serviceId,
      hostname: 'renamed.example.com',
      ssh: { username: 'admin', password: 'edited-pass', port: 2200 },
    });
    const edited = (await w.events(s.serviceId)).at(-1)!;
    expect(edited.type).toBe('ServiceDetailsEdited');
    expect(JSON.stringify(edited.data)).not.toContain('edited-pass');
    expect(
      (
        await revealServiceCredentials(w.deps, w.admin(T), {
          serviceId: s.serviceId,
        })
      ).sshPassword,
    ).toBe('edited-pass');

    const noReason = await refusal(
      changeServiceDueDate(w.deps, w.admin(T), {
        serviceId: s.serviceId,
        nextDueDate: '2027-03-01',
        reason: ' ',
      }),
    );
    expect(noReason.code).toBe('BAD_USER_INPUT');
    await changeServiceDueDate(w.deps, w.admin(T), {
      serviceId: s.serviceId,
      nextDueDate: '2027-03-01',
      reason: 'goodwill for the outage',
    });
    expect((await loadService(w.store, T, s.serviceId)).nextDueDate).toBe('2027-03-01');
  });
});
