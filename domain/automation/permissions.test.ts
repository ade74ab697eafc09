import { describe, expect, it } from 'vitest';
import { permissionCatalog } from '../identity/permissions.ts';
import { automationPermissions } from './permissions.ts';

describe('automation permissions', () => {
  const catalog = () => permissionCatalog([automationPermissions]);

  it('declares who holds each', () => {
    expect(Object.keys(automationPermissions)).toEqual([
      'automation.read',
      'automation.run',
      'automation.settings',
    ]);
    expect(automationPermissions['automation.read'].heldBy).toEqual(['support', 'billing']);
    expect(automationPermissions['automation.run'].heldBy).toEqual(['billing']);
    expect(automationPermissions['automation.settings'].heldBy).toEqual([]);
  });

  it('support and billing read; billing runs; only admins change the settings', () => {
    expect(catalog().permissionsOf('support')).toEqual(['automation.read']);
    expect(catalog().permissionsOf('billing')).toEqual(['automation.read', 'automation.run']);
    for (const admin of ['tenant_admin', 'super_admin'])
      expect(catalog().permissionsOf(admin)).toEqual([
        'automation.read',
        'automation.run',
        'automation.settings',
      ]);
    expect(catalog().grantable).toEqual(catalog().all);
  });

  it('describes each for the roles page', () => {
    expect(catalog().describe('automation.read')).toMatch(/^See billing automation/);
    expect(catalog().describe('automation.run')).toMatch(/^Run billing automation now/);
    expect(catalog().describe('automation.settings')).toMatch(/^Change the billing automation/);
  });
});
