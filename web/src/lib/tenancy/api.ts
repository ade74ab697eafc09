import { gql } from '$lib/graphql/client';
import type { DateTime, Decimal } from '$lib/graphql/scalars';

export interface BrandSettings {
  name: string;
  tagline: string | null;
  primaryColor: string;
  accentColor: string | null;
  logoUrl: string | null;
  supportEmail: string;
  mailFrom: string;
  domains: string[];
}

export interface InvoiceSeries {
  invoice: string;
  creditNote: string;
  debitNote: string;
  receiptVoucher: string;
  refundVoucher: string;
}

export interface LegalProfile {
  companyName: string;
  gstin: string | null;
  stateCode: string;
  address: string;
  invoiceSeries: InvoiceSeries;
  /** The LUT's ARN; exports and SEZ supplies are zero-rated under it. */
  lutNumber: string | null;
}

export interface BillingSettings {
  partialPayments: boolean;
  unpaidOrderDays: number;
  roundOff: 'NONE' | 'RUPEE';
}

export interface TopUpSettings {
  bankAccountName: string;
  bankName: string;
  bankAccountNumber: string;
  bankIfsc: string;
  bankBranch: string | null;
  upiId: string | null;
  cryptoAsset: string;
  cryptoNetwork: string;
  cryptoAddress: string;
  cryptoEnabled: boolean;
  minAmount: Decimal;
  maxAmount: Decimal;
}

export interface FeatureSwitch {
  key: string;
  label: string;
  description: string;
  enabled: boolean;
  switchedAt: DateTime | null;
  switchedBy: string | null;
}

/** PENDING: a reseller asked and the operator has not decided; it does not serve the portal yet. */
export type HostStatus = 'PENDING' | 'APPROVED' | 'REJECTED';

export interface TenantHost {
  name: string;
  status: HostStatus;
  requestedAt: DateTime;
  decidedAt: DateTime | null;
  reason: string | null;
}

export interface TenantSettings {
  tenantId: string;
  brand: BrandSettings;
  hosts: TenantHost[];
  legal: LegalProfile & { stateName: string | null };
  topUps: TopUpSettings;
  billing: BillingSettings;
  features: FeatureSwitch[];
}

export interface TenantSummary {
  tenantId: string;
  name: string;
  domains: string[];
  hosts: TenantHost[];
  companyName: string;
  gstin: string | null;
  features: string[];
  createdAt: DateTime;
}

const settingsFields = `tenantId
  brand { name tagline primaryColor accentColor logoUrl supportEmail mailFrom domains }
  legal { companyName gstin stateCode stateName address invoiceSeries { invoice creditNote debitNote receiptVoucher refundVoucher } lutNumber }
  topUps { bankAccountName bankName bankAccountNumber bankIfsc bankBranch upiId cryptoAsset cryptoNetwork cryptoAddress cryptoEnabled minAmount maxAmount }
  billing { partialPayments unpaidOrderDays roundOff }
  features { key label description enabled switchedAt switchedBy }
  hosts { name status requestedAt decidedAt reason }`;
const summaryFields =
  'tenantId name domains hosts { name status requestedAt decidedAt reason } companyName gstin features createdAt';

type Cmd<T> = { input: T & { commandId: string; tenantId?: string | null } };

export const TenantSettingsQuery = gql<
  { tenantSettings: TenantSettings },
  { tenantId?: string | null }
>(`
  query TenantSettings($tenantId: ID) { tenantSettings(tenantId: $tenantId) { ${settingsFields} } }
`);

export const UpdateBrandMutation = gql<
  { updateTenantBrand: TenantSettings },
  Cmd<{ brand: BrandSettings }>
>(`
  mutation UpdateTenantBrand($input: UpdateTenantBrandInput!) { updateTenantBrand(input: $input) { ${settingsFields} } }
`);

export const UpdateLegalMutation = gql<
  { updateTenantLegalProfile: TenantSettings },
  Cmd<{ legal: LegalProfile }>
>(`
  mutation UpdateTenantLegalProfile($input: UpdateTenantLegalProfileInput!) { updateTenantLegalProfile(input: $input) { ${settingsFields} } }
`);

export const UpdateTopUpsMutation = gql<
  { updateTenantTopUps: TenantSettings },
  Cmd<{ topUps: TopUpSettings }>
>(`
  mutation UpdateTenantTopUps($input: UpdateTenantTopUpsInput!) { updateTenantTopUps(input: $input) { ${settingsFields} } }
`);

export const UpdateBillingMutation = gql<
  { updateTenantBilling: TenantSettings },
  Cmd<{ billing: BillingSettings }>
>(`
  mutation UpdateTenantBilling($input: UpdateTenantBillingInput!) { updateTenantBilling(input: $input) { ${settingsFields} } }
`);

export const SwitchFeatureMutation = gql<
  { switchFeature: TenantSettings },
  Cmd<{ feature: string; enabled: boolean }>
>(`
  mutation SwitchFeature($input: SwitchFeatureInput!) { switchFeature(input: $input) { ${settingsFields} } }
`);

export const TenantsQuery = gql<{ tenants: TenantSummary[] }, Record<string, never>>(`
  query Tenants { tenants { ${summaryFields} } }
`);

export const CreateTenantMutation = gql<
  { createTenant: { tenant: TenantSummary; adminEmail: string; adminPassword: string | null } },
  {
    input: {
      commandId: string;
      tenantId: string;
      brand: BrandSettings;
      legal: LegalProfile;
      topUps: TopUpSettings;
      features: string[];
      admin: { email: string; name: string };
    };
  }
>(`
  mutation CreateTenant($input: CreateTenantInput!) { createTenant(input: $input) { tenant { ${summaryFields} } adminEmail adminPassword } }
`);

export const ApproveHostMutation = gql<
  { approveHost: TenantSummary },
  { input: { commandId: string; host: string } }
>(`
  mutation ApproveHost($input: ApproveHostInput!) { approveHost(input: $input) { ${summaryFields} } }
`);

export const RejectHostMutation = gql<
  { rejectHost: TenantSummary },
  { input: { commandId: string; host: string; reason: string } }
>(`
  mutation RejectHost($input: RejectHostInput!) { rejectHost(input: $input) { ${summaryFields} } }
`);

/** The series keys as the API names them, with the domain's names in error paths. */
export const SERIES_FIELDS: { key: keyof InvoiceSeries; issueKey: string; label: string }[] = [
  { key: 'invoice', issueKey: 'invoice', label: 'Tax invoices' },
  { key: 'creditNote', issueKey: 'credit-note', label: 'Credit notes' },
  { key: 'debitNote', issueKey: 'debit-note', label: 'Debit notes' },
  { key: 'receiptVoucher', issueKey: 'receipt-voucher', label: 'Receipt vouchers' },
  { key: 'refundVoucher', issueKey: 'refund-voucher', label: 'Refund vouchers' },
];

/** The editable part of settings the API sent, as inputs take them (no computed fields). */
export const brandInput = (b: BrandSettings): BrandSettings => ({
  name: b.name,
  tagline: b.tagline,
  primaryColor: b.primaryColor,
  accentColor: b.accentColor,
  logoUrl: b.logoUrl,
  supportEmail: b.supportEmail,
  mailFrom: b.mailFrom,
  domains: [...b.domains],
});

export const legalInput = (l: LegalProfile): LegalProfile => ({
  companyName: l.companyName,
  gstin: l.gstin,
  stateCode: l.stateCode,
  address: l.address,
  invoiceSeries: {
    invoice: l.invoiceSeries.invoice,
    creditNote: l.invoiceSeries.creditNote,
    debitNote: l.invoiceSeries.debitNote,
    receiptVoucher: l.invoiceSeries.receiptVoucher,
    refundVoucher: l.invoiceSeries.refundVoucher,
  },
  lutNumber: l.lutNumber ?? null,
});

export const billingInput = (b: BillingSettings): BillingSettings => ({
  partialPayments: b.partialPayments,
  unpaidOrderDays: b.unpaidOrderDays,
  roundOff: b.roundOff,
});

export const topUpInput = (t: TopUpSettings): TopUpSettings => ({
  bankAccountName: t.bankAccountName,
  bankName: t.bankName,
  bankAccountNumber: t.bankAccountNumber,
  bankIfsc: t.bankIfsc,
  bankBranch: t.bankBranch,
  upiId: t.upiId,
  cryptoAsset: t.cryptoAsset,
  cryptoNetwork: t.cryptoNetwork,
  cryptoAddress: t.cryptoAddress,
  cryptoEnabled: t.cryptoEnabled,
  minAmount: t.minAmount,
  maxAmount: t.maxAmount,
});
