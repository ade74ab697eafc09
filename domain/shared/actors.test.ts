import { describe, expect, it } from 'vitest';
import { AUTOMATION_USER_ID, SYSTEM_USER_ID, systemActorName } from './actors.ts';

describe('actors that are not people', () => {
  it('are named; people and unknown ids are not (the read models name people)', () => {
    expect(systemActorName(SYSTEM_USER_ID)).toBe('System');
    expect(systemActorName(AUTOMATION_USER_ID)).toBe('Billing automation');
    expect(systemActorName('3f0c2a4e-1111-4a4a-8a8a-000000000001')).toBeNull();
    expect(systemActorName('toString')).toBeNull();
    expect(systemActorName('')).toBeNull();
    expect(systemActorName(null)).toBeNull();
    expect(systemActorName(undefined)).toBeNull();
  });
});
