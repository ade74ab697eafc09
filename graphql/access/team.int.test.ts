import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkInMailbox } from '../../server/testing/mailbox.ts';
import { ADMIN, startTestPlatform, type TestPlatform } from '../../server/testing/platform.ts';
import { DEMO_PROOF_PNG } from '../../server/demo.ts';
import { cmd, code, gqlAt, signInAt } from './testing.ts';

const OP = 'akashone.localhost';
const INVITE = `mutation($input: InviteTeamMemberInput!) { inviteTeamMember(input: $input) { id email role status } }`;
const ACCEPT = `mutation($input: AcceptInvitationInput!) { acceptInvitation(input: $input) { email } }`;
const PREVIEW = `query($token: String!) { invitation(token: $token) { email name role accountName } }`;
const TEAM = `{ team { accountId members { id email role } invitations { id email role status } } }`;
const ME = `{ me { id accountId accountRole accountPermissions } }`;
const REQUEST = `mutation($input: RequestTopUpInput!) { requestTopUp(input: $input) { id customer { id } } }`;
const proof = { fileName: 'r.png', contentType: 'image/png', base64: DEMO_PROOF_PNG };

let t: TestPlatform;
let admin: string;
let owner: { id: string; cookie: string };

beforeAll(async () => {
  t = await startTestPlatform();
  admin = await signInAt(t, OP, ADMIN.email, ADMIN.password);
  await gqlAt(
    t,
    OP,
    `mutation($input: SwitchFeatureInput!) { switchFeature(input: $input) { tenantId } }`,
    { input: { commandId: cmd(), feature: 'team-accounts', enabled: true } },
    admin,
  );
  owner = await t.customer('owner@example.com', 'Priya Nair');
});
afterAll(async () => t?.close());

/** The link token from the invitation mail, read from the mailbox (the outbox shows it hidden). */
async function tokenMailedTo(email: string): Promise<string> {
  return linkInMailbox(t.running.platform.mail.mailbox!, email, /\/invite\/([A-Za-z0-9_-]+)/);
}

async function join(email: string, name: string, role: string) {
  const invited = await gqlAt(
    t,
    OP,
    INVITE,
    { input: { commandId: cmd(), email, name, role } },
    owner.cookie,
  );
  expect(invited.errors).toBeUndefined();
  const token = await tokenMailedTo(email);
  await gqlAt(t, OP, ACCEPT, { input: { token, password: 'team-member-password-1' } });
  return { cookie: await signInAt(t, OP, email, 'team-member-password-1'), token };
}

describe('customer teams', () => {
  it('an invitation is mailed with a single-use link; accepting creates the member’s account in the team', async () => {
    const invited = await gqlAt(
      t,
      OP,
      INVITE,
      {
        input: { commandId: cmd(), email: 'Ravi@Example.com', name: 'Ravi Kumar', role: 'billing' },
      },
      owner.cookie,
    );
    expect(invited.data.inviteTeamMember).toMatchObject({
      email: 'ravi@example.com',
      role: 'billing',
      status: 'PENDING',
    });
    const token = await tokenMailedTo('ravi@example.com');
    expect((await gqlAt(t, OP, PREVIEW, { token })).data.invitation).toEqual({
      email: 'ravi@example.com',
      name: 'Ravi Kumar',
      role: 'billing',
      accountName: 'Priya Nair',
    });
    // The log holds only the token's hash.
    const [logged] = await t.running.platform
      .sql`select count(*)::int as n from eventlog.events where type = 'TeamMemberInvited' and data::text like ${'%' + token + '%'}`;
    expect(logged!.n).toBe(0);

    expect(code(await gqlAt(t, OP, ACCEPT, { input: { token, password: 'short' } }))).toBe(
      'BAD_USER_INPUT',
    );
    const accepted = await gqlAt(t, OP, ACCEPT, {
      input: { token, password: 'team-member-password-1' },
    });
    expect(accepted.data.acceptInvitation.email).toBe('ravi@example.com');
    expect(
      code(await gqlAt(t, OP, ACCEPT, { input: { token, password: 'another-password-22' } })),
    ).toBe('NOT_FOUND');
    expect(code(await gqlAt(t, OP, PREVIEW, { token }))).toBe('NOT_FOUND');
    expect(
      code(
        await gqlAt(t, OP, ACCEPT, {
          input: { token: 'x'.repeat(43), password: 'team-member-password-1' },
        }),
      ),
    ).toBe('NOT_FOUND');

    const member = await signInAt(t, OP, 'ravi@example.com', 'team-member-password-1');
    expect((await gqlAt(t, OP, ME, {}, member)).data.me).toMatchObject({
      accountId: owner.id,
      accountRole: 'billing',
      accountPermissions: ['account.view', 'account.billing'],
    });
    const team = (await gqlAt(t, OP, TEAM, {}, owner.cookie)).data.team;
    expect(team.members).toContainEqual(
      expect.objectContaining({ email: 'ravi@example.com', role: 'billing' }),
    );
    expect(team.invitations).toEqual([]);
  });

  it('a billing member adds funds to the account they work for; the activity names them', async () => {
    const member = await signInAt(t, OP, 'ravi@example.com', 'team-member-password-1');
    const req = await gqlAt(
      t,
      OP,
      REQUEST,
      {
        input: {
          commandId: cmd(),
          amount: '750.00',
          method: 'BANK_TRANSFER',
          reference: 'UTR-TEAM-1',
          proof,
        },
      },
      member,
    );
    expect(req.data.requestTopUp.customer.id).toBe(owner.id);
    const ownerSees = (
      await gqlAt(t, OP, `{ topUps { items { id } } }`, {}, owner.cookie)
    ).data.topUps.items.map((i: { id: string }) => i.id);
    expect(ownerSees).toContain(req.data.requestTopUp.id);
    expect(
      (await gqlAt(t, OP, `{ wallet { customerId } }`, {}, member)).data.wallet.customerId,
    ).toBe(owner.id);
    const activity = (
      await gqlAt(t, OP, `{ accountActivity { kind actor { email } } }`, {}, owner.cookie)
    ).data.accountActivity;
    expect(activity).toContainEqual({
      kind: 'TopUpRequested',
      actor: { email: 'ravi@example.com' },
    });
    // A billing member does not manage the team.
    expect(code(await gqlAt(t, OP, TEAM, {}, member))).toBe('FORBIDDEN');
  });

  it('a viewer sees but cannot add funds; the owner changes roles and removes members, whose access ends', async () => {
    const viewer = await join('viewer@example.com', 'Vik Viewer', 'viewer');
    expect(
      (await gqlAt(t, OP, `{ wallet { customerId } }`, {}, viewer.cookie)).data.wallet.customerId,
    ).toBe(owner.id);
    expect(
      code(
        await gqlAt(
          t,
          OP,
          REQUEST,
          {
            input: {
              commandId: cmd(),
              amount: '750.00',
              method: 'BANK_TRANSFER',
              reference: 'UTR-NO',
              proof,
            },
          },
          viewer.cookie,
        ),
      ),
    ).toBe('FORBIDDEN');
    const memberId = (await gqlAt(t, OP, ME, {}, viewer.cookie)).data.me.id;
    const changed = await gqlAt(
      t,
      OP,
      `mutation($input: ChangeTeamMemberRoleInput!) { changeTeamMemberRole(input: $input) { id role } }`,
      { input: { commandId: cmd(), memberId, role: 'account_admin' } },
      owner.cookie,
    );
    expect(changed.data.changeTeamMemberRole.role).toBe('account_admin');
    expect((await gqlAt(t, OP, TEAM, {}, viewer.cookie)).data.team.accountId).toBe(owner.id);
    const removed = await gqlAt(
      t,
      OP,
      `mutation($input: RemoveTeamMemberInput!) { removeTeamMember(input: $input) }`,
      { input: { commandId: cmd(), memberId } },
      owner.cookie,
    );
    expect(removed.data.removeTeamMember).toBe(true);
    expect((await gqlAt(t, OP, ME, {}, viewer.cookie)).data.me).toBeNull();
  });

  it('refuses duplicates, bad roles and invitations by someone without account.team', async () => {
    expect(
      code(
        await gqlAt(
          t,
          OP,
          INVITE,
          { input: { commandId: cmd(), email: 'ravi@example.com', name: 'Ravi', role: 'viewer' } },
          owner.cookie,
        ),
      ),
    ).toBe('CONFLICT');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          INVITE,
          { input: { commandId: cmd(), email: 'new@example.com', name: 'New', role: 'owner' } },
          owner.cookie,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          INVITE,
          { input: { commandId: cmd(), email: 'nope', name: 'New', role: 'viewer' } },
          owner.cookie,
        ),
      ),
    ).toBe('BAD_USER_INPUT');
    const member = await signInAt(t, OP, 'ravi@example.com', 'team-member-password-1');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          INVITE,
          { input: { commandId: cmd(), email: 'other@example.com', name: 'O', role: 'viewer' } },
          member,
        ),
      ),
    ).toBe('FORBIDDEN');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          INVITE,
          { input: { commandId: cmd(), email: 'other@example.com', name: 'O', role: 'viewer' } },
          admin,
        ),
      ),
    ).toBe('FORBIDDEN');
  });

  it('an invitation to an email that already has an account cannot be accepted, and nothing joins', async () => {
    await t.customer('taken@example.com', 'Already Here');
    await gqlAt(
      t,
      OP,
      INVITE,
      { input: { commandId: cmd(), email: 'taken@example.com', name: 'Taken', role: 'viewer' } },
      owner.cookie,
    );
    const token = await tokenMailedTo('taken@example.com');
    expect(
      code(await gqlAt(t, OP, ACCEPT, { input: { token, password: 'team-member-password-1' } })),
    ).toBe('CONFLICT');
    const team = (await gqlAt(t, OP, TEAM, {}, owner.cookie)).data.team;
    expect(team.members.map((m: { email: string }) => m.email)).not.toContain('taken@example.com');
  });

  it('the team feature switched off refuses team operations', async () => {
    await gqlAt(
      t,
      OP,
      `mutation($input: SwitchFeatureInput!) { switchFeature(input: $input) { tenantId } }`,
      { input: { commandId: cmd(), feature: 'team-accounts', enabled: false } },
      admin,
    );
    expect(code(await gqlAt(t, OP, TEAM, {}, owner.cookie))).toBe('FORBIDDEN');
    expect(
      code(
        await gqlAt(
          t,
          OP,
          INVITE,
          { input: { commandId: cmd(), email: 'late@example.com', name: 'Late', role: 'viewer' } },
          owner.cookie,
        ),
      ),
    ).toBe('FORBIDDEN');
  });
});
