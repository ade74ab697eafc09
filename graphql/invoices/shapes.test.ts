import { describe, expect, it } from 'vitest';
import { recorderName } from './shapes.ts';

const staffId = '3f0c2a4e-1111-4a4a-8a8a-000000000001';

describe('who recorded a payment', () => {
  it('a person by name; automation and the platform by theirs; an unnamed person is "staff" to a customer', () => {
    expect(recorderName(staffId, 'Asha Rao', true)).toBe('Asha Rao');
    expect(recorderName('automation', null, true)).toBe('Billing automation');
    expect(recorderName('automation', null, false)).toBe('Billing automation');
    expect(recorderName('system', null, true)).toBe('System');
    expect(recorderName(staffId, null, true)).toBe('staff');
    expect(recorderName(staffId, null, false)).toBe(staffId);
  });
});
