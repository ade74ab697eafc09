import type { DomainEvent } from '../shared/decider.ts';
import type { SeriesDocumentType } from '../tax/numbering/document-series.ts';

export interface Brand {
  name: string;
  tagline: string | null;
  primaryColor: string;
  supportEmail: string;
  mailFrom: string;
  /** Host names that serve this tenant's portal, e.g. `akashone.localhost`. */
  domains: string[];
  /** Optional because tenants created before brands had them carry none. */
  accentColor?: string | null;
  /** An http(s) address of the logo image; null shows the brand's initial. */
  logoUrl?: string | null;
  /**
   * The support phone the store's contact page and footer show, e.g. "+91 22 4000 1234".
   * Absent on brands saved before it existed: read as null.
   */
  supportPhone?: string | null;
  /**
   * Plain text for the store's meta description (at most 300 characters); null: the tagline.
   * Absent on brands saved before it existed: read as null.
   */
  storeDescription?: string | null;
}

/** The document number format of each series, e.g. `{ invoice: 'AK/{FY4}/{SEQ:5}', ... }`. */
export type InvoiceSeries = Record<SeriesDocumentType, string>;

export interface LegalProfile {
  companyName: string;
  gstin: string | null;
  stateCode: string;
  address: string;
  /** Absent on tenants created before series were configurable: `DEFAULT_SERIES` applies. */
  invoiceSeries?: InvoiceSeries;
  /**
   * The letter of undertaking (ARN) for the financial year: exports and SEZ supplies are then
   * zero-rated instead of charged IGST. Absent or null: none filed.
   */
  lutNumber?: string | null;
}

/** How the tenant bills (domain/tenancy/billing-settings.ts has the defaults and the rules). */
export interface BillingSettings {
  /** Whether a customer may apply part of their wallet to an invoice and pay the rest later. */
  partialPayments: boolean;
  /** Days an order may stay unpaid before it is cancelled automatically. */
  unpaidOrderDays: number;
  /** Round invoice totals to the rupee (Section 170) or not. */
  roundOff: 'none' | 'rupee';
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
  minAmount: string;
  maxAmount: string;
}

/** How the tenant's mails leave: the operator's service, its own SMTP server or SendGrid. */
export type MailTransportChoice = 'OPERATOR' | 'SMTP' | 'SENDGRID';

/**
 * The tenant's mail service. Secrets are sealed (AES-GCM, the "mail transport secrets v1" key,
 * bound to the tenant id): never in a read model, never returned by the API.
 */
export interface MailSettings {
  transport: MailTransportChoice;
  smtp?: {
    host: string;
    port: number;
    tls: 'NONE' | 'STARTTLS' | 'TLS';
    user: string;
    /** Null: no password (a relay that takes none). */
    passwordSealed: string | null;
  };
  sendgrid?: { apiKeySealed: string };
}

/** A staff role a tenant makes from permissions (system roles are fixed in code). */
export interface CustomRole {
  roleId: string;
  name: string;
  permissions: string[];
}

export type TenantCreated = DomainEvent<
  'TenantCreated',
  {
    tenantId: string;
    brand: Brand;
    legal: LegalProfile;
    topUps: TopUpSettings;
    /** Absent on tenants created before billing settings existed: the defaults apply. */
    billing?: BillingSettings;
    features: string[];
    createdAt: string;
  }
>;
export type TenantBrandUpdated = DomainEvent<
  'TenantBrandUpdated',
  { tenantId: string; brand: Brand; updatedAt: string }
>;
export type TenantLegalProfileUpdated = DomainEvent<
  'TenantLegalProfileUpdated',
  { tenantId: string; legal: LegalProfile; updatedAt: string }
>;
export type TenantTopUpSettingsUpdated = DomainEvent<
  'TenantTopUpSettingsUpdated',
  { tenantId: string; topUps: TopUpSettings; updatedAt: string }
>;
export type TenantBillingSettingsUpdated = DomainEvent<
  'TenantBillingSettingsUpdated',
  { tenantId: string; billing: BillingSettings; updatedAt: string }
>;
export type TenantMailSettingsUpdated = DomainEvent<
  'TenantMailSettingsUpdated',
  { tenantId: string; mail: MailSettings; updatedAt: string }
>;
export type FeatureSwitched = DomainEvent<
  'FeatureSwitched',
  { tenantId: string; feature: string; enabled: boolean; switchedAt: string }
>;
export type RoleDefined = DomainEvent<
  'RoleDefined',
  { tenantId: string; roleId: string; name: string; permissions: string[]; definedAt: string }
>;
export type RoleChanged = DomainEvent<
  'RoleChanged',
  { tenantId: string; roleId: string; name: string; permissions: string[]; changedAt: string }
>;

/** A tenant's own subject and body for one kind of mail (the kinds: domain/mail/template-kinds.ts). */
export interface MailTemplateText {
  subject: string;
  body: string;
}
export type MailTemplateSaved = DomainEvent<
  'MailTemplateSaved',
  { tenantId: string; kind: string; subject: string; body: string; savedAt: string }
>;
/** The kind's mails use the repository's template file again. */
export type MailTemplateReset = DomainEvent<
  'MailTemplateReset',
  { tenantId: string; kind: string; resetAt: string }
>;

export type TenantEvent =
  | TenantCreated
  | TenantBrandUpdated
  | TenantLegalProfileUpdated
  | TenantTopUpSettingsUpdated
  | TenantBillingSettingsUpdated
  | TenantMailSettingsUpdated
  | FeatureSwitched
  | RoleDefined
  | RoleChanged
  | MailTemplateSaved
  | MailTemplateReset;

export const tenantEventTypes = [
  'TenantCreated',
  'TenantBrandUpdated',
  'TenantLegalProfileUpdated',
  'TenantTopUpSettingsUpdated',
  'TenantBillingSettingsUpdated',
  'TenantMailSettingsUpdated',
  'FeatureSwitched',
  'RoleDefined',
  'RoleChanged',
  'MailTemplateSaved',
  'MailTemplateReset',
] as const satisfies readonly TenantEvent['type'][];

export const tenantStreamId = (tenantId: string) => `tenant-${tenantId}`;
export const OPERATOR_TENANT_ID = 'akashone';

/** Five-digit counters fit 16 characters with a four-character year: `INV/2526/00042`. */
export const DEFAULT_SERIES: InvoiceSeries = {
  invoice: 'INV/{FY4}/{SEQ:5}',
  'credit-note': 'CN/{FY4}/{SEQ:5}',
  'debit-note': 'DN/{FY4}/{SEQ:5}',
  'receipt-voucher': 'RV/{FY4}/{SEQ:5}',
  'refund-voucher': 'RF/{FY4}/{SEQ:5}',
};
