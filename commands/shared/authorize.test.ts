import { describe, expect, it } from 'vitest';
import { DomainError } from '../../domain/shared/decider.ts';
import {
  accountOf,
  requireAccountPermission,
  requireCustomer,
  requirePermission,
} from './authorize.ts';
import type { CommandContext } from './handler.ts';
import { inputHash, uuidFrom } from './ids.ts';
import { loadTenant } from './tenant.ts';
import { memoryStore } from './testing/memory-store.ts';

const ctx = (role: string, over: Partial<CommandContext> = {}): CommandContext => ({
  tenantId: 't1',
  actor: { userId: 'u1', role },
  commandId: 'cmd-00001',
  ...over,
});
const refusal = (f: () => unknown): [string, string] => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    return [(e as DomainError).code, (e as DomainError).message];
  }
  throw new Error('not refused');
};

describe('requireCustomer', () => {
  it('lets a customer through, asks the anonymous to sign in, forbids staff', () => {
    expect(requireCustomer(ctx('customer'))).toBeUndefined();
    expect(refusal(() => requireCustomer(ctx('anonymous')))).toEqual([
      'UNAUTHENTICATED',
      'Sign in first.',
    ]);
    expect(refusal(() => requireCustomer(ctx('admin')))).toEqual([
      'FORBIDDEN',
      'Only a customer may do this.',
    ]);
  });
});

describe('requirePermission', () => {
  it('the system may do anything; staff only what they hold', () => {
    expect(requirePermission(ctx('system'), 'wallet.approve')).toBeUndefined();
    expect(
      requirePermission(
        ctx('admin', { permissions: ['wallet.view', 'wallet.approve'] }),
        'wallet.approve',
      ),
    ).toBeUndefined();
    expect(
      refusal(() =>
        requirePermission(ctx('admin', { permissions: ['wallet.view'] }), 'wallet.approve'),
      ),
    ).toEqual(['FORBIDDEN', 'This needs the wallet.approve permission.']);
    expect(refusal(() => requirePermission(ctx('admin'), 'wallet.approve'))).toEqual([
      'FORBIDDEN',
      'This needs the wallet.approve permission.',
    ]);
  });
  it('a customer holding a permission by mistake is still no staff; the anonymous must sign in', () => {
    expect(
      refusal(() =>
        requirePermission(ctx('customer', { permissions: ['wallet.approve'] }), 'wallet.approve'),
      )[0],
    ).toBe('FORBIDDEN');
    expect(
      refusal(() =>
        requirePermission(ctx('anonymous', { permissions: ['wallet.approve'] }), 'wallet.approve'),
      ),
    ).toEqual(['UNAUTHENTICATED', 'Sign in first.']);
  });
});

describe('requireAccountPermission', () => {
  it('the account holder may do everything on their own account', () => {
    expect(requireAccountPermission(ctx('customer'), 'wallet.topup' as never)).toBe('u1');
    expect(
      requireAccountPermission(ctx('customer', { accountId: 'u1' }), 'wallet.topup' as never),
    ).toBe('u1');
  });
  it('a team member only what their role gives, on the account they act for', () => {
    const member = ctx('customer', { accountId: 'owner', accountPermissions: ['billing.view'] });
    expect(requireAccountPermission(member, 'billing.view' as never)).toBe('owner');
    expect(refusal(() => requireAccountPermission(member, 'wallet.topup' as never))).toEqual([
      'FORBIDDEN',
      'Your role on this account does not allow this (wallet.topup).',
    ]);
    // Acting for another account without a role there is refused, even with no permissions given.
    expect(
      refusal(() =>
        requireAccountPermission(ctx('customer', { accountId: 'owner' }), 'billing.view' as never),
      )[0],
    ).toBe('FORBIDDEN');
    // Permissions given for one's own id mean a role was resolved: they bound the holder too.
    expect(
      refusal(() =>
        requireAccountPermission(
          ctx('customer', { accountPermissions: [] }),
          'billing.view' as never,
        ),
      )[0],
    ).toBe('FORBIDDEN');
  });
  it('staff and the anonymous are refused first', () => {
    expect(refusal(() => requireAccountPermission(ctx('admin'), 'billing.view' as never))[0]).toBe(
      'FORBIDDEN',
    );
    expect(
      refusal(() => requireAccountPermission(ctx('anonymous'), 'billing.view' as never))[0],
    ).toBe('UNAUTHENTICATED');
  });
});

describe('loadTenant', () => {
  it('folds the tenant stream; an unknown tenant is not found by name', async () => {
    const store = memoryStore();
    await expect(loadTenant(store, 'acme')).rejects.toThrow(/^Tenant acme not found\.$/);
    const meta = {
      tenantId: 'acme',
      actor: { userId: 'sys', role: 'system' },
      commandId: 'c',
      correlationId: 'c',
      causationId: 'c',
      occurredAt: 'x',
      schemaVersion: 1,
    };
    store.write('tenant-acme', [
      {
        id: 'e1',
        type: 'TenantCreated',
        data: {
          tenantId: 'acme',
          brand: {},
          legal: {},
          topUps: {},
          features: ['wallet'],
          createdAt: 'x',
        },
        metadata: meta,
      },
    ]);
    const tenant = await loadTenant(store, 'acme');
    expect(tenant.exists).toBe(true);
    expect(tenant.tenantId).toBe('acme');
    expect(tenant.features).toEqual(['wallet']);
  });
});

describe('ids', () => {
  it('uuidFrom is a stable version-8 UUID of the name', () => {
    const id = uuidFrom('t1:cmd:stream:0');
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(uuidFrom('t1:cmd:stream:0')).toBe(id);
    expect(uuidFrom('t1:cmd:stream:1')).not.toBe(id);
    // sha256("abc") = ba7816bf 8f01 cfea 4141 40de 5dae2223b00361a396177a9cb410ff61f20015ad
    expect(uuidFrom('abc')).toBe('ba7816bf-8f01-8fea-8141-40de5dae2223');
  });
  it('inputHash is the first 128 bits of sha256', () => {
    expect(inputHash('abc')).toBe('ba7816bf8f01cfea414140de5dae2223');
  });
});

describe('accountOf', () => {
  it('is the customer’s own account, or the one whose team they joined', () => {
    expect(accountOf({ id: 'c-1' })).toBe('c-1');
    expect(accountOf({ id: 'c-1', accountId: null })).toBe('c-1');
    expect(accountOf({ id: 'member-1', accountId: 'owner-1' })).toBe('owner-1');
  });
});
