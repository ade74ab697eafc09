import { afterAll, beforeAll } from 'vitest';
import type { Browser } from 'playwright-core';
import { ADMIN, launchBrowser, seedCustomer, startServer } from './harness.ts';
import { approveTopUp, requestTopUp } from '../../commands/wallet/top-ups.ts';
import { allocateServer } from '../../commands/services/allocate.ts';
import { seedCatalog, type CatalogSeed } from '../../server/demo-catalog.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { firstAdminId } from '../../projections/identity/queries.ts';
import { walletBalance } from '../../projections/wallet/queries.ts';
import type { RunningPlatform } from '../../server/platform.ts';

/** The platform set up for the browser tests of ordering, delivering and billing servers. */
export interface Shop {
  server: RunningPlatform;
  browser: Browser;
  /** The portal's URL (the operator's). */
  base: string;
  customerId: string;
  catalog: CatalogSeed;
  /** Closes the browser, then the platform. */
  close(): Promise<void>;
}

/** What startShop is given: the customer (registered by `commandId`), an optional top-up. */
export interface ShopSetUp {
  customer: { email: string; password: string; name: string };
  commandId: string;
  topUp?: { amount: string; reference: string };
}

/**
 * The test file's shop: started before its tests (within `timeout` ms, else the project's hook
 * timeout) and closed after them. Its fields are there once the tests run.
 */
export function useShop(o: ShopSetUp, timeout?: number): Shop {
  const shop = {} as Shop;
  beforeAll(async () => {
    Object.assign(shop, await startShop(o));
  }, timeout);
  afterAll(async () => {
    await shop.close?.();
  });
  return shop;
}

/**
 * The platform with the operator's ADMIN, a customer (registered by `commandId`) and the demo
 * catalog, all readable once this returns; with `topUp`, the customer's wallet credited that
 * much first; then the browser. A step that fails closes what was started.
 */
export async function startShop(o: ShopSetUp): Promise<Shop> {
  const server = await startServer({ ADMIN_EMAIL: ADMIN.email, ADMIN_PASSWORD: ADMIN.password });
  try {
    const customerId = await seedCustomer(server, o.commandId, o.customer);
    const catalog = await seedCatalog(server.platform.wallet, OPERATOR_TENANT_ID, {
      prefix: 'e2e:catalog',
    });
    for (const p of catalog.positions) await server.platform.projections.waitFor(p, 10_000);
    if (o.topUp) await topUp(server, customerId, o.topUp.amount, o.topUp.reference);
    const browser = await launchBrowser();
    const close = async () => {
      await browser.close();
      await server.close();
    };
    return { server, browser, base: server.url, customerId, catalog, close };
  } catch (e) {
    await server.close();
    throw e;
  }
}

/**
 * Credits the customer's wallet the way the product does: a top-up request (by bank transfer,
 * `reference` its UTR), approved by the first admin; readable once this returns.
 */
export async function topUp(
  server: RunningPlatform,
  customerId: string,
  amount: string,
  reference: string,
): Promise<void> {
  const deps = server.platform.wallet;
  const req = await requestTopUp(
    deps,
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: customerId, role: 'customer' },
      commandId: `e2e:${reference}`,
    },
    {
      amount,
      method: 'BANK_TRANSFER',
      reference,
      proof: { fileName: 'receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG },
    },
  );
  await server.platform.projections.waitFor(req.position!, 10_000);
  const adminId = (await firstAdminId(server.platform.sql, OPERATOR_TENANT_ID))!;
  const ok = await approveTopUp(
    deps,
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: adminId, role: 'admin' },
      commandId: `e2e:approve:${reference}`,
      permissions: ['wallet.approve'],
    },
    { topUpId: req.topUpId },
  );
  await server.platform.projections.waitFor(ok.position!, 10_000);
}

/** The customer's wallet balance as the read model has it ('0.00' before any). */
export const walletBalanceOf = async (server: RunningPlatform, customerId: string) =>
  (await server.platform.sql.begin((tx) => walletBalance(tx, customerId))) ?? '0.00';

/**
 * A manual VPS Pro (monthly, Mumbai, Ubuntu) that the first admin allocates to the customer,
 * paid from the wallet, without the e-mail; its service id, readable once this returns.
 */
export async function allocateVpsPro(
  { server, catalog, customerId }: Pick<Shop, 'server' | 'catalog' | 'customerId'>,
  o: { commandId: string; hostname: string; ipAddress: string; sshPassword: string },
): Promise<string> {
  const adminId = (await firstAdminId(server.platform.sql, OPERATOR_TENANT_ID))!;
  const allocated = await allocateServer(
    { ...server.platform.wallet, sealKey: server.platform.services.sealKey },
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: adminId, role: 'admin' },
      commandId: o.commandId,
      permissions: ['services.manage', 'billing.manage'],
    },
    {
      customerId,
      planId: catalog.plans['vps-pro'],
      cycle: 'MONTHLY',
      dataCentreId: catalog.dataCentres['mumbai'],
      operatingSystemId: catalog.operatingSystems['ubuntu'],
      hostname: o.hostname,
      ipAddresses: [o.ipAddress],
      ssh: { username: 'root', password: o.sshPassword, port: 22 },
      payment: 'WALLET',
      sendEmail: false,
    },
  );
  await server.platform.projections.waitFor(allocated.position!, 10_000);
  return allocated.serviceId;
}
