import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  ADMIN,
  must,
  startTestPlatform,
  type TestPlatform,
} from '../../server/testing/platform.ts';
import { firstSignInAt } from '../access/testing.ts';
import { SEEDED_NOTES, SEEDED_PASSWORD, seedService, type SeededService } from './testing.ts';

/**
 * Services over GraphQL on the real platform: services written to the log (the decider's
 * events, passwords sealed with the platform's key), projected, and read back by customers and
 * staff: lists and pages, filters, who sees what, and what is never shown.
 */

/** Every field of Service, for the "never shown" checks. */
const ALL_FIELDS = `id status customer { id email name company } orderId itemNo invoiceId planId planName
  planKind cycle recurringAmount addons { addonId name quantity recurring } dataCentreName
  operatingSystemName hostname ipAddresses module actions hasControlPanel sshUsername sshPort
  controlPanelUrl controlPanelUsername periodStart nextDueDate anchorDay suspension suspendReason
  cancellation { when reason effectiveOn requestedAt } notes provisioningAttempts
  lastError { code message retryable } retryAt needsAttention snapshots { id name createdAt }
  createdAt provisionedAt terminatedAt history { eventId type summary actor at }`;
const LIST = `query($f: ServiceFilter, $first: Int, $offset: Int) {
  services(filter: $f, first: $first, offset: $offset) { total items { id hostname status needsAttention } } }`;
const ONE = `query($id: ID!) { service(id: $id) { ${ALL_FIELDS} } }`;

let t: TestPlatform;
let asha: { id: string; cookie: string };
let ravi: { id: string; cookie: string };
let admin: string;
let adminId: string;
let support: string;
const mine: Record<'active' | 'second' | 'pending', SeededService> = {} as never;
let ravis: SeededService;
let failed: SeededService;
let otherTenant: SeededService;

const codeOf = (r: { errors?: any[] }) => r.errors?.[0]?.extensions?.code;
const list = async (cookie: string, f: Record<string, unknown> = {}, first = 50, offset = 0) =>
  (await must(t.gql(LIST, { f, first, offset }, cookie))).services as {
    total: number;
    items: { id: string; hostname: string; status: string; needsAttention: boolean }[];
  };

beforeAll(async () => {
  t = await startTestPlatform();
  asha = await t.customer('asha@example.com', 'Asha Verma');
  ravi = await t.customer('ravi@example.com', 'Ravi Kumar');
  admin = await t.signIn(ADMIN.email, ADMIN.password);
  adminId = (await must(t.gql('{ me { id } }', {}, admin))).me.id;
  const staff = await must(
    t.gql(
      `mutation($input: AddStaffMemberInput!) { addStaffMember(input: $input) { initialPassword } }`,
      {
        input: {
          commandId: randomUUID(),
          email: 'sam@akashone.com',
          name: 'Sam',
          staffRole: 'support',
        },
      },
      admin,
    ),
  );
  const initial = staff.addStaffMember.initialPassword as string;
  support = await firstSignInAt(
    t,
    'akashone.localhost',
    'sam@akashone.com',
    initial,
    `${initial}-own`,
  );

  const { store, services } = t.running.platform;
  const seed = (tenantId: string, customerId: string, o: Parameters<typeof seedService>[4]) =>
    seedService(store, services.sealKey, tenantId, customerId, o);
  mine.active = await seed('akashone', asha.id, {
    status: 'ACTIVE',
    hostname: 'alpha.asha.example.com',
    ip: '203.0.113.11',
    planName: 'VPS Starter',
    staffId: adminId,
  });
  mine.second = await seed('akashone', asha.id, {
    status: 'ACTIVE',
    hostname: 'beta.asha.example.com',
    ip: '203.0.113.12',
  });
  mine.pending = await seed('akashone', asha.id, {
    status: 'PENDING',
    hostname: 'gamma.asha.example.com',
  });
  ravis = await seed('akashone', ravi.id, { status: 'ACTIVE', hostname: 'ravi.example.com' });
  failed = await seed('akashone', ravi.id, { status: 'FAILED', hostname: 'stuck.example.com' });
  const last = await seed('kloudnests', randomUUID(), {
    status: 'ACTIVE',
    hostname: 'elsewhere.example.com',
  });
  otherTenant = last;
  if (!(await t.running.platform.projections.waitFor(last.position, 20_000)))
    throw new Error('read models did not catch up');
});
afterAll(async () => t?.close());

describe('services over GraphQL', () => {
  it('a customer lists only their account’s services, newest first, in pages', async () => {
    const all = await list(asha.cookie);
    expect(all.total).toBe(3);
    expect(all.items.map((s) => s.hostname)).toEqual([
      'gamma.asha.example.com',
      'beta.asha.example.com',
      'alpha.asha.example.com',
    ]);
    const page1 = await list(asha.cookie, {}, 2, 0);
    const page2 = await list(asha.cookie, {}, 2, 2);
    expect(page1.total).toBe(3);
    expect(page2.total).toBe(3);
    expect([...page1.items, ...page2.items].map((s) => s.id)).toEqual(all.items.map((s) => s.id));
    expect(JSON.stringify(all)).not.toContain(ravis.serviceId);
    // Another customer's id as a filter shows nothing, rather than their services.
    expect((await list(asha.cookie, { customerId: ravi.id })).total).toBe(0);
  });

  it('a customer’s service page: logins without a password, no staff notes, the history in words', async () => {
    const res = await t.gql(ONE, { id: mine.active.serviceId }, asha.cookie);
    expect(res.errors).toBeUndefined();
    const s = res.data.service;
    expect(s).toMatchObject({
      status: 'ACTIVE',
      hostname: 'alpha.asha.example.com',
      ipAddresses: ['203.0.113.11'],
      sshUsername: 'root',
      sshPort: 22,
      module: 'MANUAL',
      actions: [],
      notes: null,
      needsAttention: false,
      planName: 'VPS Starter',
      customer: { id: asha.id, email: 'asha@example.com', name: 'Asha Verma' },
      snapshots: [],
    });
    expect(s.history.map((h: { type: string }) => h.type)).toEqual([
      'ServiceCreated',
      'ServiceProvisioned',
    ]);
    expect(s.history[1].summary).toBe(
      `Provisioned by hand: alpha.asha.example.com at 203.0.113.11 by ${s.history[1].actor}`,
    );
    expect(s.history[1].actor).toBeTruthy();
    const text = JSON.stringify(res.data);
    expect(text).not.toContain(SEEDED_PASSWORD);
    expect(text).not.toContain(SEEDED_NOTES);
    expect(text).not.toMatch(/v1\.[A-Za-z0-9_-]+\./);
    // The list's every field too.
    const listed = await must(
      t.gql(`{ services(first: 200) { items { ${ALL_FIELDS} } } }`, {}, asha.cookie),
    );
    const listedText = JSON.stringify(listed);
    expect(listedText).not.toContain(SEEDED_PASSWORD);
    expect(listedText).not.toContain(SEEDED_NOTES);
    expect(listed.services.items.every((i: { notes: unknown }) => i.notes === null)).toBe(true);
  });

  it('staff see the notes (never a password); support reads with services.read', async () => {
    const s = (await must(t.gql(ONE, { id: mine.active.serviceId }, admin))).service;
    expect(s.notes).toBe(SEEDED_NOTES);
    expect(JSON.stringify(s)).not.toContain(SEEDED_PASSWORD);
    const bySupport = await must(t.gql(ONE, { id: mine.active.serviceId }, support));
    expect(bySupport.service.notes).toBe(SEEDED_NOTES);
    expect(JSON.stringify(bySupport)).not.toContain(SEEDED_PASSWORD);
  });

  it('staff filter by status, needing attention and search (host, IP, plan, customer)', async () => {
    const pending = await list(admin, { status: 'PENDING' });
    expect(pending.items.map((s) => s.id)).toEqual([mine.pending.serviceId]);
    const attention = await list(admin, { needsAttention: true });
    expect(attention.items.map((s) => s.id)).toEqual([failed.serviceId]);
    expect(attention.items[0]).toMatchObject({
      status: 'PROVISIONING_FAILED',
      needsAttention: true,
    });
    const one = (await must(t.gql(ONE, { id: failed.serviceId }, admin))).service;
    expect(one).toMatchObject({
      provisioningAttempts: 1,
      lastError: { code: 'CAPACITY', message: 'no host has capacity', retryable: false },
      retryAt: null,
    });
    const ok = await list(admin, { needsAttention: false });
    expect(ok.items.map((s) => s.id)).not.toContain(failed.serviceId);
    expect(ok.total).toBe(4);
    const ids = async (search: string) =>
      (await list(admin, { search })).items.map((s) => s.id).sort();
    expect(await ids('BETA.asha')).toEqual([mine.second.serviceId]);
    expect(await ids('203.0.113.11')).toEqual([mine.active.serviceId]);
    expect(await ids('starter')).toEqual([mine.active.serviceId]);
    expect(await ids('ravi@example')).toEqual([ravis.serviceId, failed.serviceId].sort());
    expect(await ids('Asha Verma')).toEqual(
      [mine.active.serviceId, mine.second.serviceId, mine.pending.serviceId].sort(),
    );
    expect(await ids('100%_')).toEqual([]);
    expect((await list(admin, { customerId: asha.id, status: 'ACTIVE' })).total).toBe(2);
    const bad = await t.gql(LIST, { f: { customerId: 'nope' } }, admin);
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors?.[0]?.extensions?.issues).toEqual([
      { path: ['filter', 'customerId'], message: 'Not a customer id.' },
    ]);
  });

  it('another account’s or tenant’s service is not found; the tenant’s list never holds it', async () => {
    expect(codeOf(await t.gql(ONE, { id: ravis.serviceId }, asha.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(ONE, { id: otherTenant.serviceId }, admin))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(ONE, { id: otherTenant.serviceId }, asha.cookie))).toBe('NOT_FOUND');
    expect(codeOf(await t.gql(ONE, { id: 'not-a-uuid' }, admin))).toBe('NOT_FOUND');
    const all = await list(admin, {}, 200);
    expect(all.items.map((s) => s.id)).not.toContain(otherTenant.serviceId);
    expect(all.total).toBe(5);
    expect(codeOf(await t.gql(LIST, {}, undefined))).toBe('UNAUTHENTICATED');
  });

  it('a reveal answers the password once and is a history line naming who; the service still shows none', async () => {
    const reveal = await must(
      t.gql(
        'mutation($id: ID!, $c: ID!) { revealServiceCredentials(serviceId: $id, commandId: $c) { sshUsername sshPassword sshPort } }',
        { id: mine.second.serviceId, c: randomUUID() },
        asha.cookie,
      ),
    );
    expect(reveal.revealServiceCredentials).toEqual({
      sshUsername: 'root',
      sshPassword: SEEDED_PASSWORD,
      sshPort: 22,
    });
    const s = (await must(t.gql(ONE, { id: mine.second.serviceId }, asha.cookie))).service;
    expect(s.history.at(-1)).toMatchObject({
      type: 'ServiceCredentialsRevealed',
      summary: 'Credentials revealed by Asha Verma',
      actor: 'Asha Verma',
    });
    expect(JSON.stringify(s)).not.toContain(SEEDED_PASSWORD);
  });

  it('a staff suspension reads back with its kind and reason, in the history with who', async () => {
    const res = await must(
      t.gql(
        'mutation($input: ServiceReasonInput!) { suspendService(input: $input) { status suspension suspendReason actions history { summary } } }',
        { input: { commandId: randomUUID(), serviceId: ravis.serviceId, reason: 'abuse report' } },
        admin,
      ),
    );
    expect(res.suspendService).toMatchObject({
      status: 'SUSPENDED',
      suspension: 'STAFF',
      suspendReason: 'abuse report',
      actions: [],
    });
    expect(res.suspendService.history.at(-1).summary).toMatch(/^Suspended: abuse report by /);
    const seen = (await must(t.gql(LIST, { f: { status: 'SUSPENDED' } }, admin))).services;
    expect(seen.items.map((i: { id: string }) => i.id)).toEqual([ravis.serviceId]);
  });

  it('provisioning settings: staff with services.manage only, nothing configured yet', async () => {
    const q =
      '{ provisioningSettings { cloudStackConfigured cloudStackApiKey fromEnvironment zones { catalogId } finalSnapshot } }';
    const res = await must(t.gql(q, {}, admin));
    expect(res.provisioningSettings).toMatchObject({ zones: [], finalSnapshot: false });
    expect(codeOf(await t.gql(q, {}, support))).toBe('FORBIDDEN');
    expect(codeOf(await t.gql(q, {}, asha.cookie))).toBe('FORBIDDEN');
  });
});
