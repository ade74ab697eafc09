import { FOREIGN_COUNTRY, GST_STATES } from '../../domain/tax/states/state-codes.ts';

export interface AddressParts {
  line1: string;
  line2?: string | null;
  city: string;
  postalCode: string;
  stateCode: string;
  country: string;
}

/**
 * A billing address as one line people read: the state by its name, India by its name
 * ("MG Road, Bengaluru 560001, Karnataka, India"); abroad, the country code as given.
 */
export function addressText(a: AddressParts): string {
  const state =
    a.stateCode === FOREIGN_COUNTRY
      ? null
      : (GST_STATES.find((s) => s.code === a.stateCode)?.name ?? `state code ${a.stateCode}`);
  return [
    a.line1,
    a.line2,
    `${a.city} ${a.postalCode}`.trim(),
    state,
    a.country === 'IN' ? 'India' : a.country,
  ]
    .filter(Boolean)
    .join(', ');
}
