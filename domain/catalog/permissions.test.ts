import { describe, expect, it } from 'vitest';
import { catalogPermissions } from './permissions.ts';

describe('catalog permissions', () => {
  it('one permission, held by the admins alone (no staff role holds it)', () => {
    expect(Object.keys(catalogPermissions)).toEqual(['catalog.manage']);
    expect(catalogPermissions['catalog.manage'].heldBy).toEqual([]);
    expect(catalogPermissions['catalog.manage'].description).toMatch(
      /^Define and change plans, prices, data centres, add-ons and operating systems; see hidden and retired entries$/,
    );
  });
});
