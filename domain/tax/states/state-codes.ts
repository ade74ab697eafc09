import { TaxError } from '../tax-error.ts';

/**
 * What a GST state code stands for. The kind decides the tax: a union territory without a
 * legislature charges UTGST instead of SGST; 96 is a place outside India; 99 is the centre's
 * jurisdiction for OIDAR registrations of foreign suppliers, never a place of supply.
 */
export type StateKind = 'state' | 'union-territory' | 'foreign-country' | 'centre-jurisdiction';

export interface GstState {
  /** Two digits, e.g. "27". */
  readonly code: string;
  readonly name: string;
  readonly kind: StateKind;
  /** Union territory without a legislature: CGST + UTGST instead of CGST + SGST. */
  readonly usesUtgst: boolean;
  /** Codes no longer issued; they still appear in old GSTINs, with the codes that replaced them. */
  readonly replacedBy?: readonly string[];
}

const s = (code: string, name: string): GstState => ({
  code,
  name,
  kind: 'state',
  usesUtgst: false,
});
/** Delhi, Puducherry and J&K have legislatures, so they charge SGST although they are UTs. */
const utWithLegislature = (code: string, name: string): GstState => ({
  code,
  name,
  kind: 'union-territory',
  usesUtgst: false,
});
const utgst = (code: string, name: string): GstState => ({
  code,
  name,
  kind: 'union-territory',
  usesUtgst: true,
});

/** The GST state-code table (GST.md), including the legacy codes 25 and 28. */
export const GST_STATES: readonly GstState[] = Object.freeze([
  utWithLegislature('01', 'Jammu & Kashmir'),
  s('02', 'Himachal Pradesh'),
  s('03', 'Punjab'),
  utgst('04', 'Chandigarh'),
  s('05', 'Uttarakhand'),
  s('06', 'Haryana'),
  utWithLegislature('07', 'Delhi'),
  s('08', 'Rajasthan'),
  s('09', 'Uttar Pradesh'),
  s('10', 'Bihar'),
  s('11', 'Sikkim'),
  s('12', 'Arunachal Pradesh'),
  s('13', 'Nagaland'),
  s('14', 'Manipur'),
  s('15', 'Mizoram'),
  s('16', 'Tripura'),
  s('17', 'Meghalaya'),
  s('18', 'Assam'),
  s('19', 'West Bengal'),
  s('20', 'Jharkhand'),
  s('21', 'Odisha'),
  s('22', 'Chhattisgarh'),
  s('23', 'Madhya Pradesh'),
  s('24', 'Gujarat'),
  { ...utgst('25', 'Daman & Diu (legacy)'), replacedBy: ['26'] },
  utgst('26', 'Dadra & Nagar Haveli and Daman & Diu'),
  s('27', 'Maharashtra'),
  { ...s('28', 'Andhra Pradesh (legacy)'), replacedBy: ['37', '36'] },
  s('29', 'Karnataka'),
  s('30', 'Goa'),
  utgst('31', 'Lakshadweep'),
  s('32', 'Kerala'),
  s('33', 'Tamil Nadu'),
  utWithLegislature('34', 'Puducherry'),
  utgst('35', 'Andaman & Nicobar'),
  s('36', 'Telangana'),
  s('37', 'Andhra Pradesh'),
  utgst('38', 'Ladakh'),
  { code: '96', name: 'Foreign country', kind: 'foreign-country', usesUtgst: false },
  utgst('97', 'Other Territory'),
  {
    code: '99',
    name: 'Centre jurisdiction (OIDAR)',
    kind: 'centre-jurisdiction',
    usesUtgst: false,
  },
]);

const BY_CODE: ReadonlyMap<string, GstState> = new Map(GST_STATES.map((st) => [st.code, st]));

/** The place-of-supply code for a recipient outside India. */
export const FOREIGN_COUNTRY = '96';
/** The code under which foreign OIDAR suppliers register. */
export const CENTRE_JURISDICTION = '99';

/** True when the code is in the table (legacy codes included). */
export function isKnownStateCode(code: string): boolean {
  return BY_CODE.has(code);
}

/**
 * The state for a two-digit code.
 * @throws TaxError UNKNOWN_STATE_CODE when the code is not in the table
 */
export function stateByCode(code: string, field = 'stateCode'): GstState {
  const found = typeof code === 'string' ? BY_CODE.get(code) : undefined;
  if (!found) {
    const hint = typeof code === 'string' && /^\d$/.test(code) ? ` (did you mean "0${code}"?)` : '';
    throw new TaxError(
      'UNKNOWN_STATE_CODE',
      `Unknown GST state code "${String(code).slice(0, 10)}"${hint}; expected a two-digit code from the GST table, 01–38, 96, 97 or 99, e.g. "27" for Maharashtra.`,
      field,
    );
  }
  return found;
}

/**
 * A state that can be a supplier's state or a place of supply in India: known and not legacy,
 * not 96 (foreign) and not 99 (a registration jurisdiction, not a place).
 * @throws TaxError UNKNOWN_STATE_CODE, LEGACY_STATE_CODE or INVALID_PLACE_OF_SUPPLY
 */
export function indianPlace(code: string, field = 'stateCode'): GstState {
  const st = stateByCode(code, field);
  if (st.replacedBy) {
    const names = st.replacedBy.map((c) => `"${c}" (${BY_CODE.get(c)!.name})`).join(' or ');
    throw new TaxError(
      'LEGACY_STATE_CODE',
      `State code "${code}" (${st.name}) is no longer used; use ${names}.`,
      field,
    );
  }
  if (st.kind === 'foreign-country') {
    throw new TaxError(
      'INVALID_PLACE_OF_SUPPLY',
      `State code "96" means a foreign country; give an Indian state code, or treat the recipient as foreign.`,
      field,
    );
  }
  if (st.kind === 'centre-jurisdiction') {
    throw new TaxError(
      'INVALID_PLACE_OF_SUPPLY',
      `State code "99" is the centre's OIDAR jurisdiction, not a place; give the state where the recipient is, or treat it as foreign.`,
      field,
    );
  }
  return st;
}
