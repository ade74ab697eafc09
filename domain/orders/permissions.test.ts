import { describe, expect, it } from 'vitest';
import { orderPermissions } from './permissions.ts';

describe('order permissions', () => {
  it('billing staff manage orders: see all, place for customers, cancel unpaid ones', () => {
    expect(Object.keys(orderPermissions)).toEqual(['orders.manage']);
    expect(orderPermissions['orders.manage'].heldBy).toEqual(['billing']);
    expect(orderPermissions['orders.manage'].description).toBe(
      'See every order, place orders for customers and cancel unpaid ones',
    );
  });
});
