import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { invoiceStreamId } from '../../domain/invoices/events.ts';
import { DomainError } from '../../domain/shared/decider.ts';
import { D } from '../../domain/shared/money.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { walletStreamId } from '../../domain/wallet/events.ts';
import { loadInvoice, loadWallet } from '../invoices/wallet-reads.ts';
import { allocateServer, allocationIdsOf } from './allocate.ts';
import { revealServiceCredentials } from './credentials.ts';
import { loadService } from './service-context.ts';
import { servicesWorld } from './testing.ts';

const T = OPERATOR_TENANT_ID;
let w: Awaited<ReturnType<typeof servicesWorld>>;

beforeAll(async () => {
  w = await servicesWorld('svcallocate');
  await w.tenant(T);
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

const allocation = (customerId: string, extra: Record<string, unknown> = {}) => ({
  customerId,
  planId: 'plan-vps',
  cycle: 'MONTHLY',
  dataCentreId: 'dc-mum',
  operatingSystemId: 'os-ubuntu',
  hostname: 'allocated.example.com',
  ipAddresses: ['192.0.2.44'],
  ssh: { username: 'root', password: 'Alloc-Pass-9', port: 22 },
  payment: 'WALLET',
  ...extra,
});

describe('allocateServer', () => {
  it('WALLET: the wallet debited by the invoice total, the invoice paid then numbered, the service ACTIVE; the same commandId twice is one of each', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '10000.00');
    const ctx = w.admin(T, 'allocate-wallet-1');
    const r = await allocateServer(w.deps, ctx, allocation(c.id));
    expect(r).toMatchObject(allocationIdsOf(T, 'allocate-wallet-1'));
    const { state: invoice, events } = await loadInvoice(w.store, T, r.invoiceId);
    expect(invoice.status).toBe('TAX_INVOICE');
    expect(events.map((e) => e.type)).toEqual([
      'ProformaIssued',
      'InvoicePaymentApplied',
      'InvoicePaid',
      'TaxInvoiceIssued',
    ]);
    const total = invoice.total.toFixed(2);
    const wallet = await loadWallet(w.store, c.id);
    expect(wallet.balance.toFixed(2)).toBe(new D('10000.00').minus(total).toFixed(2));
    const service = await loadService(w.store, T, r.serviceId);
    expect(service).toMatchObject({
      status: 'ACTIVE',
      module: 'MANUAL',
      origin: { kind: 'ALLOCATION', invoiceId: r.invoiceId },
      customerId: c.id,
      planName: 'VPS Pro',
      hostname: 'allocated.example.com',
      ipAddresses: ['192.0.2.44'],
    });

    const again = await allocateServer(w.deps, w.admin(T, 'allocate-wallet-1'), allocation(c.id));
    expect(again.serviceId).toBe(r.serviceId);
    expect(again.invoiceId).toBe(r.invoiceId);
    expect((await w.store.readStream(invoiceStreamId(r.invoiceId))).length).toBe(events.length);
    const debits = (await w.store.readStream(walletStreamId(c.id))).filter(
      (e) => e.type === 'WalletDebited',
    );
    expect(debits).toHaveLength(1);
    expect((debits[0]!.data as { amount: string }).amount).toBe(total);
    expect((await w.events(r.serviceId)).map((e) => e.type)).toEqual([
      'ServiceCreated',
      'ServiceProvisioned',
    ]);
    expect(
      (
        await revealServiceCredentials(w.deps, c.ctx('reveal-allocated'), {
          serviceId: r.serviceId,
        })
      ).sshPassword,
    ).toBe('Alloc-Pass-9');
  });

  it('WALLET with too little: a clear error naming the shortfall, nothing written', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '100.00');
    const e = await refusal(
      allocateServer(w.deps, w.admin(T, 'allocate-poor-1'), allocation(c.id)),
    );
    expect(e).toMatchObject({
      code: 'CONFLICT',
      message: expect.stringMatching(/Insufficient wallet balance: missing ₹/),
    });
    const { serviceId, invoiceId } = allocationIdsOf(T, 'allocate-poor-1');
    expect(await w.store.readStream(invoiceStreamId(invoiceId))).toHaveLength(0);
    expect(await w.events(serviceId)).toHaveLength(0);
    expect((await loadWallet(w.store, c.id)).balance.toFixed(2)).toBe('100.00');
  });

  it('EXTERNAL: no wallet deduction, a bank payment with its reference; the invoice numbered', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '50.00');
    const r = await allocateServer(
      w.deps,
      w.admin(T, 'allocate-external-1', ['services.manage']),
      allocation(c.id, {
        payment: 'EXTERNAL',
        reference: 'UTR123456789',
        planId: null,
        description: 'Dedicated box in rack 7',
        planKind: 'DEDICATED',
        amount: '12000.00',
        dataCentreId: null,
        operatingSystemId: null,
      }),
    );
    const { state, events } = await loadInvoice(w.store, T, r.invoiceId);
    expect(state.status).toBe('TAX_INVOICE');
    const applied = events.find((e) => e.type === 'InvoicePaymentApplied')!;
    expect(applied.data).toMatchObject({
      method: { kind: 'BANK_TRANSFER', reference: 'UTR123456789' },
      amount: state.total.toFixed(2),
    });
    expect((await loadWallet(w.store, c.id)).balance.toFixed(2)).toBe('50.00');
    expect(await loadService(w.store, T, r.serviceId)).toMatchObject({
      status: 'ACTIVE',
      planName: 'Dedicated box in rack 7',
      planKind: 'DEDICATED',
      recurringAmount: '12000.00',
    });
  });

  it('refusals before anything is written: the reference, a bad address, the wallet payment without billing.manage', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '10000.00');
    const noRef = await refusal(
      allocateServer(
        w.deps,
        w.admin(T, 'allocate-noref-1'),
        allocation(c.id, { payment: 'EXTERNAL' }),
      ),
    );
    expect(noRef.issues[0]!.path).toEqual(['reference']);
    const badIp = await refusal(
      allocateServer(
        w.deps,
        w.admin(T, 'allocate-badip-1'),
        allocation(c.id, { ipAddresses: ['10.0.0.1', '10.0.0.1'] }),
      ),
    );
    expect(badIp.code).toBe('BAD_USER_INPUT');
    expect(badIp.issues[0]!.path.join('.')).toMatch(/^ipAddresses/);
    const { invoiceId } = allocationIdsOf(T, 'allocate-badip-1');
    expect(await w.store.readStream(invoiceStreamId(invoiceId))).toHaveLength(0);
    const noBilling = await refusal(
      allocateServer(
        w.deps,
        w.admin(T, 'allocate-nobill-1', ['services.manage']),
        allocation(c.id),
      ),
    );
    expect(noBilling.code).toBe('FORBIDDEN');
    expect((await loadWallet(w.store, c.id)).balance.toFixed(2)).toBe('10000.00');
  });

  it('a crash between the payment and the service heals on retry: one invoice, one debit, one service', async () => {
    const c = await w.customer(T, { stateCode: '27' }, '10000.00');
    let cut = true;
    const store = new Proxy(w.store, {
      get(target, prop, receiver) {
        if (prop === 'append')
          return (streamId: string, ...rest: unknown[]) => {
            if (cut && streamId.startsWith('service-')) {
              cut = false;
              return Promise.reject(new Error('connection lost'));
            }
            return (target.append as (...a: unknown[]) => unknown).call(target, streamId, ...rest);
          };
        return Reflect.get(target, prop, receiver) as unknown;
      },
    });
    const crashing = { ...w.deps, store };
    await expect(
      allocateServer(crashing, w.admin(T, 'allocate-crash-1'), allocation(c.id)),
    ).rejects.toThrow('connection lost');
    const { serviceId, invoiceId } = allocationIdsOf(T, 'allocate-crash-1');
    expect((await loadInvoice(w.store, T, invoiceId)).state.status).toBe('TAX_INVOICE');
    expect(await w.events(serviceId)).toHaveLength(0);
    await allocateServer(w.deps, w.admin(T, 'allocate-crash-1'), allocation(c.id));
    expect((await loadService(w.store, T, serviceId)).status).toBe('ACTIVE');
    const debits = (await w.store.readStream(walletStreamId(c.id))).filter(
      (e) => e.type === 'WalletDebited',
    );
    expect(debits).toHaveLength(1);
  });
});
