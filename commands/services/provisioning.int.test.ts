import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { placeOrder } from '../orders/place-order.ts';
import { sharedOrder } from '../orders/testing.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { createServicesForOrder, serviceIdOf } from './create-services.ts';
import { revealServiceCredentials } from './credentials.ts';
import { provisionService, recordProvisioningFailed, retryProvisioning } from './provisioning.ts';
import { loadService } from './service-context.ts';
import { permanent, servicesWorld } from './testing.ts';

const T = OPERATOR_TENANT_ID;
const OTHER = 'other-reseller';
let w: Awaited<ReturnType<typeof servicesWorld>>;

beforeAll(async () => {
  w = await servicesWorld('svcprovision');
  await w.tenant(T);
  await w.tenant(OTHER);
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

const dialog = (serviceId: string, extra: Record<string, unknown> = {}) => ({
  serviceId,
  ipAddresses: ['198.51.100.7', '2001:db8::7'],
  hostname: 'site.example.com',
  ssh: { username: 'root', password: 'Gen3rated-Pass!', port: 2222 },
  notes: 'rack 4',
  ...extra,
});

describe('createServicesForOrder', () => {
  it('one service per item of a paid order, PENDING (manual), from the day it was paid; again: nothing more', async () => {
    const order = await w.paidOrder(T);
    expect(order.serviceId).toBe(serviceIdOf(T, order.orderId, 1));
    const s = await loadService(w.store, T, order.serviceId);
    expect(s).toMatchObject({
      status: 'PENDING',
      module: 'MANUAL',
      customerId: order.customer.id,
      origin: { kind: 'ORDER', orderId: order.orderId, itemNo: 1, invoiceId: order.invoiceId },
      recurringAmount: '449.00',
    });
    const again = await createServicesForOrder(
      w.deps,
      { tenantId: T, correlationId: 'again', causationId: 'again' },
      order.orderId,
    );
    expect(again.serviceIds).toEqual([order.serviceId]);
    expect(await w.events(order.serviceId)).toHaveLength(1);
  });

  it('an unpaid order gets no service; another tenant’s order is not found', async () => {
    const c = await w.customer(T, { stateCode: '27' });
    const unpaid = await placeOrder(w.deps, c.ctx('unpaid-order-1'), { items: sharedOrder() });
    const cause = { tenantId: T, correlationId: 'x', causationId: 'x' };
    expect((await refusal(createServicesForOrder(w.deps, cause, unpaid.orderId))).code).toBe(
      'CONFLICT',
    );
    expect(await w.events(serviceIdOf(T, unpaid.orderId, 1))).toHaveLength(0);
    const theirs = await w.paidOrder(OTHER);
    expect((await refusal(createServicesForOrder(w.deps, cause, theirs.orderId))).code).toBe(
      'NOT_FOUND',
    );
  });
});

describe('provisionService (the Provision dialog)', () => {
  it('provisions a paid order’s service by hand: ACTIVE, passwords sealed, never in the event in clear', async () => {
    const order = await w.paidOrder(T);
    const r = await provisionService(w.deps, w.admin(T, 'provision-ok-1'), dialog(order.serviceId));
    expect(r.position).not.toBeNull();
    const s = await loadService(w.store, T, order.serviceId);
    expect(s).toMatchObject({
      status: 'ACTIVE',
      hostname: 'site.example.com',
      ipAddresses: ['198.51.100.7', '2001:db8::7'],
      ssh: { username: 'root', port: 2222 },
    });
    expect(s.ssh!.passwordSealed).toMatch(/^v1\./);
    const raw = JSON.stringify((await w.events(order.serviceId)).map((e) => [e.data, e.metadata]));
    expect(raw).not.toContain('Gen3rated-Pass!');
    const provisioned = (await w.events(order.serviceId)).find(
      (e) => e.type === 'ServiceProvisioned',
    )!;
    expect(provisioned.data).toMatchObject({ by: 'STAFF', sendEmail: true, notes: 'rack 4' });
    // The same commandId again: one provisioning, the first answer.
    const again = await provisionService(
      w.deps,
      w.admin(T, 'provision-ok-1'),
      dialog(order.serviceId),
    );
    expect(again.position).toEqual(r.position);
    expect((await w.events(order.serviceId)).map((e) => e.type)).toEqual([
      'ServiceCreated',
      'ServiceProvisioned',
    ]);
  });

  it('refuses an already provisioned service, and one of an unpaid order', async () => {
    const order = await w.paidOrder(T);
    await provisionService(w.deps, w.admin(T), dialog(order.serviceId));
    const twice = await refusal(provisionService(w.deps, w.admin(T), dialog(order.serviceId)));
    expect(twice).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/already/) });
    expect(await w.events(order.serviceId)).toHaveLength(2);

    // A service whose order is not paid (written straight to the log: the commands never make one).
    const c = await w.customer(T, { stateCode: '27' });
    const unpaid = await placeOrder(w.deps, c.ctx('unpaid-order-2'), { items: sharedOrder() });
    const { applyToService } = await import('./service-context.ts');
    const serviceId = serviceIdOf(T, unpaid.orderId, 1);
    await applyToService(
      w.deps,
      { tenantId: T, actor: { userId: 'system', role: 'system' }, commandId: 'forged-create' },
      serviceId,
      (now) => ({
        type: 'CreateService',
        tenantId: T,
        serviceId,
        customerId: c.id,
        origin: { kind: 'ORDER', orderId: unpaid.orderId, itemNo: 1, invoiceId: unpaid.invoiceId },
        planId: 'plan-shared',
        planName: 'Shared Starter',
        planKind: 'SHARED',
        cycle: 'MONTHLY',
        months: 1,
        recurringAmount: '449.00',
        addons: [],
        dataCentreId: 'dc-mum',
        dataCentreName: 'Mumbai',
        operatingSystemId: 'os-ubuntu',
        operatingSystemName: 'Ubuntu 22.04',
        hostname: 'site1',
        module: 'MANUAL',
        hasControlPanel: false,
        paidOn: '2026-12-02',
        now,
      }),
    );
    const unpaidRefusal = await refusal(provisionService(w.deps, w.admin(T), dialog(serviceId)));
    expect(unpaidRefusal).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/not paid/),
    });
    expect(await w.events(serviceId)).toHaveLength(1);
  });

  it('another tenant’s service is NOT_FOUND; staff without services.manage FORBIDDEN; a bad field names itself', async () => {
    const theirs = await w.paidOrder(OTHER);
    expect(
      (await refusal(provisionService(w.deps, w.admin(T), dialog(theirs.serviceId)))).code,
    ).toBe('NOT_FOUND');
    const order = await w.paidOrder(T);
    const support = w.admin(T, 'provision-support', ['services.read']);
    expect((await refusal(provisionService(w.deps, support, dialog(order.serviceId)))).code).toBe(
      'FORBIDDEN',
    );
    const badIp = await refusal(
      provisionService(w.deps, w.admin(T), dialog(order.serviceId, { ipAddresses: ['300.1.1.1'] })),
    );
    expect(badIp.code).toBe('BAD_USER_INPUT');
    expect(badIp.issues[0]!.path.join('.')).toMatch(/^ipAddresses/);
    const badPort = await refusal(
      provisionService(
        w.deps,
        w.admin(T),
        dialog(order.serviceId, { ssh: { username: 'root', password: 'x', port: 70000 } }),
      ),
    );
    expect(badPort.issues[0]!.path.join('.')).toMatch(/^ssh\.port/);
    expect(await w.events(order.serviceId)).toHaveLength(1);
  });
});

describe('revealServiceCredentials', () => {
  it('the owner sees the password and the reveal is recorded; another account NOT_FOUND; a viewer FORBIDDEN', async () => {
    const order = await w.paidOrder(T);
    await provisionService(
      w.deps,
      w.admin(T),
      dialog(order.serviceId, {
        controlPanel: {
          url: 'https://site.example.com:2087',
          username: 'admin',
          password: 'Panel-Pass-1',
        },
      }),
    );
    const shown = await revealServiceCredentials(w.deps, order.customer.ctx('reveal-owner-1'), {
      serviceId: order.serviceId,
    });
    expect(shown).toMatchObject({
      sshUsername: 'root',
      sshPassword: 'Gen3rated-Pass!',
      sshPort: 2222,
      controlPanelUrl: 'https://site.example.com:2087',
      controlPanelUsername: 'admin',
      controlPanelPassword: 'Panel-Pass-1',
    });
    const revealed = (await w.events(order.serviceId)).filter(
      (e) => e.type === 'ServiceCredentialsRevealed',
    );
    expect(revealed).toHaveLength(1);
    expect(revealed[0]!.data).toMatchObject({
      revealedBy: order.customer.id,
      as: 'CUSTOMER',
      impersonatedBy: null,
    });
    expect(JSON.stringify(revealed.map((e) => [e.data, e.metadata]))).not.toContain(
      'Gen3rated-Pass!',
    );

    const stranger = await w.customer(T, { stateCode: '27' });
    const other = await refusal(
      revealServiceCredentials(w.deps, stranger.ctx('reveal-stranger'), {
        serviceId: order.serviceId,
      }),
    );
    expect(other.code).toBe('NOT_FOUND');
    const viewer = w.member(T, order.customer.id, ['account.view']);
    expect(
      (await refusal(revealServiceCredentials(w.deps, viewer, { serviceId: order.serviceId })))
        .code,
    ).toBe('FORBIDDEN');
    const admin = w.member(T, order.customer.id, ['account.view', 'account.services']);
    expect(
      (await revealServiceCredentials(w.deps, admin, { serviceId: order.serviceId })).sshPassword,
    ).toBe('Gen3rated-Pass!');
    const elsewhere = { ...order.customer.ctx('reveal-tenant'), tenantId: OTHER };
    expect(
      (await refusal(revealServiceCredentials(w.deps, elsewhere, { serviceId: order.serviceId })))
        .code,
    ).toBe('NOT_FOUND');
    // Only the two successful reveals were recorded.
    expect(
      (await w.events(order.serviceId)).filter((e) => e.type === 'ServiceCredentialsRevealed'),
    ).toHaveLength(2);
  });

  it('staff need services.credentials; an impersonating admin is named', async () => {
    const order = await w.paidOrder(T);
    await provisionService(w.deps, w.admin(T), dialog(order.serviceId));
    const billing = w.admin(T, 'reveal-billing', ['services.read', 'services.manage']);
    expect(
      (await refusal(revealServiceCredentials(w.deps, billing, { serviceId: order.serviceId })))
        .code,
    ).toBe('FORBIDDEN');
    const staff = await revealServiceCredentials(w.deps, w.admin(T), {
      serviceId: order.serviceId,
    });
    expect(staff.sshPassword).toBe('Gen3rated-Pass!');
    const ctx = order.customer.ctx('reveal-impersonated');
    const impersonated = { ...ctx, actor: { ...ctx.actor, impersonatorId: 'admin-7' } };
    await revealServiceCredentials(w.deps, impersonated, { serviceId: order.serviceId });
    const revealed = (await w.events(order.serviceId))
      .filter((e) => e.type === 'ServiceCredentialsRevealed')
      .map((e) => e.data);
    expect(revealed).toMatchObject([
      { as: 'STAFF', impersonatedBy: null },
      { as: 'CUSTOMER', impersonatedBy: 'admin-7' },
    ]);
  });

  it('a service not provisioned yet has nothing to reveal', async () => {
    const order = await w.paidOrder(T);
    const e = await refusal(
      revealServiceCredentials(w.deps, order.customer.ctx('reveal-pending'), {
        serviceId: order.serviceId,
      }),
    );
    expect(e.code).toBe('CONFLICT');
    expect(await w.events(order.serviceId)).toHaveLength(1);
  });
});

describe('CloudStack provisioning reports', () => {
  it('a mapped plan starts provisioning at once; failures retry, then need attention; staff retry', async () => {
    await w.mapCloudStack(T);
    const order = await w.runningService(T);
    expect((await loadService(w.store, T, order.serviceId)).status).toBe('ACTIVE');

    const fresh = await w.paidOrder(T, [
      {
        planId: 'plan-vps',
        cycle: 'MONTHLY',
        operatingSystemId: 'os-ubuntu',
        dataCentreId: 'dc-mum',
        hostname: 'fails.example.com',
        addons: [],
      },
    ]);
    let s = await loadService(w.store, T, fresh.serviceId);
    expect(s).toMatchObject({ status: 'PROVISIONING', module: 'CLOUDSTACK', attempt: 1 });
    const job = { tenantId: T, serviceId: fresh.serviceId, attempt: 1 };
    const error = permanent();
    await recordProvisioningFailed(w.deps, job, {
      code: error.code,
      message: error.message,
      retryable: false,
    });
    // A repeat of the report is the same report.
    await recordProvisioningFailed(w.deps, job, {
      code: error.code,
      message: error.message,
      retryable: false,
    });
    s = await loadService(w.store, T, fresh.serviceId);
    expect(s).toMatchObject({ status: 'PROVISIONING_FAILED', retryAt: null });
    expect(s.lastError?.code).toBe('431');
    await retryProvisioning(w.deps, w.admin(T, 'retry-by-staff-1'), {
      serviceId: fresh.serviceId,
    });
    s = await loadService(w.store, T, fresh.serviceId);
    expect(s).toMatchObject({ status: 'PROVISIONING', attempt: 2 });
    expect(
      (await w.events(fresh.serviceId)).filter((e) => e.type === 'ProvisioningFailed'),
    ).toHaveLength(1);
  });
});
