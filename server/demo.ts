import { approveTopUp, requestTopUp, type WalletDeps } from '../commands/wallet/top-ups.ts';
import { OPERATOR_TENANT_ID } from '../domain/tenancy/events.ts';
import type { Position } from '../eventstore/types.ts';
import { ensureUser, type Credentials } from './bootstrap.ts';
import { seedReseller } from './demo-reseller.ts';
import { seedDemoCatalogs } from './demo-catalog.ts';
import { seedDemoServices } from './demo-services.ts';
import type { AccountDeps } from '../commands/identity/account-deps.ts';

/** A tiny but valid PNG (a receipt stand-in) for the demo's payment proofs. */
export const DEMO_PROOF_PNG =
  'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAIklEQVR4nGNkaGAgBTCRpHpUw6iGUQ2jGkY1jGoY1TCqAQDfbAIBQBYkNAAAAABJRU5ErkJggg==';

/**
 * Demo data, through the same commands a person would use: a customer with a printed
 * password (kept: customers are not staff, and the demo stays one sign-in away), one approved top-up (so the ledger has a line) and one waiting for an admin, and two servers
 * (one running, one waiting for staff's Provision dialog).
 */
export async function seedDemo(
  deps: WalletDeps & { bcryptCost: number; sealKey: Buffer; identity: AccountDeps },
  adminId: () => Promise<string>,
  caughtUp: (position: Position) => Promise<void>,
): Promise<{ created: Credentials[]; positions: Position[] }> {
  const seeded = await seedReseller(deps);
  // Both tenants' catalogs, on every start (derived command ids: a restart adds nothing).
  const reseller = {
    ...seeded,
    positions: [...seeded.positions, ...(await seedDemoCatalogs(deps))],
  };
  const customer = await ensureUser(deps, 'demo:customer', {
    email: 'demo@akashone.com',
    name: 'Asha Verma',
    role: 'customer',
  });
  if (!customer) return reseller;
  const asCustomer = (commandId: string) => ({
    tenantId: OPERATOR_TENANT_ID,
    actor: { userId: customer.userId, role: 'customer' },
    commandId,
  });
  const proof = { fileName: 'neft-receipt.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };
  const first = await requestTopUp(deps, asCustomer('demo:topup:1'), {
    amount: '5000.00',
    method: 'BANK_TRANSFER',
    reference: 'NEFT-HDFCN52026040112',
    proof,
  });
  await caughtUp(first.position!);
  const approved = await approveTopUp(
    deps,
    {
      tenantId: OPERATOR_TENANT_ID,
      actor: { userId: await adminId(), role: 'admin' },
      commandId: 'demo:approve:1',
      permissions: ['wallet.approve'],
    },
    { topUpId: first.topUpId },
  );
  await caughtUp(approved.position!);
  // A server running and one waiting for staff's Provision dialog (paid from the wallet).
  const services = await seedDemoServices(deps, customer.userId, await adminId());
  const pending = await requestTopUp(deps, asCustomer('demo:topup:2'), {
    amount: '2500.00',
    method: 'CRYPTO',
    reference: 'TRX-9f3c2a71d4',
    proof,
  });
  return {
    created: [...reseller.created, customer.credentials],
    positions: [
      ...reseller.positions,
      customer.position,
      approved.position!,
      ...services,
      pending.position!,
    ],
  };
}
