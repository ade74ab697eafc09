import { fieldError } from '../catalog/field-error.ts';
import { calculateDocument } from '../tax/document/calculate-document.ts';
import type {
  CalculatedDocument,
  LineInput,
  RoundOffMode,
} from '../tax/document/document-types.ts';
import { determineSupply, type Recipient } from '../tax/supply/determine-supply.ts';
import { TaxError } from '../tax/tax-error.ts';
import type { BillingRecipient, Supplier } from './events.ts';

/** India Standard Time is UTC+05:30 all year: GST dates (and financial years) are Indian dates. */
const IST_OFFSET_MS = 330 * 60_000;

/** The date in India of an instant: '2026-03-31T19:00:00Z' → '2026-04-01'. */
export function indianDate(instant: string): string {
  return new Date(Date.parse(instant) + IST_OFFSET_MS).toISOString().slice(0, 10);
}

/** The tax engine's recipient for a billing profile: export, SEZ, registered or not. */
export function taxRecipient(r: BillingRecipient, supplier: Supplier): Recipient {
  const payment = supplier.lutNumber ? 'under-lut' : 'with-igst';
  if (r.country.toUpperCase() !== 'IN') return { kind: 'foreign', payment };
  if (r.sez) {
    if (!r.gstin) throw fieldError('recipient.gstin', 'An SEZ unit is billed with its GSTIN.');
    return { kind: 'sez', gstin: r.gstin, payment };
  }
  if (r.gstin) return { kind: 'registered', gstin: r.gstin };
  return r.stateCode === null
    ? { kind: 'unregistered' }
    : { kind: 'unregistered', stateCode: r.stateCode };
}

/** Engine field names ("lines[2].sac", "supplierStateCode") as form paths ("lines.2.sac", "supplier.stateCode"). */
function pathOf(field: string | undefined): string {
  if (!field) return 'document';
  if (field === 'supplierStateCode') return 'supplier.stateCode';
  return field.replace(/\[(\d+)\]/g, '.$1');
}

/** Runs the tax engine and turns its refusals into BAD_USER_INPUT naming the field. */
export function withTaxErrors<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof TaxError) throw fieldError(pathOf(e.field), e.message);
    throw e;
  }
}

/**
 * The document an invoice is issued with: place of supply from the supplier's state and the
 * recipient's profile, then every line, head and total by the engine. `quoteOrder` calls this
 * with the lines of `priceOrder`, the proforma stores its result: a quote and the invoice agree.
 */
export function computeInvoiceDocument(input: {
  lines: readonly LineInput[];
  supplier: Supplier;
  recipient: BillingRecipient;
  roundOff?: RoundOffMode;
}): CalculatedDocument {
  return withTaxErrors(() => {
    const supply = determineSupply({
      supplierStateCode: input.supplier.stateCode,
      recipient: taxRecipient(input.recipient, input.supplier),
    });
    const lines = input.lines.map(({ description, sac, quantity, unitPrice, discount, rate }) => ({
      description,
      sac,
      quantity,
      unitPrice,
      ...(discount === undefined ? {} : { discount }),
      ...(rate === undefined ? {} : { rate }),
    }));
    return calculateDocument({ supply, lines, roundOff: input.roundOff ?? 'none' });
  });
}
