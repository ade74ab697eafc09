/** How a customer may pay for a top-up, and the label shown for each (pages, ledger, activity). */
export const PAYMENT_METHOD_LABELS = {
  BANK_TRANSFER: 'Bank transfer',
  CRYPTO: 'Crypto',
} as const;

export type PaymentMethod = keyof typeof PAYMENT_METHOD_LABELS;

/** The label of a method code; an unknown code (a later method, read by older code) as it is. */
export const paymentMethodLabel = (method: string): string =>
  (PAYMENT_METHOD_LABELS as Record<string, string>)[method] ?? method;

/** How the ledger words an approved top-up: its method's label and the customer's payment reference. */
export const topUpLedgerDescription = (method: string, reference: string): string =>
  `Wallet top-up · ${paymentMethodLabel(method)} · ref ${reference}`;

/**
 * Whether a tenant offers crypto top-ups: its top-up settings switch them on AND the tenant has
 * the crypto-topups feature. Both the request command and the payment-details page ask this.
 */
export const cryptoTopUpsOffered = (
  topUps: { cryptoEnabled?: boolean | null },
  features: readonly string[],
): boolean => Boolean(topUps.cryptoEnabled) && features.includes('crypto-topups');
