import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import { DomainError } from '../shared/decider.ts';
import type { Brand, LegalProfile, TenantEvent, TopUpSettings } from './events.ts';
import { tenantDecider } from './tenant.ts';
import { checkBrand, MAX_STORE_DESCRIPTION } from './settings-rules.ts';

/** The store's contact fields of a brand (issue 20): support phone and meta description. */

const given = specFor(tenantDecider);
const now = '2026-04-01T10:00:00.000Z';

/** A brand as saved before the store existed: no supportPhone, no storeDescription. */
const oldBrand: Brand = {
  name: 'KloudNests',
  tagline: 'Enterprise Cloud Infrastructure Provider',
  primaryColor: '#0f766e',
  supportEmail: 'support@kloudnests.com',
  mailFrom: 'KloudNests <billing@kloudnests.com>',
  domains: ['kloudnests.localhost'],
};
const legal: LegalProfile = {
  companyName: 'KloudNests Technologies Pvt Ltd',
  gstin: '29AAFCC9980M1ZR',
  stateCode: '29',
  address: 'Bengaluru, Karnataka 560001, India',
};
const topUps: TopUpSettings = {
  bankAccountName: 'KloudNests Technologies Pvt Ltd',
  bankName: 'ICICI Bank',
  bankAccountNumber: '000405012345',
  bankIfsc: 'ICIC0000004',
  bankBranch: null,
  upiId: null,
  cryptoAsset: 'USDT',
  cryptoNetwork: 'TRON (TRC-20)',
  cryptoAddress: '',
  cryptoEnabled: false,
  minAmount: '500.00',
  maxAmount: '200000.00',
};
const created: TenantEvent = {
  type: 'TenantCreated',
  data: { tenantId: 'kloudnests', brand: oldBrand, legal, topUps, features: [], createdAt: now },
};

function issues(brand: Brand): { path: string[]; message: string }[] {
  try {
    checkBrand(brand);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('BAD_USER_INPUT');
    return (e as DomainError).issues.map((i) => ({ path: i.path, message: i.message }));
  }
  return [];
}

describe('the support phone', () => {
  it.each([
    '+1 (23) 456',
    '12345678901234567890',
    '+91 22 4000 1234',
    '(022) 4000-1234',
    '080 4567 8901',
    '123456',
    '+1 (555) 010-9999',
  ])('takes %s', (phone) => expect(issues({ ...oldBrand, supportPhone: phone })).toEqual([]));

  it.each([
    ['too short', '12345'],
    ['too long', '+91 22 4000 1234 5678'],
    ['letters', '+91 22 CALL NOW'],
    ['an extension mark', '4000 1234 x12'],
    ['a line break', '4000\n1234'],
    ['too few digits', '+-- () 1'],
    ['five digits in ten characters', '+1 (23) 45'],
  ])('refuses %s, naming brand.supportPhone', (_why, phone) => {
    const found = issues({ ...oldBrand, supportPhone: phone });
    expect(found).toHaveLength(1);
    expect(found[0]!.path).toEqual(['brand', 'supportPhone']);
    expect(found[0]!.message).toMatch(/6 to 20 characters.*digits, spaces, \+, - and brackets/);
  });

  it('is optional: absent or null is no phone', () => {
    expect(issues({ ...oldBrand })).toEqual([]);
    expect(issues({ ...oldBrand, supportPhone: null })).toEqual([]);
  });
});

describe('the store description', () => {
  it(`takes plain text of up to ${MAX_STORE_DESCRIPTION} characters`, () => {
    expect(issues({ ...oldBrand, storeDescription: 'x'.repeat(MAX_STORE_DESCRIPTION) })).toEqual(
      [],
    );
    expect(issues({ ...oldBrand, storeDescription: null })).toEqual([]);
    expect(issues({ ...oldBrand, storeDescription: 'X' })).toEqual([]);
  });

  it('says what is wrong', () => {
    expect(issues({ ...oldBrand, storeDescription: 'x'.repeat(301) })[0]!.message).toBe(
      'Plain text of 1 to 300 characters.',
    );
    expect(issues({ ...oldBrand, storeDescription: 'a <b>' })[0]!.message).toMatch(
      /^Plain text on one line: no line breaks, control characters or < >/,
    );
  });

  it.each([
    ['too long', 'x'.repeat(MAX_STORE_DESCRIPTION + 1)],
    ['blank', '   '],
    ['markup', 'Cloud <script>alert(1)</script>'],
    ['a line break', 'Cloud\nservers'],
    ['a control character', 'Cloud\u0007servers'],
  ])('refuses %s, naming brand.storeDescription', (_why, text) => {
    const found = issues({ ...oldBrand, storeDescription: text });
    expect(found.length).toBeGreaterThan(0);
    for (const f of found) expect(f.path).toEqual(['brand', 'storeDescription']);
  });

  it('reports every broken field at once', () => {
    const found = issues({ ...oldBrand, supportPhone: 'call us', storeDescription: '<b>' });
    expect(found.map((f) => f.path.join('.'))).toEqual([
      'brand.supportPhone',
      'brand.storeDescription',
    ]);
  });
});

describe('UpdateBrand with the contact fields', () => {
  it('records a phone and a description on a brand that had neither', () => {
    const brand = {
      ...oldBrand,
      supportPhone: '+91 80 4000 1234',
      storeDescription: 'VPS in India',
    };
    given([created])
      .when({ type: 'UpdateBrand', brand, now })
      .then([
        { type: 'TenantBrandUpdated', data: { tenantId: 'kloudnests', brand, updatedAt: now } },
      ]);
  });

  it('an old brand saved again with the fields null changes nothing (absent reads as null)', () => {
    given([created])
      .when({
        type: 'UpdateBrand',
        brand: { ...oldBrand, supportPhone: null, storeDescription: null },
        now,
      })
      .then([]);
  });

  it('clearing a phone that was set is a change', () => {
    const withPhone = { ...oldBrand, supportPhone: '+91 80 4000 1234', storeDescription: null };
    const updated: TenantEvent = {
      type: 'TenantBrandUpdated',
      data: { tenantId: 'kloudnests', brand: withPhone, updatedAt: now },
    };
    given([created, updated])
      .when({ type: 'UpdateBrand', brand: { ...withPhone, supportPhone: null }, now })
      .then([
        {
          type: 'TenantBrandUpdated',
          data: {
            tenantId: 'kloudnests',
            brand: { ...withPhone, supportPhone: null },
            updatedAt: now,
          },
        },
      ]);
  });

  it('refuses a bad phone through the decider, by field', () => {
    given([created])
      .when({ type: 'UpdateBrand', brand: { ...oldBrand, supportPhone: 'abc' }, now })
      .thenRefuses('BAD_USER_INPUT');
  });
});
