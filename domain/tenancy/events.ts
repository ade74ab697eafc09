import type { DomainEvent } from '../shared/decider.ts';

export interface Brand {
  name: string;
  tagline: string | null;
  primaryColor: string;
  supportEmail: string;
  mailFrom: string;
  /** Host names that serve this tenant's portal, e.g. `akashone.localhost`. */
  domains: string[];
}

export interface LegalProfile {
  companyName: string;
  gstin: string | null;
  stateCode: string;
  address: string;
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

export type TenantCreated = DomainEvent<
  'TenantCreated',
  { tenantId: string; brand: Brand; legal: LegalProfile; topUps: TopUpSettings; features: string[]; createdAt: string }
>;

export type TenantEvent = TenantCreated;

export const tenantStreamId = (tenantId: string) => `tenant-${tenantId}`;
export const OPERATOR_TENANT_ID = 'akashone';
