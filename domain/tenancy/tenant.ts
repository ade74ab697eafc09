import { badInput, conflict, type Decider } from '../shared/decider.ts';
import { parseInr } from '../shared/money.ts';
import type { Brand, LegalProfile, TenantEvent, TopUpSettings } from './events.ts';

export type TenantCommand = {
  type: 'CreateTenant';
  tenantId: string;
  brand: Brand;
  legal: LegalProfile;
  topUps: TopUpSettings;
  features: string[];
  now: string;
};

function decide(command: TenantCommand, state: { exists: boolean }): TenantEvent[] {
  if (state.exists) throw conflict(`tenant ${command.tenantId} already exists`);
  if (!/^[a-z0-9][a-z0-9-]{1,40}$/.test(command.tenantId)) throw badInput('tenantId', 'use 2–41 lower-case letters, digits or dashes');
  const min = parseInr(command.topUps.minAmount, 'topUps.minAmount');
  const max = parseInr(command.topUps.maxAmount, 'topUps.maxAmount');
  if (min.lte(0) || max.lt(min)) throw badInput('topUps.maxAmount', 'top-up limits need 0 < minimum ≤ maximum');
  const { tenantId, brand, legal, topUps, features, now } = command;
  return [{ type: 'TenantCreated', data: { tenantId, brand, legal, topUps, features, createdAt: now } }];
}

export const tenantDecider: Decider<TenantCommand, TenantEvent, { exists: boolean }> = {
  initialState: { exists: false },
  decide,
  evolve: () => ({ exists: true }),
};
