import { randomUUID } from 'node:crypto';

/** The dashboards' tests' server allocation: staff allocate a server paid outside the platform. */
export const ALLOCATE = `mutation($input: AllocateServerInput!) { allocateServer(input: $input) {
  service { id } invoice { id } } }`;

/**
 * The input of ALLOCATE: a monthly server of `planKind` at `amount` (before GST) for the
 * customer, paid by bank transfer (a tax invoice at once, no wallet needed), no mail.
 */
export const allocationInput = (customerId: string, planKind: string, amount: string) => ({
  commandId: randomUUID(),
  customerId,
  description: `${planKind} server`,
  planKind,
  cycle: 'MONTHLY',
  amount,
  hostname: `${planKind.toLowerCase()}-${randomUUID().slice(0, 6)}.example.com`,
  ipAddresses: ['203.0.113.10'],
  ssh: { username: 'root', password: 'a-long-ssh-password', port: 22 },
  payment: 'EXTERNAL',
  reference: `UTR-${randomUUID().slice(0, 8)}`,
  sendEmail: false,
});
