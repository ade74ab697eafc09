import { describe, expect, it } from 'vitest';
import { accountPermissionsOf, ACCOUNT_OWNER } from '../access/account-roles.ts';
import { permissionCatalog } from '../identity/permissions.ts';
import { servicePermissions } from './permissions.ts';

describe('service permissions', () => {
  const catalog = () => permissionCatalog([servicePermissions]);

  it('declares who holds each', () => {
    expect(servicePermissions['services.read'].heldBy).toEqual(['support', 'billing']);
    expect(servicePermissions['services.manage'].heldBy).toEqual([]);
    expect(servicePermissions['services.credentials'].heldBy).toEqual([]);
  });

  it('support and billing read services; only admins manage them and reveal credentials', () => {
    expect(Object.keys(servicePermissions)).toEqual([
      'services.read',
      'services.manage',
      'services.credentials',
    ]);
    expect(catalog().permissionsOf('support')).toEqual(['services.read']);
    expect(catalog().permissionsOf('billing')).toEqual(['services.read']);
    expect(catalog().permissionsOf('tenant_admin')).toEqual([
      'services.read',
      'services.manage',
      'services.credentials',
    ]);
    expect(catalog().permissionsOf('super_admin')).toEqual([
      'services.read',
      'services.manage',
      'services.credentials',
    ]);
    expect(catalog().grantable).toEqual(catalog().all);
  });

  it('describes each for the roles page', () => {
    expect(catalog().describe('services.credentials')).toMatch(/every reveal is recorded/);
    expect(catalog().describe('services.manage')).toMatch(/^Provision, allocate/);
    expect(catalog().describe('services.read')).toMatch(/^See every service/);
  });
});

describe('account.services', () => {
  it('the owner and account admins may reveal, run actions and cancel; billing and viewers may not', () => {
    expect(accountPermissionsOf(ACCOUNT_OWNER)).toContain('account.services');
    expect(accountPermissionsOf('account_admin')).toEqual([
      'account.view',
      'account.billing',
      'account.team',
      'account.services',
    ]);
    expect(accountPermissionsOf('billing')).not.toContain('account.services');
    expect(accountPermissionsOf('viewer')).toEqual(['account.view']);
  });
});
