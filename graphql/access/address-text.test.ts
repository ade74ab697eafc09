import { describe, expect, it } from 'vitest';
import { addressText } from './address-text.ts';

describe('a billing address as admins read it', () => {
  it('names the state and India, never "(state 29), IN"', () =>
    expect(
      addressText({
        line1: '12 MG Road',
        line2: null,
        city: 'Bengaluru',
        postalCode: '560001',
        stateCode: '29',
        country: 'IN',
      }),
    ).toBe('12 MG Road, Bengaluru 560001, Karnataka, India'));

  it('abroad: no Indian state, the country as given', () =>
    expect(
      addressText({
        line1: '1 Main St',
        line2: 'Suite 4',
        city: 'Austin',
        postalCode: '78701',
        stateCode: '96',
        country: 'US',
      }),
    ).toBe('1 Main St, Suite 4, Austin 78701, US'));
});
