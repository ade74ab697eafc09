import { describe, expect, it } from 'vitest';
import { DomainError } from '../shared/decider.ts';
import { canonicalPrice, checkSac } from './money-rules.ts';
import {
  checkAddonPricing,
  checkCyclePrices,
  checkLicencePrices,
  checkPlanPricing,
  checkSpecs,
  oneOf,
  text,
} from './rules.ts';
import { vpsSpecs } from './spec-fixtures.ts';
import { sameValue } from './state.ts';

/** The message of the BAD_USER_INPUT `run` throws (and that it is one). */
function refusal(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    if (e instanceof DomainError && e.code === 'BAD_USER_INPUT') return e.message;
    throw e;
  }
  throw new Error('accepted');
}

describe('catalog rules: text', () => {
  it('takes from min to max characters after trimming, and says the range', () => {
    expect(text('  ab ', 'name', 2, 80)).toBe('ab');
    expect(text('x'.repeat(80), 'name', 2, 80)).toBe('x'.repeat(80));
    expect(refusal(() => text('a', 'name', 2, 80))).toBe('Give 2 to 80 characters (name).');
    expect(refusal(() => text('x'.repeat(81), 'name', 2, 80))).toBe(
      'Give 2 to 80 characters (name).',
    );
  });
  it('an optional text says only its maximum', () => {
    expect(text('', 'description', 0, 2000)).toBe('');
    expect(refusal(() => text('x'.repeat(2001), 'description', 0, 2000))).toBe(
      'Give at most 2000 characters (description).',
    );
  });
  it('what is not text counts as empty: refused when required, nothing when optional', () => {
    expect(refusal(() => text(undefined as never, 'name', 2, 80))).toBe(
      'Give 2 to 80 characters (name).',
    );
    expect(refusal(() => text(42 as never, 'city', 1, 80))).toBe('Give 1 to 80 characters (city).');
    expect(text(42 as never, 'description', 0, 2000)).toBe('');
  });
  it('one of a list, naming the list', () => {
    expect(oneOf('HIDDEN', ['PUBLIC', 'HIDDEN'], 'visibility')).toBe('HIDDEN');
    expect(refusal(() => oneOf('SECRET', ['PUBLIC', 'HIDDEN', 'RETIRED'], 'visibility'))).toBe(
      'Must be one of PUBLIC, HIDDEN, RETIRED (visibility).',
    );
  });
});

describe('catalog rules: a plan’s specs', () => {
  it('takes each bound itself', () => {
    const low = { vCpu: 1, ramGb: 0.5, diskGb: 1, diskType: 'SSD', bandwidthTb: 0.1, ipv4: 0 };
    const high = {
      vCpu: 1024,
      ramGb: 65536,
      diskGb: 1_000_000,
      diskType: 'HDD',
      bandwidthTb: 100_000,
      ipv4: 256,
    };
    expect(checkSpecs(low as never)).toEqual(low);
    expect(checkSpecs(high as never)).toEqual(high);
  });
  it('refuses one past each bound, saying the range', () => {
    const cases: [Partial<typeof vpsSpecs>, string][] = [
      [{ vCpu: 0 }, 'Must be a whole number from 1 to 1024 (specs.vCpu).'],
      [{ vCpu: 1025 }, 'Must be a whole number from 1 to 1024 (specs.vCpu).'],
      [{ diskGb: 1_000_001 }, 'Must be a whole number from 1 to 1000000 (specs.diskGb).'],
      [{ ipv4: -1 }, 'Must be a whole number from 0 to 256 (specs.ipv4).'],
      [{ ipv4: 257 }, 'Must be a whole number from 0 to 256 (specs.ipv4).'],
      [{ ramGb: 0 }, 'Must be more than 0 and at most 65536 (specs.ramGb).'],
      [{ ramGb: 65536.5 }, 'Must be more than 0 and at most 65536 (specs.ramGb).'],
      [{ bandwidthTb: 100_001 }, 'Must be more than 0 and at most 100000 (specs.bandwidthTb).'],
    ];
    for (const [over, message] of cases)
      expect(
        refusal(() => checkSpecs({ ...vpsSpecs, ...over })),
        message,
      ).toBe(message);
  });
  it('a size that is not a finite number is refused', () => {
    for (const ramGb of [Number.NaN, Number.POSITIVE_INFINITY, '8' as never, null as never])
      expect(
        refusal(() => checkSpecs({ ...vpsSpecs, ramGb })),
        String(ramGb),
      ).toBe('Must be more than 0 and at most 65536 (specs.ramGb).');
    expect(refusal(() => checkSpecs({ ...vpsSpecs, bandwidthTb: Number.NaN }))).toMatch(
      /\(specs\.bandwidthTb\)/,
    );
  });
});

describe('catalog rules: prices', () => {
  it('names an unknown cycle and the cycles there are', () =>
    expect(refusal(() => checkCyclePrices({ WEEKLY: '1' } as never, 'prices'))).toBe(
      'No billing cycle "WEEKLY"; use MONTHLY, QUARTERLY, SEMI_ANNUAL, ANNUAL, BIENNIAL, TRIENNIAL (prices.WEEKLY).',
    ));
  it('asks for at least one cycle unless none is allowed', () => {
    expect(refusal(() => checkCyclePrices({}, 'prices'))).toBe(
      'Offer at least one billing cycle with its price (prices).',
    );
    expect(checkCyclePrices({}, 'licencePrices', { allowNone: true })).toEqual({});
  });
  it('a cycle’s price is more than zero; a setup fee may be zero, and is when left out', () => {
    expect(refusal(() => checkCyclePrices({ MONTHLY: '0.00' }, 'prices'))).toBe(
      'Must be more than zero (prices.MONTHLY).',
    );
    expect(checkPlanPricing({ prices: { MONTHLY: '10' } } as never)).toEqual({
      prices: { MONTHLY: '10.00' },
      setupFee: '0.00',
    });
    expect(canonicalPrice('0', 'setupFee')).toBe('0.00');
    expect(canonicalPrice('0.684900', 'p')).toBe('0.6849');
    expect(canonicalPrice('12.5', 'p')).toBe('12.50');
  });
  it('a price that is not a decimal string names its field', () =>
    expect(refusal(() => canonicalPrice(12 as never, 'pricing.price'))).toMatch(
      /^The pricing\.price must be a decimal string/,
    ));
  it('an add-on without a pricing kind is refused on the kind', () => {
    for (const p of [undefined, null, {}, { kind: 'HOURLY' }])
      expect(refusal(() => checkAddonPricing(p as never))).toBe(
        'Must be RECURRING (a price per cycle) or ONE_TIME (pricing.kind).',
      );
  });
  it('licence prices left out, null or empty mean no licence', () => {
    expect(checkLicencePrices(undefined as never)).toBeNull();
    expect(checkLicencePrices(null)).toBeNull();
    expect(checkLicencePrices({})).toBeNull();
    expect(checkLicencePrices({ ANNUAL: '15000' })).toEqual({ ANNUAL: '15000.00' });
  });
});

describe('catalog rules: SAC and GST rate', () => {
  const fields = { sac: 'sac', gstRate: 'gstRate' };
  it('a known SAC needs no rate; any SAC may carry a rate from 0 to 100', () => {
    expect(() => checkSac('998315', null, fields)).not.toThrow();
    expect(() => checkSac('998599', '12', fields)).not.toThrow();
  });
  it('each refusal names its field and says what would be right', () => {
    expect(refusal(() => checkSac('12', null, fields))).toMatch(/^SAC "12" must be 6 digits/);
    expect(refusal(() => checkSac('998599', null, fields))).toBe(
      'SAC 998599 has no known GST rate; give the gstRate in percent, e.g. "18" (gstRate).',
    );
    expect(refusal(() => checkSac('998315', '101', fields))).toBe(
      // The tax engine's wording names the field of an invoice line.
      'The line.rate is 101%; a GST rate is a percentage from 0 to 100, e.g. "18" (gstRate).',
    );
    expect(refusal(() => checkSac('998315', '-5', fields))).toMatch(/\(gstRate\)/);
  });
});

describe('catalog state: the same value', () => {
  it('whatever the key order, with absent and undefined keys alike', () => {
    expect(sameValue({ a: 1, b: { c: [1, 2], d: 'x' } }, { b: { d: 'x', c: [1, 2] }, a: 1 })).toBe(
      true,
    );
    expect(sameValue({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(sameValue({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameValue({ a: 1 }, { a: 1, b: null })).toBe(false);
  });
  it('lists keep their order and their items apart; a list is not an object', () => {
    expect(sameValue(['VPS', 'SHARED'], ['VPS', 'SHARED'])).toBe(true);
    expect(sameValue(['VPS', 'SHARED'], ['SHARED', 'VPS'])).toBe(false);
    expect(sameValue([1, 2], [12])).toBe(false);
    expect(sameValue(['x'], { 0: 'x' })).toBe(false);
    expect(sameValue(null, {})).toBe(false);
    expect(sameValue('1', 1)).toBe(false);
  });
});
