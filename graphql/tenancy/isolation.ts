import { expect } from 'vitest';
import { resellerInput } from '../access/testing.ts';
import {
  brandOf,
  input,
  TENANT_SETTING,
  type IsolationCase,
} from '../access/testing/isolation-kit.ts';
import { m, OWNERS, q, settingsA, type MatrixRow } from '../access/testing/matrix-kit.ts';

/**
 * Tenants and resellers: settings, hosts, feature switches (tenancy.graphql): how each operation is kept
 * within the caller's tenant and account (isolation, graphql/access/isolation.int.test.ts) and
 * which roles may call it (matrix, graphql/access/permission-matrix.int.test.ts). Registered by
 * server/areas/tenancy.ts; a new operation in this area's SDL without both rows fails those suites.
 */

const TEMPLATE = { kind: 'two-factor-on', subject: '{{brand}}: 2FA on', body: 'Hello {{name}}.' };
const PREVIEW =
  'query($input: PreviewMailTemplateInput!) { previewMailTemplate(input: $input) { subject } }';
const SAVE =
  'mutation($input: SaveMailTemplateInput!) { saveMailTemplate(input: $input) { customized } }';
const RESET =
  'mutation($input: ResetMailTemplateInput!) { resetMailTemplate(input: $input) { customized } }';

export const isolation: Record<string, IsolationCase> = {
  tenantSettings: {
    why: 'another tenant’s settings need tenants.manage (the operator’s super admins only)',
    attempts: () => [
      {
        as: 'adminA',
        query: 'query($id: ID) { tenantSettings(tenantId: $id) { tenantId } }',
        variables: { id: 'kloudnests' },
        refused: ['FORBIDDEN'],
      },
      {
        as: 'adminB',
        query: 'query($id: ID) { tenantSettings(tenantId: $id) { tenantId } }',
        variables: { id: 'akashone' },
        refused: ['FORBIDDEN'],
      },
      {
        as: 'adminB',
        query: '{ tenantSettings { tenantId topUps { bankIfsc } } }',
        answers: (d) =>
          expect(d.tenantSettings).toEqual({
            tenantId: 'kloudnests',
            topUps: { bankIfsc: 'ICIC0000004' },
          }),
      },
      // A reseller reads its own hosts only; a customer no host at all.
      {
        as: 'adminB',
        query: '{ tenantSettings { hosts { name } } }',
        answers: (d) =>
          expect(d.tenantSettings.hosts.map((h: { name: string }) => h.name)).toEqual([
            'kloudnests.localhost',
          ]),
      },
      { as: 'x', query: '{ tenantSettings { hosts { name } } }', refused: ['FORBIDDEN'] },
    ],
  },
  mailSettings: {
    why: 'another tenant’s mail service needs tenants.manage; no answer ever holds a secret',
    attempts: () => [
      {
        as: 'adminA',
        query: 'query($id: ID) { mailSettings(tenantId: $id) { transport } }',
        variables: { id: 'kloudnests' },
        refused: ['FORBIDDEN'],
      },
      {
        as: 'adminB',
        query: 'query($id: ID) { mailSettings(tenantId: $id) { transport } }',
        variables: { id: 'akashone' },
        refused: ['FORBIDDEN'],
      },
      { as: 'x', query: '{ mailSettings { transport } }', refused: ['FORBIDDEN'] },
    ],
  },
  updateMailSettings: {
    why: 'a reseller sets its own mail service only',
    attempts: (w) => [
      {
        as: 'adminB',
        query:
          'mutation($input: UpdateMailSettingsInput!) { updateMailSettings(input: $input) { transport } }',
        variables: input(w, { tenantId: 'akashone', transport: 'OPERATOR' }),
        refused: ['FORBIDDEN'],
      },
      {
        as: 'x',
        query:
          'mutation($input: UpdateMailSettingsInput!) { updateMailSettings(input: $input) { transport } }',
        variables: input(w, { transport: 'OPERATOR' }),
        refused: ['FORBIDDEN'],
      },
    ],
  },
  sendTestMail: {
    why: 'a test mail leaves by the caller’s own tenant’s service only',
    attempts: () => [
      {
        as: 'adminB',
        query: 'mutation($input: SendTestMailInput!) { sendTestMail(input: $input) { ok } }',
        variables: { input: { tenantId: 'akashone', to: 'probe@example.com' } },
        refused: ['FORBIDDEN'],
      },
      {
        as: 'x',
        query: 'mutation($input: SendTestMailInput!) { sendTestMail(input: $input) { ok } }',
        variables: { input: { to: 'probe@example.com' } },
        refused: ['FORBIDDEN'],
      },
    ],
  },
  mailTemplates: {
    why: 'another tenant’s mail templates need tenants.manage',
    attempts: () => [
      {
        as: 'adminB',
        query: 'query($id: ID) { mailTemplates(tenantId: $id) { kind subject } }',
        variables: { id: 'akashone' },
        refused: ['FORBIDDEN'],
      },
      { as: 'x', query: '{ mailTemplates { kind } }', refused: ['FORBIDDEN'] },
    ],
  },
  previewMailTemplate: {
    why: 'a preview is in the caller’s own brand only',
    attempts: () => [
      {
        as: 'adminB',
        query: PREVIEW,
        variables: { input: { tenantId: 'akashone', ...TEMPLATE } },
        refused: ['FORBIDDEN'],
      },
      { as: 'x', query: PREVIEW, variables: { input: TEMPLATE }, refused: ['FORBIDDEN'] },
    ],
  },
  saveMailTemplate: {
    why: 'a reseller edits its own mail templates only',
    attempts: (w) => [
      {
        as: 'adminB',
        query: SAVE,
        variables: input(w, { tenantId: 'akashone', ...TEMPLATE }),
        refused: ['FORBIDDEN'],
      },
      { as: 'x', query: SAVE, variables: input(w, TEMPLATE), refused: ['FORBIDDEN'] },
    ],
  },
  resetMailTemplate: {
    why: 'a reseller resets its own mail templates only',
    attempts: (w) => [
      {
        as: 'adminB',
        query: RESET,
        variables: input(w, { tenantId: 'akashone', kind: TEMPLATE.kind }),
        refused: ['FORBIDDEN'],
      },
      {
        as: 'x',
        query: RESET,
        variables: input(w, { kind: TEMPLATE.kind }),
        refused: ['FORBIDDEN'],
      },
    ],
  },
  tenants: {
    why: 'only the operator’s super admins list tenants',
    attempts: () => [
      { as: 'adminA', query: '{ tenants { tenantId } }', refused: ['FORBIDDEN'] },
      { as: 'adminB', query: '{ tenants { tenantId } }', refused: ['FORBIDDEN'] },
      { as: 'adminB', query: '{ tenants { hosts { name status } } }', refused: ['FORBIDDEN'] },
      { as: 'x', query: '{ tenants { hosts { name } } }', refused: ['FORBIDDEN'] },
    ],
  },
  createTenant: {
    why: 'only the operator’s super admins create tenants',
    attempts: () => [
      {
        as: 'adminA',
        query:
          'mutation($input: CreateTenantInput!) { createTenant(input: $input) { adminEmail } }',
        variables: { input: resellerInput('rogue-a', 'rogue-a.localhost') },
        refused: ['FORBIDDEN'],
      },
      {
        as: 'adminB',
        query:
          'mutation($input: CreateTenantInput!) { createTenant(input: $input) { adminEmail } }',
        variables: { input: resellerInput('rogue-b', 'rogue-b.localhost') },
        refused: ['FORBIDDEN'],
      },
    ],
  },
  updateTenantBrand: TENANT_SETTING(
    'mutation($input: UpdateTenantBrandInput!) { updateTenantBrand(input: $input) { tenantId } }',
    (w) => ({ brand: brandOf(w) }),
  ),
  updateTenantLegalProfile: TENANT_SETTING(
    'mutation($input: UpdateTenantLegalProfileInput!) { updateTenantLegalProfile(input: $input) { tenantId } }',
    () => ({
      legal: resellerInput('kloudnests', 'kloudnests.localhost').legal,
    }),
  ),
  updateTenantTopUps: TENANT_SETTING(
    'mutation($input: UpdateTenantTopUpsInput!) { updateTenantTopUps(input: $input) { tenantId } }',
    () => ({
      topUps: resellerInput('kloudnests', 'kloudnests.localhost').topUps,
    }),
  ),
  updateTenantBilling: TENANT_SETTING(
    'mutation($input: UpdateTenantBillingInput!) { updateTenantBilling(input: $input) { tenantId } }',
    () => ({ billing: { partialPayments: true, unpaidOrderDays: 5, roundOff: 'RUPEE' } }),
  ),
  switchFeature: TENANT_SETTING(
    'mutation($input: SwitchFeatureInput!) { switchFeature(input: $input) { tenantId } }',
    () => ({ feature: 'wallet', enabled: false }),
  ),
  approveHost: {
    why: 'only the operator’s super admins decide on host names: a reseller never approves its own',
    attempts: (w) => [
      {
        as: 'adminB',
        query: 'mutation($input: ApproveHostInput!) { approveHost(input: $input) { tenantId } }',
        variables: input(w, { host: 'kloudnests.localhost' }),
        refused: ['FORBIDDEN'],
      },
      {
        as: 'adminA',
        query: 'mutation($input: ApproveHostInput!) { approveHost(input: $input) { tenantId } }',
        variables: input(w, { host: 'kloudnests.localhost' }),
        refused: ['FORBIDDEN'],
      },
      {
        as: 'x',
        query: 'mutation($input: ApproveHostInput!) { approveHost(input: $input) { tenantId } }',
        variables: input(w, { host: 'kloudnests.localhost' }),
        refused: ['FORBIDDEN'],
      },
    ],
  },
  rejectHost: {
    why: 'as approveHost: a reseller cannot reject (release) a host through it either',
    attempts: (w) => [
      {
        as: 'adminB',
        query: 'mutation($input: RejectHostInput!) { rejectHost(input: $input) { tenantId } }',
        variables: input(w, { host: 'kloudnests.localhost', reason: 'not mine' }),
        refused: ['FORBIDDEN'],
      },
      {
        as: 'adminA',
        query: 'mutation($input: RejectHostInput!) { rejectHost(input: $input) { tenantId } }',
        variables: input(w, { host: 'kloudnests.localhost', reason: 'not yours' }),
        refused: ['FORBIDDEN'],
      },
      {
        as: 'x',
        query: 'mutation($input: RejectHostInput!) { rejectHost(input: $input) { tenantId } }',
        variables: input(w, { host: 'kloudnests.localhost', reason: 'not yours' }),
        refused: ['FORBIDDEN'],
      },
    ],
  },
};

export const matrix: Record<string, MatrixRow> = {
  tenantSettings: { allowed: OWNERS, call: q('{ tenantSettings { tenantId } }') },
  mailSettings: { allowed: OWNERS, call: q('{ mailSettings { transport } }') },
  updateMailSettings: {
    allowed: OWNERS,
    call: m('updateMailSettings', 'UpdateMailSettingsInput', '{ transport }', () => ({
      transport: 'OPERATOR',
    })),
  },
  sendTestMail: {
    allowed: OWNERS,
    call: () => ({
      query: 'mutation($input: SendTestMailInput!) { sendTestMail(input: $input) { ok } }',
      variables: { input: { to: 'matrix@example.com' } },
    }),
  },
  mailTemplates: { allowed: OWNERS, call: q('{ mailTemplates { kind customized } }') },
  previewMailTemplate: { allowed: OWNERS, call: q(PREVIEW, { input: TEMPLATE }) },
  saveMailTemplate: {
    allowed: OWNERS,
    call: m('saveMailTemplate', 'SaveMailTemplateInput', '{ customized }', () => TEMPLATE),
  },
  resetMailTemplate: {
    allowed: OWNERS,
    call: m('resetMailTemplate', 'ResetMailTemplateInput', '{ customized }', () => ({
      kind: TEMPLATE.kind,
    })),
  },
  tenants: { allowed: ['super_admin'], call: q('{ tenants { tenantId } }') },
  createTenant: {
    allowed: ['super_admin'],
    call: (_w, r, n) => ({
      query: 'mutation($input: CreateTenantInput!) { createTenant(input: $input) { adminEmail } }',
      variables: { input: resellerInput(`matrix-${n}`, `matrix-${n}.localhost`) },
    }),
  },
  updateTenantBrand: {
    allowed: OWNERS,
    call: m('updateTenantBrand', 'UpdateTenantBrandInput', '{ tenantId }', (w) => ({
      brand: w.brandA,
    })),
  },
  updateTenantLegalProfile: {
    allowed: OWNERS,
    call: m('updateTenantLegalProfile', 'UpdateTenantLegalProfileInput', '{ tenantId }', () => ({
      legal: { ...settingsA().legal, gstin: '27AAPFU0939F1ZV', stateCode: '27' },
    })),
  },
  updateTenantTopUps: {
    allowed: OWNERS,
    call: m('updateTenantTopUps', 'UpdateTenantTopUpsInput', '{ tenantId }', () => ({
      topUps: settingsA().topUps,
    })),
  },
  updateTenantBilling: {
    allowed: OWNERS,
    call: m('updateTenantBilling', 'UpdateTenantBillingInput', '{ tenantId }', () => ({
      billing: { partialPayments: false, unpaidOrderDays: 7, roundOff: 'NONE' },
    })),
  },
  switchFeature: {
    allowed: OWNERS,
    call: m('switchFeature', 'SwitchFeatureInput', '{ tenantId }', () => ({
      feature: 'crypto-topups',
      enabled: true,
    })),
  },
  approveHost: {
    allowed: ['super_admin'],
    call: m('approveHost', 'ApproveHostInput', '{ tenantId }', () => ({
      host: 'nobody-asked.example.net',
    })),
  },
  rejectHost: {
    allowed: ['super_admin'],
    call: m('rejectHost', 'RejectHostInput', '{ tenantId }', () => ({
      host: 'nobody-asked.example.net',
      reason: 'matrix check',
    })),
  },
};
