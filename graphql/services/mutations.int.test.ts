import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import {
  ADMIN,
  must,
  startTestPlatform,
  type TestPlatform,
} from '../../server/testing/platform.ts';
import { seedService } from './testing.ts';
import { mailsInMailbox } from '../../server/testing/mailbox.ts';

/**
 * The services mutations over GraphQL on the real platform: each answers what it did as the
 * read model shows it right away (read-your-writes), with the commands' refusals as error codes.
 */

const SERVICE = `id status hostname ipAddresses sshUsername sshPort module invoiceId
  suspension suspendReason history { type summary }`;
const PROVISION = `mutation($input: ProvisionServiceInput!) { provisionService(input: $input) { ${SERVICE} } }`;
const REVEAL = `mutation($serviceId: ID!, $commandId: ID!) {
  revealServiceCredentials(serviceId: $serviceId, commandId: $commandId) {
    sshUsername sshPassword sshPort controlPanelUrl controlPanelPassword revealedAt } }`;
const ONE = `query($id: ID!) { service(id: $id) { ${SERVICE} } }`;
const ALLOCATE = `mutation($input: AllocateServerInput!) { allocateServer(input: $input) {
  service { ${SERVICE} } invoice { id status number total amountDue } } }`;
const SUSPEND = `mutation($input: ServiceReasonInput!) { suspendService(input: $input) { ${SERVICE} } }`;
const UNSUSPEND = `mutation($input: ServiceReasonInput!) { unsuspendService(input: $input) { ${SERVICE} } }`;
const TERMINATE = `mutation($input: ServiceReasonInput!) { terminateService(input: $input) { ${SERVICE} } }`;
const ACTION = `mutation($input: ServiceActionInput!) { serviceAction(input: $input) { ${SERVICE} } }`;
const PROFILE = `mutation($input: UpdateProfileInput!) { updateProfile(input: $input) { name } }`;

let t: TestPlatform;
let asha: { id: string; cookie: string };
let ravi: { id: string; cookie: string };
let admin: string;

const cmd = () => randomUUID();
const codeOf = (r: { errors?: any[] }) => r.errors?.[0]?.extensions?.code;
async function pending(customerId: string) {
  const { store, services, projections } = t.running.platform;
  const s = await seedService(store, services.sealKey, 'akashone', customerId, {
    status: 'PENDING',
  });
  if (!(await projections.waitFor(s.position, 20_000))) throw new Error('not projected');
  return s;
}

const dialog = (serviceId: string, extra: Record<string, unknown> = {}) => ({
  commandId: cmd(),
  serviceId,
  ipAddresses: ['198.51.100.21'],
  hostname: 'box.example.com',
  ssh: { username: 'root', password: 'Dialog-Pass-42', port: 22 },
  ...extra,
});

beforeAll(async () => {
  t = await startTestPlatform();
  asha = await t.customer('asha@example.com', 'Asha Verma');
  ravi = await t.customer('ravi@example.com', 'Ravi Kumar');
  admin = await t.signIn(ADMIN.email, ADMIN.password);
  await must(
    t.gql(
      PROFILE,
      {
        input: {
          commandId: cmd(),
          name: 'Asha Verma',
          address: {
            line1: '12 MG Road',
            city: 'Pune',
            stateCode: '27',
            postalCode: '411001',
            country: 'IN',
          },
        },
      },
      asha.cookie,
    ),
  );
});
afterAll(async () => t?.close());

describe('services mutations over GraphQL', () => {
  it('provisionService answers the service ACTIVE at once; the owner reveals, the reveal is in the history; others cannot', async () => {
    const s = await pending(asha.id);
    const provisioned = (await must(t.gql(PROVISION, { input: dialog(s.serviceId) }, admin)))
      .provisionService;
    expect(provisioned).toMatchObject({
      id: s.serviceId,
      status: 'ACTIVE',
      hostname: 'box.example.com',
      ipAddresses: ['198.51.100.21'],
      sshUsername: 'root',
      sshPort: 22,
    });
    expect(JSON.stringify(provisioned)).not.toContain('Dialog-Pass-42');
    // The welcome mail: the server's name and address and a link to its page, never the password.
    const [welcome] = await mailsInMailbox(t.running.platform.mail.mailbox!, 'asha@example.com');
    expect(welcome!.subject).toContain('box.example.com is ready');
    expect(welcome!.text).toContain('198.51.100.21');
    expect(welcome!.text).toContain(`/services/${s.serviceId}`);
    expect(welcome!.text).not.toContain('Dialog-Pass-42');

    const again = await t.gql(PROVISION, { input: dialog(s.serviceId) }, admin);
    expect(codeOf(again)).toBe('CONFLICT');
    const byCustomer = await t.gql(PROVISION, { input: dialog(s.serviceId) }, asha.cookie);
    expect(codeOf(byCustomer)).toBe('FORBIDDEN');

    const shown = (
      await must(t.gql(REVEAL, { serviceId: s.serviceId, commandId: cmd() }, asha.cookie))
    ).revealServiceCredentials;
    expect(shown).toMatchObject({
      sshUsername: 'root',
      sshPassword: 'Dialog-Pass-42',
      sshPort: 22,
    });
    const history = (await must(t.gql(ONE, { id: s.serviceId }, asha.cookie))).service.history;
    expect(history.map((h: { type: string }) => h.type)).toContain('ServiceCredentialsRevealed');

    const stranger = await t.gql(REVEAL, { serviceId: s.serviceId, commandId: cmd() }, ravi.cookie);
    expect(codeOf(stranger)).toBe('NOT_FOUND');
    expect(stranger.data).toBeNull();
  });

  it('a bad field is BAD_USER_INPUT naming it, and nothing changes', async () => {
    const s = await pending(asha.id);
    const bad = await t.gql(
      PROVISION,
      { input: dialog(s.serviceId, { ipAddresses: ['999.1.1.1'] }) },
      admin,
    );
    expect(codeOf(bad)).toBe('BAD_USER_INPUT');
    expect(bad.errors![0].extensions.issues[0].path.join('.')).toMatch(/^ipAddresses/);
    expect((await must(t.gql(ONE, { id: s.serviceId }, admin))).service.status).toBe('PENDING');
  });

  it('allocateServer (EXTERNAL) answers the service ACTIVE and its invoice numbered; suspend, unsuspend, terminate answer the new status', async () => {
    const r = (
      await must(
        t.gql(
          ALLOCATE,
          {
            input: {
              commandId: cmd(),
              customerId: asha.id,
              description: 'Dedicated box',
              planKind: 'DEDICATED',
              cycle: 'MONTHLY',
              amount: '5000.00',
              hostname: 'dedi.example.com',
              ipAddresses: ['192.0.2.80'],
              ssh: { username: 'root', password: 'Dedi-Pass-1', port: 22 },
              payment: 'EXTERNAL',
              reference: 'UTR-998877',
            },
          },
          admin,
        ),
      )
    ).allocateServer;
    expect(r.service).toMatchObject({
      status: 'ACTIVE',
      module: 'MANUAL',
      hostname: 'dedi.example.com',
    });
    expect(r.invoice).toMatchObject({ status: 'TAX_INVOICE', amountDue: '0.00' });
    expect(r.invoice.number).toBeTruthy();
    expect(r.service.invoiceId).toBe(r.invoice.id);

    const id = r.service.id;
    const manualAction = await t.gql(
      ACTION,
      { input: { commandId: cmd(), serviceId: id, action: 'REBOOT' } },
      asha.cookie,
    );
    expect(codeOf(manualAction)).toBe('CONFLICT');
    const suspended = (
      await must(
        t.gql(SUSPEND, { input: { commandId: cmd(), serviceId: id, reason: 'abuse' } }, admin),
      )
    ).suspendService;
    expect(suspended).toMatchObject({
      status: 'SUSPENDED',
      suspension: 'STAFF',
      suspendReason: 'abuse',
    });
    const back = (
      await must(
        t.gql(UNSUSPEND, { input: { commandId: cmd(), serviceId: id, reason: 'ok' } }, admin),
      )
    ).unsuspendService;
    expect(back.status).toBe('ACTIVE');
    const ended = (
      await must(
        t.gql(TERMINATE, { input: { commandId: cmd(), serviceId: id, reason: 'left' } }, admin),
      )
    ).terminateService;
    expect(ended.status).toBe('TERMINATED');
  });
});
