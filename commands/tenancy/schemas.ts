import { z } from 'zod';
import { SERIES_DOCUMENT_TYPES } from '../../domain/tax/numbering/document-series.ts';
import type { BillingSettings, TopUpSettings } from '../../domain/tenancy/events.ts';
import { plainText } from '../shared/validate.ts';

/**
 * The shapes of tenant settings as forms send them. Shape and length only: the business rules
 * (GSTIN check character, series lengths, hex colours, limits) are the domain's, in
 * domain/tenancy/settings-rules.ts, so they hold for every caller.
 */
const optionalText = (max: number) =>
  z
    .string()
    .max(max * 2)
    .nullish()
    .transform((s) => (s && s.trim() ? s.trim() : null));

/**
 * A field added to the brand after brands existed: absent (undefined) keeps what the brand has,
 * null or blank clears it (commands/tenancy/settings.ts keepAbsent), text is trimmed.
 */
const laterText = (max: number) =>
  z
    .string()
    .max(max * 2)
    .nullish()
    .transform((s) => (s === undefined ? undefined : s && s.trim() ? s.trim() : null));

export const brandSchema = z.object({
  name: plainText(80),
  tagline: optionalText(120),
  primaryColor: z.string().trim().max(20),
  accentColor: optionalText(20),
  logoUrl: optionalText(500),
  supportEmail: z.string().trim().toLowerCase().max(254),
  mailFrom: z.string().trim().max(200),
  domains: z.array(z.string().trim().toLowerCase().max(253)).max(20),
  supportPhone: laterText(20),
  storeDescription: laterText(300),
});

const seriesSchema = z.object(
  Object.fromEntries(SERIES_DOCUMENT_TYPES.map((t) => [t, z.string().trim().max(40)])) as Record<
    (typeof SERIES_DOCUMENT_TYPES)[number],
    z.ZodString
  >,
);

export const legalSchema = z.object({
  companyName: plainText(160),
  gstin: z
    .string()
    .trim()
    .max(20)
    .nullish()
    .transform((s) => (s ? s : null)),
  stateCode: z.string().trim().max(2),
  address: plainText(500),
  invoiceSeries: seriesSchema,
  lutNumber: z
    .string()
    .trim()
    .toUpperCase()
    .max(30)
    .nullish()
    .transform((s) => (s ? s : null)),
});

/** Parses to the one BillingSettings shape; the rules (day bounds) are the domain's. */
export const billingSchema = z.object({
  partialPayments: z.boolean(),
  unpaidOrderDays: z.number().int(),
  roundOff: z.enum(['none', 'rupee']),
}) satisfies z.ZodType<BillingSettings, z.ZodTypeDef, unknown>;

/** Parses to the one TopUpSettings shape (domain/tenancy/events.ts): a field added there and not here fails tsc. */
export const topUpSchema = z.object({
  bankAccountName: plainText(120),
  bankName: plainText(120),
  bankAccountNumber: z.string().trim().max(30),
  bankIfsc: z.string().trim().toUpperCase().max(20),
  bankBranch: optionalText(120),
  upiId: optionalText(256),
  cryptoAsset: z.string().trim().max(20),
  cryptoNetwork: z.string().trim().max(60),
  cryptoAddress: z.string().trim().max(100),
  cryptoEnabled: z.boolean(),
  minAmount: z.string().trim().max(20),
  maxAmount: z.string().trim().max(20),
}) satisfies z.ZodType<TopUpSettings, z.ZodTypeDef, unknown>;
