import { randomBytes } from 'node:crypto';
import type { Sql } from 'postgres';
import { acceptInvitation } from '../../commands/access/invitations.ts';
import { defineRole } from '../../commands/access/roles.ts';
import { addStaffMember, assignStaffRole } from '../../commands/access/staff.ts';
import { inviteTeamMember } from '../../commands/access/team.ts';
import { mailKey, openMailText } from '../../commands/mail/queue-mail.ts';
import { reactivateUser, suspendUser } from '../../commands/identity/suspension.ts';
import type { CommandDeps } from '../../commands/shared/handler.ts';
import type { SessionStore } from '../../commands/identity/sessions.ts';
import { switchFeature, updateBrand } from '../../commands/tenancy/settings.ts';
import { loadTenant } from '../../commands/shared/tenant.ts';
import { OPERATOR_TENANT_ID } from '../../domain/tenancy/events.ts';
import { permissions } from '../../server/areas/index.ts';
import type { Position } from '../../eventstore/types.ts';

/**
 * Access history through the real commands, for the projection suites (so every table of the
 * access read model, and the identity model's access columns, hold rows): a custom role given
 * to a new staff member, a feature switch, a brand change, a team with a member who joined and
 * an invitation still waiting, and a suspension undone.
 */
export async function seedAccess(
  commandDeps: CommandDeps & { sql: Sql; bcryptCost: number; sessions: SessionStore },
  tag: string,
  owners: { customerId: string; adminId: string },
  caughtUp: (p: Position) => Promise<void>,
): Promise<void> {
  const deps = { ...commandDeps, permissions };
  const admin = (step: string) => ({
    tenantId: OPERATOR_TENANT_ID,
    actor: { userId: owners.adminId, role: 'admin' },
    commandId: `${tag}:access:${step}`,
    permissions: permissions.permissionsOf('super_admin'),
  });
  const customer = (step: string) => ({
    tenantId: OPERATOR_TENANT_ID,
    actor: { userId: owners.customerId, role: 'customer' },
    commandId: `${tag}:access:${step}`,
  });
  const role = await defineRole(deps, admin('role'), {
    name: `Sales ${tag}`,
    permissions: ['wallet.view', 'users.manage'],
  });
  const staff = await addStaffMember(deps, admin('staff'), {
    email: `sales-${tag}@akashone.test`,
    name: 'Sales',
    staffRole: 'support',
  });
  await assignStaffRole(deps, admin('assign'), { userId: staff.userId, staffRole: role.roleId });
  await switchFeature(deps, admin('feature'), { feature: 'crypto-topups', enabled: true });
  const { brand } = await loadTenant(deps.store, OPERATOR_TENANT_ID);
  await updateBrand(deps, admin('brand'), {
    brand: { ...brand, tagline: `Cloud for India (${tag})`, accentColor: '#f59e0b', logoUrl: null },
  });
  // The invitation mail's link is sealed in its event; these keys open it here (no mail sender runs).
  const mailing = { ...deps, keys: { totp: randomBytes(32) } };
  const joined = await inviteTeamMember(
    mailing,
    customer('invite-1'),
    { email: `member-${tag}@example.test`, name: 'Member', role: 'billing' },
    'http://akashone.localhost',
  );
  await inviteTeamMember(
    mailing,
    customer('invite-2'),
    { email: `waiting-${tag}@example.test`, name: 'Waiting', role: 'viewer' },
    'http://akashone.localhost',
  );
  await caughtUp(joined.mailPosition!);
  const [mail] =
    await deps.sql`select data->>'mailId' as id, data->>'sealedText' as sealed from eventlog.events where type = 'MailQueued' and data->>'to' = ${`member-${tag}@example.test`}`;
  const text = openMailText(mailKey(mailing.keys), mail!.id as string, mail!.sealed as string);
  const token = /\/invite\/([A-Za-z0-9_-]+)/.exec(text)![1]!;
  await acceptInvitation(
    {
      ...deps,
      findInvitation: async () => ({
        accountId: owners.customerId,
        invitationId: joined.invitationId,
      }),
    },
    OPERATOR_TENANT_ID,
    { token, password: 'a long member password' },
  );
  await suspendUser(deps, admin('suspend'), { userId: staff.userId, reason: 'Access review' });
  await reactivateUser(deps, admin('reactivate'), { userId: staff.userId });
}
