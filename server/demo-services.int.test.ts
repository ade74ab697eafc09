import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { ADMIN, must, startTestPlatform, type TestPlatform } from './testing/platform.ts';
import { DEMO_PROOF_PNG } from './demo.ts';
import { seedDemoCatalogs } from './demo-catalog.ts';
import { DEMO_SERVER_PASSWORD, seedDemoServices } from './demo-services.ts';

/** The demo customer's services, seeded through the commands and read back over GraphQL. */

let t: TestPlatform;
let asha: { id: string; cookie: string };
let adminId: string;

beforeAll(async () => {
  t = await startTestPlatform();
  const platform = t.running.platform;
  for (const p of await seedDemoCatalogs(platform.wallet))
    await platform.projections.waitFor(p, 10_000);
  asha = await t.customer('asha.demo@example.com', 'Asha Verma');
  const admin = await t.signIn(ADMIN.email, ADMIN.password);
  adminId = (await must(t.gql('{ me { id } }', {}, admin))).me.id;
  // The demo's approved top-up.
  const req = await must(
    t.gql(
      `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id } }`,
      {
        input: {
          commandId: randomUUID(),
          amount: '5000.00',
          method: 'BANK_TRANSFER',
          reference: 'NEFT-DEMO-TEST-1',
          proof: { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG },
        },
      },
      asha.cookie,
    ),
  );
  await must(
    t.gql(
      `mutation($input: ApproveTopUpInput!) { approveTopUp(input: $input) { id } }`,
      { input: { commandId: randomUUID(), topUpId: req.requestTopUp.id } },
      admin,
    ),
  );
});
afterAll(async () => t?.close());

const LIST = `{ services { total items { status module hostname planName ipAddresses sshUsername notes
  history { type } } } }`;

describe('demo services', () => {
  it('one ACTIVE server allocated by hand and one PENDING from a paid order; again adds nothing', async () => {
    const platform = t.running.platform;
    const deps = {
      store: platform.store,
      now: platform.wallet.now,
      sealKey: platform.services.sealKey,
      identity: platform.identity,
    };
    for (let round = 0; round < 2; round++) {
      const positions = await seedDemoServices(deps, asha.id, adminId);
      for (const p of positions) expect(await platform.projections.waitFor(p, 20_000)).toBe(true);
    }
    const { services } = await must(t.gql(LIST, {}, asha.cookie));
    expect(services.total).toBe(2);
    const byStatus = Object.fromEntries(
      services.items.map((s: { status: string }) => [s.status, s]),
    );
    expect(byStatus.ACTIVE).toMatchObject({
      module: 'MANUAL',
      hostname: 'app.ashaverma.in',
      planName: 'VPS Pro',
      ipAddresses: ['203.0.113.25'],
      sshUsername: 'root',
      notes: null,
    });
    expect(byStatus.PENDING).toMatchObject({
      module: 'MANUAL',
      hostname: 'staging.ashaverma.in',
      planName: 'VPS Starter',
      ipAddresses: [],
    });
    expect(JSON.stringify(services)).not.toContain(DEMO_SERVER_PASSWORD);
  });
});
