import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import { DomainError } from '../shared/decider.ts';
import type { Brand, LegalProfile, TenantEvent, TopUpSettings } from './events.ts';
import { tenantDecider } from './tenant.ts';
import { knownFeatures } from './features.ts';
import { billingSettingsOf, DEFAULT_BILLING_SETTINGS } from './billing-settings.ts';
import { hostClaimDecider } from './host-claim.ts';
import { staffPermissions } from './roles.ts';
import { permissionCatalog } from '../identity/permissions.ts';
import { tenancyPermissions } from './permissions.ts';
import { walletPermissions } from '../wallet/permissions.ts';

/** A catalogue of two areas' permissions, as the composition root assembles the platform's. */
const catalog = permissionCatalog([tenancyPermissions, walletPermissions]);
const grantable = catalog.grantable;

const given = specFor(tenantDecider);
const now = '2026-04-01T10:00:00.000Z';

const brand: Brand = {
  name: 'KloudNests',
  tagline: 'Enterprise Cloud Infrastructure Provider',
  primaryColor: '#0f766e',
  accentColor: '#f59e0b',
  logoUrl: null,
  supportEmail: 'support@kloudnests.com',
  mailFrom: 'KloudNests <billing@kloudnests.com>',
  domains: ['kloudnests.localhost'],
};
const legal: LegalProfile = {
  companyName: 'KloudNests Technologies Pvt Ltd',
  gstin: '29AAFCC9980M1ZR',
  stateCode: '29',
  address: 'Bengaluru, Karnataka 560001, India',
  invoiceSeries: {
    invoice: 'KN/{FY4}/{SEQ:5}',
    'credit-note': 'KNC/{FY4}/{SEQ:5}',
    'debit-note': 'KND/{FY4}/{SEQ:5}',
    'receipt-voucher': 'KNR/{FY4}/{SEQ:5}',
    'refund-voucher': 'KNF/{FY4}/{SEQ:5}',
  },
};
const topUps: TopUpSettings = {
  bankAccountName: 'KloudNests Technologies Pvt Ltd',
  bankName: 'ICICI Bank',
  bankAccountNumber: '000405012345',
  bankIfsc: 'ICIC0000004',
  bankBranch: null,
  upiId: 'kloudnests@icici',
  cryptoAsset: 'USDT',
  cryptoNetwork: 'TRON (TRC-20)',
  cryptoAddress: 'TKloudNests9f8e7d6c5b4a3z2y1x0w',
  cryptoEnabled: false,
  minAmount: '500.00',
  maxAmount: '200000.00',
};
const created: TenantEvent = {
  type: 'TenantCreated',
  data: { tenantId: 'kloudnests', brand, legal, topUps, features: ['wallet'], createdAt: now },
};

function issuesOf(run: () => unknown): string[][] {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return (e as DomainError).issues.map((i) => i.path);
  }
  throw new Error('expected a refusal');
}

describe('tenant settings', () => {
  it('creates a tenant once', () => {
    given([])
      .when({
        type: 'CreateTenant',
        tenantId: 'kloudnests',
        brand,
        legal,
        topUps,
        features: ['wallet', 'wallet'],
        now,
      })
      .then([created]);
    given([created])
      .when({
        type: 'CreateTenant',
        tenantId: 'kloudnests',
        brand,
        legal,
        topUps,
        features: [],
        now,
      })
      .thenRefuses('CONFLICT');
  });

  it('refuses a GSTIN with a wrong check character, or one of another state', () => {
    expect(
      issuesOf(() =>
        tenantDecider.decide(
          { type: 'UpdateLegalProfile', legal: { ...legal, gstin: '29AAFCC9980M1ZS' }, now },
          tenantDecider.evolve(tenantDecider.initialState, created),
        ),
      ),
    ).toEqual([['legal', 'gstin']]);
    expect(
      issuesOf(() =>
        tenantDecider.decide(
          { type: 'UpdateLegalProfile', legal: { ...legal, gstin: '27AAPFU0939F1ZV' }, now },
          tenantDecider.evolve(tenantDecider.initialState, created),
        ),
      ),
    ).toEqual([['legal', 'gstin']]);
  });

  it('refuses series that do not fit 16 characters or repeat, and reports every field at once', () => {
    const paths = issuesOf(() =>
      tenantDecider.decide(
        {
          type: 'UpdateLegalProfile',
          legal: {
            ...legal,
            stateCode: '00',
            invoiceSeries: {
              ...legal.invoiceSeries!,
              invoice: 'KLOUDNESTS/{FY}/{SEQ:5}',
              'debit-note': 'KNC/{FY4}/{SEQ:5}',
            },
          },
          now,
        },
        tenantDecider.evolve(tenantDecider.initialState, created),
      ),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        ['legal', 'stateCode'],
        ['legal', 'invoiceSeries', 'invoice'],
        ['legal', 'invoiceSeries', 'debit-note'],
      ]),
    );
  });

  it('checks the brand: colours, http(s) logo, mail sender without line breaks, host names', () => {
    const paths = issuesOf(() =>
      tenantDecider.decide(
        {
          type: 'UpdateBrand',
          brand: {
            ...brand,
            primaryColor: 'red',
            logoUrl: 'javascript:alert(1)',
            mailFrom: 'x\r\nBcc: a@b.c',
            domains: ['Bad Host', 'a.example', 'a.example'],
          },
          now,
        },
        tenantDecider.evolve(tenantDecider.initialState, created),
      ),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        ['brand', 'primaryColor'],
        ['brand', 'logoUrl'],
        ['brand', 'mailFrom'],
        ['brand', 'domains'],
      ]),
    );
  });

  it('checks top-up limits and bank details', () => {
    const paths = issuesOf(() =>
      tenantDecider.decide(
        {
          type: 'UpdateTopUpSettings',
          topUps: {
            ...topUps,
            minAmount: '0',
            maxAmount: '1e5',
            bankIfsc: 'HDFC123',
            cryptoEnabled: true,
            cryptoAddress: 'short',
          },
          now,
        },
        tenantDecider.evolve(tenantDecider.initialState, created),
      ),
    );
    expect(paths).toEqual(
      expect.arrayContaining([
        ['topUps', 'minAmount'],
        ['topUps', 'maxAmount'],
        ['topUps', 'bankIfsc'],
        ['topUps', 'cryptoAddress'],
      ]),
    );
  });

  it('records a change only when something changed', () => {
    given([created])
      .when({ type: 'UpdateBrand', brand: { ...brand }, now })
      .then([]);
    given([created])
      .when({ type: 'UpdateBrand', brand: { ...brand, name: 'KloudNests Cloud' }, now })
      .then([
        {
          type: 'TenantBrandUpdated',
          data: {
            tenantId: 'kloudnests',
            brand: { ...brand, name: 'KloudNests Cloud' },
            updatedAt: now,
          },
        },
      ]);
  });

  it('keeps billing settings: defaults until set, a change recorded once, each rule checked', () => {
    const state = tenantDecider.evolve(tenantDecider.initialState, created);
    expect(billingSettingsOf(state)).toEqual({
      partialPayments: false,
      unpaidOrderDays: 7,
      roundOff: 'none',
    });
    const billing = { partialPayments: true, unpaidOrderDays: 10, roundOff: 'rupee' as const };
    given([created])
      .when({ type: 'UpdateBillingSettings', billing, now })
      .then([
        {
          type: 'TenantBillingSettingsUpdated',
          data: { tenantId: 'kloudnests', billing, updatedAt: now },
        },
      ]);
    // Setting the defaults explicitly is recorded (an auditor sees the choice was made) …
    given([created])
      .when({ type: 'UpdateBillingSettings', billing: DEFAULT_BILLING_SETTINGS, now })
      .then([
        {
          type: 'TenantBillingSettingsUpdated',
          data: { tenantId: 'kloudnests', billing: DEFAULT_BILLING_SETTINGS, updatedAt: now },
        },
      ]);
    // … and the same settings again are not.
    const updated: TenantEvent = {
      type: 'TenantBillingSettingsUpdated',
      data: { tenantId: 'kloudnests', billing, updatedAt: now },
    };
    given([created, updated]).when({ type: 'UpdateBillingSettings', billing, now }).then([]);
    expect(billingSettingsOf(tenantDecider.evolve(state, updated))).toEqual(billing);
    for (const [bad, field] of [
      [{ ...billing, unpaidOrderDays: 0 }, ['billing', 'unpaidOrderDays']],
      [{ ...billing, unpaidOrderDays: 91 }, ['billing', 'unpaidOrderDays']],
      [{ ...billing, unpaidOrderDays: 1.5 }, ['billing', 'unpaidOrderDays']],
      [{ ...billing, roundOff: 'paise' }, ['billing', 'roundOff']],
      [{ ...billing, partialPayments: 'yes' }, ['billing', 'partialPayments']],
    ] as const) {
      expect(
        issuesOf(() =>
          tenantDecider.decide(
            { type: 'UpdateBillingSettings', billing: bad as never, now },
            state,
          ),
        ),
      ).toEqual([field]);
    }
    // The bounds themselves are allowed.
    for (const days of [1, 90])
      expect(
        tenantDecider.decide(
          { type: 'UpdateBillingSettings', billing: { ...billing, unpaidOrderDays: days }, now },
          state,
        ),
      ).toHaveLength(1);
    // A tenant may be created with its billing settings.
    const opened = tenantDecider.decide(
      {
        type: 'CreateTenant',
        tenantId: 'kloudnests',
        brand,
        legal,
        topUps,
        billing,
        features: [],
        now,
      },
      tenantDecider.initialState,
    );
    expect(billingSettingsOf(tenantDecider.evolve(tenantDecider.initialState, opened[0]!))).toEqual(
      billing,
    );
  });

  it('takes an LUT only as a 15-character ARN, under a GSTIN', () => {
    const state = tenantDecider.evolve(tenantDecider.initialState, created);
    const update = (l: LegalProfile) =>
      tenantDecider.decide({ type: 'UpdateLegalProfile', legal: l, now }, state);
    expect(update({ ...legal, lutNumber: 'AD290326000123X' })).toHaveLength(1);
    expect(update({ ...legal, lutNumber: null })).toHaveLength(1);
    expect(issuesOf(() => update({ ...legal, lutNumber: 'AD29032600012' }))).toEqual([
      ['legal', 'lutNumber'],
    ]);
    expect(issuesOf(() => update({ ...legal, lutNumber: 'ad290326000123x' }))).toEqual([
      ['legal', 'lutNumber'],
    ]);
    expect(issuesOf(() => update({ ...legal, gstin: null, lutNumber: 'AD290326000123X' }))).toEqual(
      [['legal', 'lutNumber']],
    );
  });

  it('switches known features, once', () => {
    given([created])
      .when({ type: 'SwitchFeature', feature: 'wallet', enabled: true, now })
      .then([]);
    given([created])
      .when({ type: 'SwitchFeature', feature: 'wallet', enabled: false, now })
      .then([
        {
          type: 'FeatureSwitched',
          data: { tenantId: 'kloudnests', feature: 'wallet', enabled: false, switchedAt: now },
        },
      ]);
    given([created])
      .when({ type: 'SwitchFeature', feature: 'teleport', enabled: true, now })
      .thenRefuses('BAD_USER_INPUT');
    given([])
      .when({ type: 'SwitchFeature', feature: 'wallet', enabled: true, now })
      .thenRefuses('NOT_FOUND');
  });

  it('refuses a feature the platform does not have (Kubernetes), saying which there are', () => {
    given([created])
      .when({ type: 'SwitchFeature', feature: 'kubernetes', enabled: true, now })
      .thenRefuses(
        'BAD_USER_INPUT',
        /^There is no feature "kubernetes"; the features are wallet, crypto-topups, team-accounts, tickets\.$/,
      );
  });

  it('a flag stored for a feature the platform no longer has is ignored, not an error', () => {
    const kubernetesOn: TenantEvent = {
      type: 'FeatureSwitched',
      data: { tenantId: 'kloudnests', feature: 'kubernetes', enabled: true, switchedAt: now },
    };
    given([created, kubernetesOn])
      .when({ type: 'SwitchFeature', feature: 'wallet', enabled: false, now })
      .then([
        {
          type: 'FeatureSwitched',
          data: { tenantId: 'kloudnests', feature: 'wallet', enabled: false, switchedAt: now },
        },
      ]);
    expect(knownFeatures(['kubernetes', 'tickets', 'wallet'])).toEqual(['wallet', 'tickets']);
  });

  it('defines roles from grantable permissions with unique names, never tenants.manage', () => {
    const roleId = '00000000-0000-4000-8000-000000000001';
    const defined: TenantEvent = {
      type: 'RoleDefined',
      data: {
        tenantId: 'kloudnests',
        roleId,
        name: 'Sales',
        permissions: ['settings.manage', 'wallet.view'],
        definedAt: now,
      },
    };
    given([created])
      .when({
        type: 'DefineRole',
        roleId,
        name: ' Sales ',
        permissions: ['wallet.view', 'settings.manage'],
        grantable,
        now,
      })
      .then([defined]);
    given([created, defined])
      .when({
        type: 'DefineRole',
        roleId: '00000000-0000-4000-8000-000000000002',
        name: 'sales',
        permissions: ['wallet.view'],
        grantable,
        now,
      })
      .thenRefuses('CONFLICT');
    given([created])
      .when({
        type: 'DefineRole',
        roleId,
        name: 'Owners',
        permissions: ['tenants.manage'],
        grantable,
        now,
      })
      .thenRefuses('BAD_USER_INPUT');
    given([created])
      .when({
        type: 'DefineRole',
        roleId,
        name: 'Tenant admin',
        permissions: ['wallet.view'],
        grantable,
        now,
      })
      .thenRefuses('BAD_USER_INPUT');
    given([created, defined])
      .when({
        type: 'ChangeRole',
        roleId,
        name: 'Sales',
        permissions: ['wallet.view'],
        grantable,
        now,
      })
      .then([
        {
          type: 'RoleChanged',
          data: {
            tenantId: 'kloudnests',
            roleId,
            name: 'Sales',
            permissions: ['wallet.view'],
            changedAt: now,
          },
        },
      ]);
    given([created])
      .when({
        type: 'ChangeRole',
        roleId,
        name: 'Sales',
        permissions: ['wallet.view'],
        grantable,
        now,
      })
      .thenRefuses('NOT_FOUND');
  });
});

describe('staff permissions per tenant', () => {
  it('gives tenants.manage and super admin only in the operator tenant', () => {
    expect(staffPermissions(catalog, 'super_admin', { tenantId: 'akashone', roles: [] })).toContain(
      'tenants.manage',
    );
    expect(
      staffPermissions(catalog, 'super_admin', { tenantId: 'kloudnests', roles: [] }),
    ).toBeNull();
    expect(
      staffPermissions(catalog, 'tenant_admin', { tenantId: 'kloudnests', roles: [] }),
    ).not.toContain('tenants.manage');
    expect(
      staffPermissions(catalog, 'r1', {
        tenantId: 'kloudnests',
        roles: [
          {
            roleId: 'r1',
            name: 'X',
            permissions: ['wallet.view', 'tenants.manage', 'orders.manage'],
          },
        ],
      }),
    ).toEqual(['wallet.view']);
    expect(staffPermissions(catalog, 'nope', { tenantId: 'kloudnests', roles: [] })).toBeNull();
  });
});

describe('host claims', () => {
  const claim = specFor(hostClaimDecider);
  it('lets one tenant hold a host at a time', () => {
    const held = {
      type: 'HostClaimed' as const,
      data: { host: 'kloudnests.localhost', tenantId: 'kloudnests', claimedAt: now },
    };
    claim([])
      .when({ type: 'ClaimHost', host: 'kloudnests.localhost', tenantId: 'kloudnests', now })
      .then([held]);
    claim([held])
      .when({ type: 'ClaimHost', host: 'kloudnests.localhost', tenantId: 'kloudnests', now })
      .then([]);
    claim([held])
      .when({ type: 'ClaimHost', host: 'kloudnests.localhost', tenantId: 'other', now })
      .thenRefuses('CONFLICT');
    const released = {
      type: 'HostReleased' as const,
      data: { host: 'kloudnests.localhost', tenantId: 'kloudnests', releasedAt: now },
    };
    claim([held])
      .when({ type: 'ReleaseHost', host: 'kloudnests.localhost', tenantId: 'kloudnests', now })
      .then([released]);
    claim([held, released])
      .when({ type: 'ClaimHost', host: 'kloudnests.localhost', tenantId: 'other', now })
      .then([{ ...held, data: { ...held.data, tenantId: 'other' } }]);
  });
});

describe('mail settings', () => {
  const smtp = {
    transport: 'SMTP' as const,
    smtp: {
      host: 'smtp.kloudnests.in',
      port: 587,
      tls: 'STARTTLS' as const,
      user: 'mailer',
      passwordSealed: 'v1.a.b.c',
    },
  };
  const saved: TenantEvent = {
    type: 'TenantMailSettingsUpdated',
    data: { tenantId: 'kloudnests', mail: smtp, updatedAt: now },
  };
  it('records the chosen transport once; the same settings again record nothing', () => {
    given([created]).when({ type: 'UpdateMailSettings', mail: smtp, now }).then([saved]);
    given([created, saved]).when({ type: 'UpdateMailSettings', mail: smtp, now }).then([]);
    // Never chosen and the operator's service asked for: nothing changes.
    given([created])
      .when({ type: 'UpdateMailSettings', mail: { transport: 'OPERATOR' }, now })
      .then([]);
    // Back to the operator's service after SMTP is a change.
    given([created, saved])
      .when({ type: 'UpdateMailSettings', mail: { transport: 'OPERATOR' }, now })
      .then([
        {
          type: 'TenantMailSettingsUpdated',
          data: { tenantId: 'kloudnests', mail: { transport: 'OPERATOR' }, updatedAt: now },
        },
      ]);
    const state = [created, saved].reduce(tenantDecider.evolve, tenantDecider.initialState);
    expect(state.mail).toEqual(smtp);
  });
  it('refuses incomplete or impossible settings with the field', () => {
    for (const [mail, field] of [
      [{ ...smtp, smtp: { ...smtp.smtp, port: 0 } }, 'mail.smtp.port'],
      [{ ...smtp, smtp: { ...smtp.smtp, port: 65536 } }, 'mail.smtp.port'],
      [{ ...smtp, smtp: { ...smtp.smtp, host: 'smtp .example.com' } }, 'mail.smtp.host'],
      [{ ...smtp, smtp: { ...smtp.smtp, tls: 'SSL' } }, 'mail.smtp.tls'],
      [{ ...smtp, smtp: { ...smtp.smtp, passwordSealed: null } }, 'mail.smtp.password'],
      [{ transport: 'SMTP' }, 'mail.smtp'],
      [{ transport: 'SENDGRID' }, 'mail.sendgrid.apiKey'],
      [{ transport: 'POSTMARK' }, 'mail.transport'],
    ] as const) {
      expect(
        issuesOf(() =>
          tenantDecider.decide(
            { type: 'UpdateMailSettings', mail: mail as never, now },
            [created].reduce(tenantDecider.evolve, tenantDecider.initialState),
          ),
        ),
      ).toEqual([field.split('.')]);
    }
  });
  it('acts only on a tenant that exists', () => {
    given([]).when({ type: 'UpdateMailSettings', mail: smtp, now }).thenRefuses('NOT_FOUND');
  });
});
