import type { RecordedEvent } from '../../eventstore/types.ts';
import type { UserRegistered } from '../../domain/identity/events.ts';
import type { AccountEvent } from '../../domain/identity/account-events.ts';
import { enableTenantIsolation, type Projector } from '../shared/projector.ts';

type Tx = Parameters<Projector['apply']>[0];

/**
 * Each account's profile and security state, as its settings pages show it: billing profile,
 * whether the email is confirmed, two-factor on or off and how many recovery codes are left,
 * when the password last changed, a lock-out. No secrets: no hashes, no sealed seeds.
 */
export const accountsProjector: Projector = {
  name: 'accounts',
  version: 1,
  handles: new Set([
    'UserRegistered',
    'EmailVerified',
    'PasswordReset',
    'PasswordChanged',
    'ProfileUpdated',
    'TwoFactorEnabled',
    'TwoFactorDisabled',
    'TwoFactorReset',
    'RecoveryCodesRegenerated',
    'SecondFactorVerified',
    'AccountLockedOut',
  ]),
  tables: [{ name: 'accounts', orderBy: 'user_id' }],
  async migrate(tx) {
    await tx.unsafe(`
      create table accounts (
        user_id uuid primary key,
        tenant_id text not null,
        email_verified boolean not null,
        company text,
        phone text,
        address jsonb,
        gstin text,
        profile_updated_at timestamptz,
        password_changed_at timestamptz,
        two_factor_enabled boolean not null default false,
        two_factor_enabled_at timestamptz,
        -- staff must turn it on again at once after turning it off (twoFactorDeadline)
        two_factor_disabled_at timestamptz,
        recovery_codes_total int not null default 0,
        -- indexes of used codes, so applying an event twice cannot count a code twice
        recovery_codes_used int[] not null default '{}',
        locked_until timestamptz
      );
    `);
    await enableTenantIsolation(tx, 'accounts');
  },
  async apply(tx, events) {
    await insertAccounts(
      tx,
      events.filter((e) => e.type === 'UserRegistered'),
    );
    for (const e of events) if (e.type !== 'UserRegistered') await applyChange(tx, e);
  },
};

async function insertAccounts(tx: Tx, events: RecordedEvent[]) {
  if (events.length === 0) return;
  const d = events.map((e) => e.data as UserRegistered['data']);
  await tx`
    insert into accounts (user_id, tenant_id, email_verified)
    select id, tenant_id, verified::boolean
    from (select unnest(${d.map((u) => u.userId)}::uuid[]) as id, unnest(${events.map((e) => e.metadata.tenantId)}::text[]) as tenant_id,
      unnest(${d.map((u) => (u.emailVerified === false ? 'f' : 't'))}::text[]) as verified) x
    on conflict (user_id) do nothing`;
}

async function applyChange(tx: Tx, e: RecordedEvent) {
  const event = e as unknown as AccountEvent;
  const id = event.data.userId;
  switch (event.type) {
    case 'EmailVerified':
      await tx`update accounts set email_verified = true where user_id = ${id}`;
      return;
    case 'PasswordReset':
      await tx`update accounts set email_verified = true, password_changed_at = ${event.data.at}, locked_until = null where user_id = ${id}`;
      return;
    case 'PasswordChanged':
      await tx`update accounts set password_changed_at = ${event.data.at} where user_id = ${id}`;
      return;
    case 'ProfileUpdated': {
      const d = event.data;
      await tx`
        update accounts set company = ${d.company}, phone = ${d.phone}, address = ${d.address ? tx.json(d.address as never) : null},
          gstin = ${d.gstin}, profile_updated_at = ${d.at}
        where user_id = ${id}`;
      return;
    }
    case 'TwoFactorEnabled':
      await tx`
        update accounts set two_factor_enabled = true, two_factor_enabled_at = ${event.data.at},
          two_factor_disabled_at = null, recovery_codes_total = ${event.data.recoveryCodeHashes.length}, recovery_codes_used = '{}'
        where user_id = ${id}`;
      return;
    case 'TwoFactorDisabled':
    case 'TwoFactorReset':
      await tx`
        update accounts set two_factor_enabled = false, two_factor_enabled_at = null, two_factor_disabled_at = ${event.data.at},
          recovery_codes_total = 0, recovery_codes_used = '{}'
        where user_id = ${id}`;
      return;
    case 'RecoveryCodesRegenerated':
      await tx`update accounts set recovery_codes_total = ${event.data.recoveryCodeHashes.length}, recovery_codes_used = '{}' where user_id = ${id}`;
      return;
    case 'SecondFactorVerified':
      if (event.data.recoveryCode === undefined) return;
      await tx`
        update accounts set recovery_codes_used = array(select distinct c from unnest(recovery_codes_used || ${event.data.recoveryCode}::int) c order by c)
        where user_id = ${id}`;
      return;
    case 'AccountLockedOut':
      await tx`update accounts set locked_until = ${event.data.until} where user_id = ${id}`;
      return;
  }
}
