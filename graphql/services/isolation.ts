import { expect } from 'vitest';
import {
  ownOnly,
  SIGNED_OUT,
  type Attempt,
  type IsolationCase,
  type Refusal,
} from '../access/testing/isolation-kit.ts';
import { NO_ID, OWNERS, q, type MatrixRow } from '../access/testing/matrix-kit.ts';
import { cmd } from '../access/testing.ts';
import type { World } from '../access/testing/world.ts';
import { serviceStreamId } from '../../domain/services/events.ts';
import { servicesOf } from './testing.ts';

/**
 * Services and provisioning settings (services.graphql): how each operation is kept within the
 * caller's tenant and account (isolation, graphql/access/isolation.int.test.ts) and which roles
 * may call it (matrix, graphql/access/permission-matrix.int.test.ts). Y's and Z's services (one
 * ACTIVE, one PENDING each) are written to the log by the first attempt of each case
 * (graphql/services/testing.ts).
 */

/** The first attempt of a case: a made-up id, then Y's and Z's services are written. */
const first = (w: World, a: Omit<Attempt, 'after'>): Attempt => ({
  ...a,
  after: () => servicesOf(w).seed(),
});

/** Checked afterwards: the service's stream has exactly as many events as it was seeded with. */
const unchanged = (id: () => string, events: number) => async (w: World) => {
  const stream = await w.t.running.platform.store.readStream(serviceStreamId(id()));
  expect(stream.length, `events of service ${id()}`).toBe(events);
};

const SERVICE = 'query($id: ID!) { service(id: $id) { id hostname } }';
const ids = (d: { services: { items: { id: string }[] } }) => d.services.items.map((i) => i.id);
const withInput = (extra: Record<string, unknown>) => ({ input: { commandId: cmd(), ...extra } });
const ssh = { username: 'root', password: 'Isolation-Pa55word', port: 22 };

/** A mutation taking `input`, with the fields a service operation needs besides its id. */
const byInput = (field: string, type: string, extra: Record<string, unknown> = {}) => ({
  query: `mutation($input: ${type}!) { ${field}(input: $input) { id } }`,
  variables: (serviceId: string) => withInput({ serviceId, ...extra }),
});
/** A mutation taking `serviceId` and `commandId` as arguments. */
const byId = (field: string) => ({
  query: `mutation($id: ID!, $c: ID!) { ${field}(serviceId: $id, commandId: $c) { __typename } }`,
  variables: (serviceId: string) => ({ id: serviceId, c: cmd() }),
});

type Op = { query: string; variables: (serviceId: string) => Record<string, unknown> };

/**
 * A service operation staff hold (services.manage): another tenant's service is not found,
 * a customer is refused, and the target stream is untouched.
 */
const staffOnService = (op: Op, target: 'active' | 'pending'): IsolationCase => ({
  why: 'staff act on their own tenant’s services only (row-level security and the stream’s tenant); customers may not',
  attempts: (w) => {
    const s = servicesOf(w);
    const events = s.events[target];
    return [
      first(w, {
        as: 'adminA',
        query: op.query,
        variables: op.variables(NO_ID),
        refused: ['NOT_FOUND'],
      }),
      {
        as: 'adminA',
        query: op.query,
        variables: op.variables(s.z[target]),
        refused: ['NOT_FOUND'],
        after: unchanged(() => s.z[target], events),
      },
      {
        as: 'superA',
        query: op.query,
        variables: op.variables(s.z[target]),
        refused: ['NOT_FOUND'],
        after: unchanged(() => s.z[target], events),
      },
      {
        as: 'adminB',
        query: op.query,
        variables: op.variables(s.y[target]),
        refused: ['NOT_FOUND'],
        after: unchanged(() => s.y[target], events),
      },
      {
        as: 'x',
        query: op.query,
        variables: op.variables(s.y[target]),
        refused: ['FORBIDDEN', 'NOT_FOUND'],
        after: unchanged(() => s.y[target], events),
      },
      { as: 'bOnA', query: op.query, variables: op.variables(s.y[target]), refused: SIGNED_OUT },
    ];
  },
});

/**
 * A service operation customers hold too (account.services): another account's service is not
 * found, as is another tenant's for staff; the target stream is untouched.
 */
const customerOnService = (op: Op): IsolationCase => ({
  why: 'customers act on the services of the account they act for; staff on their tenant’s',
  attempts: (w) => {
    const s = servicesOf(w);
    const events = s.events.active;
    return [
      first(w, {
        as: 'x',
        query: op.query,
        variables: op.variables(NO_ID),
        refused: ['NOT_FOUND'],
      }),
      {
        as: 'x',
        query: op.query,
        variables: op.variables(s.y.active),
        refused: ['NOT_FOUND'],
        after: unchanged(() => s.y.active, events),
      },
      {
        as: 'adminA',
        query: op.query,
        variables: op.variables(s.z.active),
        refused: ['NOT_FOUND'],
        after: unchanged(() => s.z.active, events),
      },
      {
        as: 'adminB',
        query: op.query,
        variables: op.variables(s.y.active),
        refused: ['NOT_FOUND'],
        after: unchanged(() => s.y.active, events),
      },
      { as: 'zOnA', query: op.query, variables: op.variables(s.z.active), refused: SIGNED_OUT },
      { as: 'bOnA', query: op.query, variables: op.variables(s.y.active), refused: SIGNED_OUT },
    ];
  },
});

/** The tenant's own provisioning settings: no tenant is named, so only who may set them matters. */
const tenantSettings = (
  query: string,
  variables: () => Record<string, unknown>,
): IsolationCase => ({
  why: 'acts on the settings of the host’s tenant only (no tenant is taken); customers may not; another tenant’s session is not signed in here',
  attempts: () => [
    { as: 'x', query, variables: variables(), refused: ['FORBIDDEN'] },
    { as: 'bOnA', query, variables: variables(), refused: SIGNED_OUT },
    { as: 'zOnA', query, variables: variables(), refused: SIGNED_OUT },
    { as: 'anonymous', query, variables: variables(), refused: SIGNED_OUT },
  ],
});

const ops = {
  provisionService: byInput('provisionService', 'ProvisionServiceInput', {
    ipAddresses: ['203.0.113.50'],
    hostname: 'iso.example.com',
    ssh,
    sendEmail: false,
  }),
  retryProvisioning: byId('retryProvisioning'),
  cancelService: byInput('cancelService', 'CancelServiceInput', {
    reason: 'isolation check',
    creditToWallet: false,
  }),
  suspendService: byInput('suspendService', 'ServiceReasonInput', { reason: 'isolation check' }),
  unsuspendService: byInput('unsuspendService', 'ServiceReasonInput', {
    reason: 'isolation check',
  }),
  terminateService: byInput('terminateService', 'ServiceReasonInput', {
    reason: 'isolation check',
  }),
  editService: byInput('editService', 'EditServiceInput', { hostname: 'edited.example.com' }),
  changeServiceDueDate: byInput('changeServiceDueDate', 'ChangeDueDateInput', {
    nextDueDate: '2030-01-15',
    reason: 'isolation check',
  }),
  revealServiceCredentials: {
    query:
      'mutation($id: ID!, $c: ID!) { revealServiceCredentials(serviceId: $id, commandId: $c) { sshUsername sshPassword } }',
    variables: (serviceId: string) => ({ id: serviceId, c: cmd() }),
  },
  requestCancellation: byInput('requestCancellation', 'RequestCancellationInput', {
    when: 'END_OF_PERIOD',
    reason: 'isolation check',
  }),
  withdrawCancellation: byId('withdrawCancellation'),
  serviceAction: byInput('serviceAction', 'ServiceActionInput', { action: 'REBOOT' }),
  createSnapshot: byInput('createSnapshot', 'CreateSnapshotInput', { name: 'isolation' }),
  revertSnapshot: byInput('revertSnapshot', 'SnapshotInput', { snapshotId: 'snap-isolation' }),
  deleteSnapshot: byInput('deleteSnapshot', 'SnapshotInput', { snapshotId: 'snap-isolation' }),
  planChangeOptions: {
    query: 'query($id: ID!) { planChangeOptions(serviceId: $id) { planId price } }',
    variables: (serviceId: string) => ({ id: serviceId }),
  },
  quotePlanChange: {
    query:
      'query($id: ID!) { quotePlanChange(serviceId: $id, planId: "plan-isolation") { amount } }',
    variables: (serviceId: string) => ({ id: serviceId }),
  },
  changePlan: {
    query:
      'mutation($input: ChangePlanInput!) { changePlan(input: $input) { invoiceId change { id } } }',
    variables: (serviceId: string) => withInput({ serviceId, planId: 'plan-isolation' }),
  },
  applyPlanChange: {
    query:
      'mutation($id: ID!, $ch: ID!, $c: ID!) { applyPlanChange(serviceId: $id, changeId: $ch, commandId: $c) { id } }',
    variables: (serviceId: string) => ({ id: serviceId, ch: NO_ID, c: cmd() }),
  },
};

const ALLOCATE =
  'mutation($input: AllocateServerInput!) { allocateServer(input: $input) { service { id } } }';
const allocation = (customerId: string) =>
  withInput({
    customerId,
    description: 'Isolation VPS',
    planKind: 'VPS',
    cycle: 'MONTHLY',
    amount: '100.00',
    hostname: 'alloc.example.com',
    ipAddresses: ['203.0.113.60'],
    ssh,
    payment: 'EXTERNAL',
    reference: 'UTR-ISO-ALLOC',
    sendEmail: false,
  });
const NOT_HERE: Refusal[] = ['NOT_FOUND', 'BAD_USER_INPUT'];

const SETTINGS =
  '{ provisioningSettings { cloudStackConfigured cloudStackApiUrl cloudStackApiKey } }';
const CONFIGURE =
  'mutation($input: ConfigureCloudStackInput!) { configureCloudStack(input: $input) { cloudStackConfigured } }';
const REMOVE = 'mutation($c: ID!) { removeCloudStack(commandId: $c) { cloudStackConfigured } }';
const MAPPING =
  'mutation($input: SetCloudStackMappingInput!) { setCloudStackMapping(input: $input) { zones { catalogId } } }';
const POLICY =
  'mutation($input: SetTerminationPolicyInput!) { setTerminationPolicy(input: $input) { finalSnapshot } }';
const configureInput = () =>
  withInput({
    apiUrl: 'https://cloud.invalid/client/api',
    apiKey: 'iso-key',
    secretKey: 'iso-secret',
  });
const emptyMapping = () => withInput({ zones: [], offerings: [], templates: [] });

export const isolation: Record<string, IsolationCase> = {
  services: {
    why: 'customers list their account’s services; staff their tenant’s (row-level security)',
    attempts: (w) => {
      const s = servicesOf(w);
      const all = [s.y.active, s.y.pending, s.z.active, s.z.pending];
      return [
        first(w, { as: 'zOnA', query: '{ services { total } }', refused: SIGNED_OUT }),
        {
          as: 'x',
          query: '{ services(first: 200) { items { id customer { id } notes } } }',
          answers: ownOnly(all),
        },
        {
          as: 'x',
          query: 'query($c: ID) { services(filter: { customerId: $c }) { total } }',
          variables: { c: w.y.id },
          answers: (d) => expect(d.services.total).toBe(0),
        },
        {
          as: 'adminA',
          query: '{ services(first: 200) { items { id } } }',
          answers: (d, world) => {
            ownOnly([s.z.active, s.z.pending])(d, world);
            expect(ids(d)).toEqual(expect.arrayContaining([s.y.active, s.y.pending]));
          },
        },
        {
          as: 'adminB',
          query: '{ services(first: 200) { items { id } } }',
          answers: (d, world) => {
            ownOnly([s.y.active, s.y.pending])(d, world);
            expect(ids(d)).toEqual(expect.arrayContaining([s.z.active, s.z.pending]));
          },
        },
        {
          as: 'adminA',
          query: 'query($c: ID) { services(filter: { customerId: $c }) { total } }',
          variables: { c: w.z.id },
          answers: (d) => expect(d.services.total).toBe(0),
        },
      ];
    },
  },
  service: {
    why: 'another account’s or tenant’s service is not found',
    attempts: (w) => {
      const s = servicesOf(w);
      return [
        first(w, { as: 'x', query: SERVICE, variables: { id: NO_ID }, refused: ['NOT_FOUND'] }),
        { as: 'x', query: SERVICE, variables: { id: s.y.active }, refused: ['NOT_FOUND'] },
        { as: 'adminA', query: SERVICE, variables: { id: s.z.active }, refused: ['NOT_FOUND'] },
        { as: 'superA', query: SERVICE, variables: { id: s.z.pending }, refused: ['NOT_FOUND'] },
        { as: 'adminB', query: SERVICE, variables: { id: s.y.active }, refused: ['NOT_FOUND'] },
        { as: 'bOnA', query: SERVICE, variables: { id: s.y.active }, refused: SIGNED_OUT },
        { as: 'zOnA', query: SERVICE, variables: { id: s.z.active }, refused: SIGNED_OUT },
        {
          as: 'adminA',
          query: SERVICE,
          variables: { id: s.y.active },
          answers: (d) => expect(d.service.id).toBe(s.y.active),
        },
      ];
    },
  },
  provisioningSettings: {
    why: 'the host’s tenant’s settings only (no tenant is taken); staff with services.manage',
    attempts: () => [
      { as: 'x', query: SETTINGS, refused: ['FORBIDDEN'] },
      { as: 'bOnA', query: SETTINGS, refused: SIGNED_OUT },
      { as: 'zOnA', query: SETTINGS, refused: SIGNED_OUT },
      {
        as: 'adminB',
        query: SETTINGS,
        answers: (d) => expect(d.provisioningSettings.cloudStackApiKey).not.toBe('iso-key'),
      },
    ],
  },
  cloudStackInventory: {
    why: 'reads the host’s tenant’s CloudStack only; staff with services.manage',
    attempts: () => [
      { as: 'x', query: '{ cloudStackInventory { zones { id } } }', refused: ['FORBIDDEN'] },
      { as: 'bOnA', query: '{ cloudStackInventory { zones { id } } }', refused: SIGNED_OUT },
      { as: 'zOnA', query: '{ cloudStackInventory { zones { id } } }', refused: SIGNED_OUT },
    ],
  },

  revealServiceCredentials: customerOnService(ops.revealServiceCredentials),
  requestCancellation: customerOnService(ops.requestCancellation),
  withdrawCancellation: customerOnService(ops.withdrawCancellation),
  serviceAction: customerOnService(ops.serviceAction),
  createSnapshot: customerOnService(ops.createSnapshot),
  revertSnapshot: customerOnService(ops.revertSnapshot),
  deleteSnapshot: customerOnService(ops.deleteSnapshot),
  planChangeOptions: customerOnService(ops.planChangeOptions),
  quotePlanChange: customerOnService(ops.quotePlanChange),
  changePlan: customerOnService(ops.changePlan),
  applyPlanChange: staffOnService(ops.applyPlanChange, 'active'),

  provisionService: staffOnService(ops.provisionService, 'pending'),
  retryProvisioning: staffOnService(ops.retryProvisioning, 'pending'),
  cancelService: staffOnService(ops.cancelService, 'pending'),
  suspendService: staffOnService(ops.suspendService, 'active'),
  unsuspendService: staffOnService(ops.unsuspendService, 'active'),
  terminateService: staffOnService(ops.terminateService, 'active'),
  editService: staffOnService(ops.editService, 'active'),
  changeServiceDueDate: staffOnService(ops.changeServiceDueDate, 'active'),
  allocateServer: {
    why: 'a server is allocated only to a customer of the host’s tenant, by its staff',
    attempts: (w) => [
      first(w, {
        as: 'adminA',
        query: ALLOCATE,
        variables: allocation(NO_ID),
        refused: NOT_HERE,
      }),
      { as: 'adminA', query: ALLOCATE, variables: allocation(w.z.id), refused: NOT_HERE },
      { as: 'adminB', query: ALLOCATE, variables: allocation(w.y.id), refused: NOT_HERE },
      { as: 'x', query: ALLOCATE, variables: allocation(w.x.id), refused: ['FORBIDDEN'] },
      { as: 'bOnA', query: ALLOCATE, variables: allocation(w.y.id), refused: SIGNED_OUT },
    ],
  },

  configureCloudStack: tenantSettings(CONFIGURE, configureInput),
  removeCloudStack: tenantSettings(REMOVE, () => ({ c: cmd() })),
  setCloudStackMapping: tenantSettings(MAPPING, emptyMapping),
  setTerminationPolicy: tenantSettings(POLICY, () => withInput({ finalSnapshot: true })),
};

/** Staff rows: services.manage (tenant and super admins hold every permission). */
const MANAGE = [...OWNERS];
const OWN_OR_MANAGE = [...OWNERS, 'customer'] as const;
const onId = (op: Op) => () => ({ query: op.query, variables: op.variables(NO_ID) });

export const matrix: Record<string, MatrixRow> = {
  services: { allowed: 'signed-in', call: q('{ services { total } }') },
  service: { allowed: 'signed-in', call: () => ({ query: SERVICE, variables: { id: NO_ID } }) },
  provisioningSettings: { allowed: MANAGE, call: q(SETTINGS) },
  // Not configured in the suites: an owner is told so (CONFLICT), others are refused.
  cloudStackInventory: { allowed: MANAGE, call: q('{ cloudStackInventory { zones { id } } }') },

  // Customers on their account (account.services); staff: services.credentials / services.manage.
  revealServiceCredentials: {
    allowed: [...OWN_OR_MANAGE],
    call: onId(ops.revealServiceCredentials),
  },
  requestCancellation: { allowed: [...OWN_OR_MANAGE], call: onId(ops.requestCancellation) },
  withdrawCancellation: { allowed: [...OWN_OR_MANAGE], call: onId(ops.withdrawCancellation) },
  serviceAction: { allowed: [...OWN_OR_MANAGE], call: onId(ops.serviceAction) },
  createSnapshot: { allowed: [...OWN_OR_MANAGE], call: onId(ops.createSnapshot) },
  revertSnapshot: { allowed: [...OWN_OR_MANAGE], call: onId(ops.revertSnapshot) },
  deleteSnapshot: { allowed: [...OWN_OR_MANAGE], call: onId(ops.deleteSnapshot) },
  planChangeOptions: { allowed: [...OWN_OR_MANAGE], call: onId(ops.planChangeOptions) },
  quotePlanChange: { allowed: [...OWN_OR_MANAGE], call: onId(ops.quotePlanChange) },
  changePlan: { allowed: [...OWN_OR_MANAGE], call: onId(ops.changePlan) },
  applyPlanChange: { allowed: MANAGE, call: onId(ops.applyPlanChange) },

  provisionService: { allowed: MANAGE, call: onId(ops.provisionService) },
  retryProvisioning: { allowed: MANAGE, call: onId(ops.retryProvisioning) },
  cancelService: { allowed: MANAGE, call: onId(ops.cancelService) },
  suspendService: { allowed: MANAGE, call: onId(ops.suspendService) },
  unsuspendService: { allowed: MANAGE, call: onId(ops.unsuspendService) },
  terminateService: { allowed: MANAGE, call: onId(ops.terminateService) },
  editService: { allowed: MANAGE, call: onId(ops.editService) },
  changeServiceDueDate: { allowed: MANAGE, call: onId(ops.changeServiceDueDate) },
  allocateServer: {
    allowed: MANAGE,
    call: () => ({ query: ALLOCATE, variables: allocation(NO_ID) }),
  },
  // The keys are checked against CloudStack before saving (cloud.invalid does not answer).
  configureCloudStack: {
    allowed: MANAGE,
    call: () => ({ query: CONFIGURE, variables: configureInput() }),
  },
  removeCloudStack: { allowed: MANAGE, call: () => ({ query: REMOVE, variables: { c: cmd() } }) },
  setCloudStackMapping: {
    allowed: MANAGE,
    call: () => ({ query: MAPPING, variables: emptyMapping() }),
  },
  setTerminationPolicy: {
    allowed: MANAGE,
    call: () => ({ query: POLICY, variables: withInput({ finalSnapshot: false }) }),
  },
};
