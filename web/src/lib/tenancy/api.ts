import * as ops from '$lib/graphql/generated/operations';

/*
 * Tenancy's operations live in tenancy.graphql; `npm run codegen` checks them against the SDL
 * and writes their typed documents. The types below are their results.
 */
export type { HostStatus } from '$lib/graphql/generated/operations';

export type TenantSettings = ops.TenantSettingsFieldsFragment;
export type TenantSummary = ops.TenantSummaryFieldsFragment;
/** PENDING: a reseller asked and the operator has not decided; it does not serve the portal yet. */
export type TenantHost = ops.TenantHostFieldsFragment;
/**
 * The brand as the forms edit it. The store's contact fields may be absent (a new tenant's form
 * starts without them; the API keeps what a brand has when they are not sent).
 */
export type BrandSettings = Omit<TenantSettings['brand'], 'supportPhone' | 'storeDescription'> &
  Partial<Pick<TenantSettings['brand'], 'supportPhone' | 'storeDescription'>>;
/** The legal profile as the forms edit it; `lutNumber` is the LUT's ARN (exports and SEZ supplies are zero-rated under it). */
export type LegalProfile = Omit<TenantSettings['legal'], 'stateName'>;
export type InvoiceSeries = LegalProfile['invoiceSeries'];
export type BillingSettings = TenantSettings['billing'];
export type TopUpSettings = TenantSettings['topUps'];
export type FeatureSwitch = TenantSettings['features'][number];

export const TenantSettingsQuery = ops.TenantSettingsDocument;
export const UpdateBrandMutation = ops.UpdateTenantBrandDocument;
export const UpdateLegalMutation = ops.UpdateTenantLegalProfileDocument;
export const UpdateTopUpsMutation = ops.UpdateTenantTopUpsDocument;
export const UpdateBillingMutation = ops.UpdateTenantBillingDocument;
export const SwitchFeatureMutation = ops.SwitchFeatureDocument;
export const TenantsQuery = ops.TenantsDocument;
export const CreateTenantMutation = ops.CreateTenantDocument;
export const ApproveHostMutation = ops.ApproveHostDocument;
export const RejectHostMutation = ops.RejectHostDocument;

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
  supportPhone: b.supportPhone ?? null,
  storeDescription: b.storeDescription ?? null,
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
