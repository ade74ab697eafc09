import { OPERATOR_TENANT_ID } from '../domain/tenancy/events.ts';
import type { Position } from '../eventstore/types.ts';
import type { AccountDeps } from '../commands/identity/account-deps.ts';
import { updateProfile } from '../commands/identity/profile.ts';
import type { CommandContext, CommandDeps } from '../commands/shared/handler.ts';
import { placeOrder } from '../commands/orders/place-order.ts';
import { allocateServer } from '../commands/services/allocate.ts';
import { createServicesForOrder } from '../commands/services/create-services.ts';
import { seedCatalog } from './demo-catalog.ts';

/** The demo server's login (a made-up machine: the demo prints its customer's password too). */
export const DEMO_SERVER_PASSWORD = 'Demo-Root-Pa55word';

/**
 * The demo customer's services, through the commands staff and the customer would use: a
 * billing address (invoices need the place of supply), a VPS Pro allocated by hand and paid by
 * bank transfer (ACTIVE, MANUAL, with an SSH login) and a VPS Starter ordered and paid from the
 * wallet (PENDING: no CloudStack is mapped, so it waits for staff's Provision dialog). Every
 * command id is fixed, so running it again adds nothing. The wallet needs ₹530 (the demo's
 * approved top-up covers it).
 */
export async function seedDemoServices(
  deps: CommandDeps & { sealKey: Buffer; identity: AccountDeps },
  customerId: string,
  adminId: string,
): Promise<Position[]> {
  const tenantId = OPERATOR_TENANT_ID;
  const { store, now } = deps;
  const asCustomer = (commandId: string): CommandContext => ({
    tenantId,
    actor: { userId: customerId, role: 'customer' },
    commandId,
  });
  const asAdmin = (commandId: string): CommandContext => ({
    tenantId,
    actor: { userId: adminId, role: 'admin' },
    commandId,
    permissions: ['services.manage', 'billing.manage'],
  });
  // The catalog's ids (seeding it again under the same command ids writes nothing).
  const shop = await seedCatalog({ store, now }, tenantId, { mumbai: true });
  const positions: Position[] = [];
  const profile = await updateProfile(deps.identity, asCustomer('demo:services:profile'), {
    commandId: 'demo:services:profile',
    name: 'Asha Verma',
    company: null,
    phone: null,
    address: {
      line1: '14 FC Road',
      line2: null,
      city: 'Pune',
      stateCode: '27',
      postalCode: '411004',
      country: 'IN',
    },
    gstin: null,
  });
  if (profile?.position) positions.push(profile.position);

  const allocated = await allocateServer(
    { store, now, sealKey: deps.sealKey },
    asAdmin('demo:services:allocate'),
    {
      customerId,
      planId: shop.plans['vps-pro'],
      cycle: 'MONTHLY',
      dataCentreId: shop.dataCentres['mumbai'],
      operatingSystemId: shop.operatingSystems['ubuntu'],
      hostname: 'app.ashaverma.in',
      ipAddresses: ['203.0.113.25'],
      ssh: { username: 'root', password: DEMO_SERVER_PASSWORD, port: 22 },
      notes: 'Demo: allocated by hand, paid by bank transfer',
      payment: 'EXTERNAL',
      reference: 'NEFT-DEMO-ALLOC-1',
      sendEmail: false,
    },
  );
  if (allocated.position) positions.push(allocated.position);

  const ordered = await placeOrder({ store, now }, asCustomer('demo:services:order'), {
    commandId: 'demo:services:order',
    items: [
      {
        planId: shop.plans['vps-starter'],
        cycle: 'MONTHLY',
        operatingSystemId: shop.operatingSystems['debian'],
        dataCentreId: shop.dataCentres['mumbai'],
        hostname: 'staging.ashaverma.in',
        addons: [],
      },
    ],
    pay: 'WALLET',
  });
  // The fulfilment process does this on OrderPaid too; the same ids make it one service.
  const created = await createServicesForOrder(
    { store, now },
    {
      tenantId,
      correlationId: 'demo:services:order',
      causationId: 'demo:services:order',
    },
    ordered.orderId,
  );
  if (created.position) positions.push(created.position);
  return positions;
}
