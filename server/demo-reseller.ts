import { createTenant } from '../commands/tenancy/create-tenant.ts';
import type { CommandDeps } from '../commands/shared/handler.ts';
import { OPERATOR_TENANT_ID } from '../domain/tenancy/events.ts';
import type { Position } from '../eventstore/types.ts';
import { ensureUser, type Credentials } from './bootstrap.ts';

export const RESELLER_TENANT_ID = 'kloudnests';

/** KloudNests, a reseller selling under its own brand on its own host name. */
export const resellerTenant = {
  tenantId: RESELLER_TENANT_ID,
  brand: {
    name: 'KloudNests',
    tagline: 'Enterprise Cloud Infrastructure Provider',
    primaryColor: '#0d9488',
    accentColor: '#f59e0b',
    logoUrl: null,
    supportEmail: 'support@kloudnests.com',
    mailFrom: 'KloudNests <billing@kloudnests.com>',
    domains: ['kloudnests.localhost'],
  },
  legal: {
    companyName: 'KloudNests Cloud Services Pvt Ltd',
    gstin: '29AAKCK4021N1Z6',
    stateCode: '29',
    address: 'Koramangala, Bengaluru, Karnataka 560034, India',
    invoiceSeries: {
      invoice: 'KN/{FY4}/{SEQ:5}',
      creditNote: 'KNCN/{FY4}/{SEQ:5}',
      debitNote: 'KNDN/{FY4}/{SEQ:5}',
      receiptVoucher: 'KNRV/{FY4}/{SEQ:5}',
      refundVoucher: 'KNRF/{FY4}/{SEQ:5}',
    },
  },
  topUps: {
    bankAccountName: 'KloudNests Cloud Services Pvt Ltd',
    bankName: 'ICICI Bank',
    bankAccountNumber: '000405012345',
    bankIfsc: 'ICIC0000004',
    bankBranch: 'Koramangala',
    upiId: 'kloudnests@icici',
    cryptoAsset: 'USDT',
    cryptoNetwork: 'TRON (TRC-20)',
    cryptoAddress: 'TKloudNests9f8e7d6c5b4a3z2y1x0w',
    cryptoEnabled: false,
    minAmount: '500.00',
    maxAmount: '200000.00',
  },
  features: ['wallet', 'team-accounts'],
};

const series = (s: typeof resellerTenant.legal.invoiceSeries) => ({
  invoice: s.invoice,
  'credit-note': s.creditNote,
  'debit-note': s.debitNote,
  'receipt-voucher': s.receiptVoucher,
  'refund-voucher': s.refundVoucher,
});

/**
 * The demo reseller with its own admin (password printed once, replaced at first sign-in like any
 * reseller admin's: no demo-only way round it) and a customer, through the same command the super
 * admin's "create tenant" page uses. Fixed commandIds: a restart adds nothing.
 */
export async function seedReseller(
  deps: CommandDeps & { bcryptCost: number },
): Promise<{ created: Credentials[]; positions: Position[] }> {
  const system = {
    tenantId: OPERATOR_TENANT_ID,
    actor: { userId: 'system', role: 'system' },
    commandId: 'demo:tenant:kloudnests',
  };
  const input = {
    ...resellerTenant,
    legal: { ...resellerTenant.legal, invoiceSeries: series(resellerTenant.legal.invoiceSeries) },
    admin: { email: 'admin@kloudnests.com', name: 'KloudNests Admin' },
  };
  const tenant = await createTenant(deps, system, input);
  const created: Credentials[] = tenant.adminPassword
    ? [
        {
          role: 'admin (KloudNests)',
          email: tenant.adminEmail,
          password: tenant.adminPassword,
          mustChange: true,
        },
      ]
    : [];
  const positions = [...tenant.positions];
  const customer = await ensureUser(
    deps,
    'demo:kloudnests:customer',
    { email: 'demo@kloudnests.com', name: 'Neha Sharma', role: 'customer' },
    RESELLER_TENANT_ID,
  );
  if (customer) {
    created.push({ ...customer.credentials, role: 'customer (KloudNests)' });
    positions.push(customer.position);
  }
  return { created, positions };
}
