import { describe, expect, it } from 'vitest';
import { permissionCatalog } from '../identity/permissions.ts';
import { automationPermissions } from './permissions.ts';

describe('automation permissions', () => {
  const catalog = permissionCatalog([automationPermissions]);
  it('support and billing read; billing runs; only admins change the settings', () => {
    expect(catalog.permissionsOf('support')).toEqual(['automation.read']);
    expect(catalog.permissionsOf('billing')).toEqual(['automation.read', 'automation.run']);
    for (const admin of ['tenant_admin', 'super_admin'])
      expect(catalog.permissionsOf(admin)).toEqual([
        'automation.read',
        'automation.run',
        'automation.settings',
      ]);
    expect(catalog.grantable).toHaveLength(3);
  });
});
