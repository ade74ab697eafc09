import { TaxError } from '../tax-error.ts';
import { parseGstin } from '../gstin/gstin.ts';
import { FOREIGN_COUNTRY, indianPlace, stateByCode } from '../states/state-codes.ts';

/**
 * The recipient as the tax engine needs to know it.
 * - `registered`: place of supply is the GSTIN's state.
 * - `unregistered`: place of supply is the state of the address on record, else the supplier's.
 * - `sez`: a unit or developer in a Special Economic Zone; always inter-state, IGST paid or under LUT.
 * - `foreign`: export of services; IGST paid (refund claimed later) or zero under LUT.
 */
export type Recipient =
  | { readonly kind: 'registered'; readonly gstin: string }
  | { readonly kind: 'unregistered'; readonly stateCode?: string }
  | { readonly kind: 'sez'; readonly gstin: string; readonly payment: 'with-igst' | 'under-lut' }
  | { readonly kind: 'foreign'; readonly payment: 'with-igst' | 'under-lut' };

/** e-invoice supply types, plus B2C for unregistered recipients in India. */
export type SupplyType = 'B2B' | 'B2C' | 'SEZWP' | 'SEZWOP' | 'EXPWP' | 'EXPWOP';

/** Which heads a document charges; one per document (invariant 1). */
export type TaxSystem = 'CGST+SGST' | 'CGST+UTGST' | 'IGST' | 'ZERO_RATED';

export interface SupplyInput {
  /** The supplier's registration state, e.g. "27". */
  readonly supplierStateCode: string;
  readonly recipient: Recipient;
}

export interface Supply {
  readonly supplyType: SupplyType;
  readonly supplierStateCode: string;
  /** Two-digit code; "96" for a recipient abroad. */
  readonly placeOfSupply: string;
  readonly placeOfSupplyName: string;
  readonly interState: boolean;
  readonly taxSystem: TaxSystem;
  /** The registered recipient's GSTIN, checked. */
  readonly recipientGstin?: string;
  /** Text the invoice must carry, e.g. for an export under LUT. */
  readonly legend?: string;
}

/** Rule 46 wording for exports of services under LUT; SEZ supplies under LUT use the SEZ wording. */
export const EXPORT_UNDER_LUT_LEGEND =
  'SUPPLY MEANT FOR EXPORT UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX';
export const SEZ_UNDER_LUT_LEGEND =
  'SUPPLY MEANT FOR SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS UNDER BOND OR LETTER OF UNDERTAKING WITHOUT PAYMENT OF INTEGRATED TAX';
export const EXPORT_WITH_IGST_LEGEND = 'SUPPLY MEANT FOR EXPORT ON PAYMENT OF INTEGRATED TAX';
export const SEZ_WITH_IGST_LEGEND =
  'SUPPLY MEANT FOR SEZ UNIT OR SEZ DEVELOPER FOR AUTHORISED OPERATIONS ON PAYMENT OF INTEGRATED TAX';

/**
 * Decides the supply type, the place of supply and the heads that apply.
 *
 * Same state → CGST + SGST, or CGST + UTGST in a union territory without a legislature;
 * different states, SEZ and exports → IGST; SEZ and exports under LUT → zero-rated.
 * @throws TaxError for unknown or legacy state codes, a malformed GSTIN or a GSTIN that is no place
 */
export function determineSupply(input: SupplyInput): Supply {
  const supplier = stateByCode(input.supplierStateCode, 'supplierStateCode');
  if (supplier.kind === 'foreign-country') {
    throw new TaxError(
      'INVALID_PLACE_OF_SUPPLY',
      'The supplier state cannot be "96" (foreign country); give the state of the GST registration, e.g. "27".',
      'supplierStateCode',
    );
  }
  if (supplier.replacedBy) indianPlace(supplier.code, 'supplierStateCode');
  const r = input.recipient;
  switch (r.kind) {
    case 'registered': {
      const gstin = parseGstin(r.gstin, 'recipient.gstin');
      if (gstin.kind === 'oidar') {
        throw new TaxError(
          'INVALID_PLACE_OF_SUPPLY',
          `GSTIN "${r.gstin}" is a foreign OIDAR registration; bill that recipient as foreign.`,
          'recipient.gstin',
        );
      }
      const place = indianPlace(gstin.stateCode, 'recipient.gstin');
      return domestic('B2B', supplier.code, place.code, place.name, gstin.value);
    }
    case 'unregistered': {
      const place = indianPlace(
        r.stateCode ?? supplier.code,
        r.stateCode === undefined ? 'supplierStateCode' : 'recipient.stateCode',
      );
      return domestic('B2C', supplier.code, place.code, place.name);
    }
    case 'sez': {
      const gstin = parseGstin(r.gstin, 'recipient.gstin');
      const place = indianPlace(gstin.stateCode, 'recipient.gstin');
      const underLut = payment(r.payment) === 'under-lut';
      return {
        supplyType: underLut ? 'SEZWOP' : 'SEZWP',
        supplierStateCode: supplier.code,
        placeOfSupply: place.code,
        placeOfSupplyName: place.name,
        interState: true,
        taxSystem: underLut ? 'ZERO_RATED' : 'IGST',
        recipientGstin: gstin.value,
        legend: underLut ? SEZ_UNDER_LUT_LEGEND : SEZ_WITH_IGST_LEGEND,
      };
    }
    case 'foreign': {
      const underLut = payment(r.payment) === 'under-lut';
      return {
        supplyType: underLut ? 'EXPWOP' : 'EXPWP',
        supplierStateCode: supplier.code,
        placeOfSupply: FOREIGN_COUNTRY,
        placeOfSupplyName: stateByCode(FOREIGN_COUNTRY).name,
        interState: true,
        taxSystem: underLut ? 'ZERO_RATED' : 'IGST',
        legend: underLut ? EXPORT_UNDER_LUT_LEGEND : EXPORT_WITH_IGST_LEGEND,
      };
    }
    default:
      throw new TaxError(
        'INVALID_PLACE_OF_SUPPLY',
        `Recipient kind must be registered, unregistered, sez or foreign.`,
        'recipient.kind',
      );
  }
}

function domestic(
  supplyType: 'B2B' | 'B2C',
  supplierStateCode: string,
  placeOfSupply: string,
  placeOfSupplyName: string,
  recipientGstin?: string,
): Supply {
  const interState = supplierStateCode !== placeOfSupply;
  const taxSystem: TaxSystem = interState
    ? 'IGST'
    : stateByCode(placeOfSupply).usesUtgst
      ? 'CGST+UTGST'
      : 'CGST+SGST';
  return {
    supplyType,
    supplierStateCode,
    placeOfSupply,
    placeOfSupplyName,
    interState,
    taxSystem,
    ...(recipientGstin ? { recipientGstin } : {}),
  };
}

function payment(p: string): 'with-igst' | 'under-lut' {
  if (p === 'with-igst' || p === 'under-lut') return p;
  throw new TaxError(
    'INVALID_PLACE_OF_SUPPLY',
    `Payment must be "with-igst" or "under-lut", got "${String(p)}".`,
    'recipient.payment',
  );
}
