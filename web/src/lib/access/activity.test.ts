import { describe, expect, it } from 'vitest';
import { actorOf, describeActivity } from './activity';

describe('activity lines', () => {
  it('prefers the detail, else names the kind', () => {
    expect(
      describeActivity({ kind: 'TopUpRequested', detail: 'Top-up of ₹1,500.00 requested' }),
    ).toBe('Top-up of ₹1,500.00 requested');
    expect(describeActivity({ kind: 'UserSignedIn', detail: null })).toBe('Signed in');
    expect(describeActivity({ kind: 'SomethingNew', detail: null })).toBe('Something New');
  });

  it('names both the admin and the customer of an impersonated action', () => {
    const asha = { id: 'c', name: 'Asha Verma', email: 'asha@example.com' };
    expect(actorOf({ actor: asha, impersonator: null })).toBe('Asha Verma');
    expect(
      actorOf({
        actor: asha,
        impersonator: { id: 'a', name: 'Administrator', email: 'admin@akashone.com' },
      }),
    ).toBe('Administrator as Asha Verma');
    const admin = { id: 'a', name: 'Administrator', email: 'admin@akashone.com' };
    expect(actorOf({ actor: admin, impersonator: admin })).toBe('Administrator');
  });
});
