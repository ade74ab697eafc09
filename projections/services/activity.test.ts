import { describe, expect, it } from 'vitest';
import { recordedEvents } from '../shared/testing/projector-spec.ts';
import { serviceActivity } from './activity.ts';

/** The services' lines in the account activity log (the activity projector stores them as given). */
const CUSTOMER = '22222222-2222-4222-8222-222222222222';
const MEMBER = '33333333-3333-4333-8333-333333333333';
const ADMIN = '55555555-5555-4555-8555-555555555555';
const base = { tenantId: 't', serviceId: '11111111-1111-4111-8111-111111111111' };
const origin = { kind: 'ORDER', orderId: 'o', itemNo: 1, invoiceId: 'i' } as const;

const line = (type: string, data: Record<string, unknown>) =>
  serviceActivity.describe(recordedEvents([{ type, data: { ...base, ...data } }])[0]!);

describe('service activity', () => {
  it('created, provisioned and cancelled go to the account the event names', () => {
    expect(
      line('ServiceCreated', {
        customerId: CUSTOMER,
        origin,
        hostname: 'web.example.com',
        planName: 'VPS Pro',
        createdAt: '2026-05-01T10:00:00.000Z',
      }),
    ).toEqual({
      userId: CUSTOMER,
      detail: 'Server web.example.com (VPS Pro) ordered, waiting to be provisioned',
      at: '2026-05-01T10:00:00.000Z',
    });
    expect(
      line('ServiceProvisioned', {
        customerId: CUSTOMER,
        hostname: 'web.example.com',
        ipAddresses: ['203.0.113.10'],
        ssh: { username: 'root', port: 22, passwordSealed: 'v1.a.b.c' },
        provisionedAt: '2026-05-01T10:05:00.000Z',
      }),
    ).toMatchObject({
      userId: CUSTOMER,
      detail: 'Server web.example.com is ready at 203.0.113.10',
    });
    expect(
      line('ServiceCancelled', {
        customerId: CUSTOMER,
        origin,
        reason: 'no capacity',
        creditToWallet: true,
        cancelledAt: '2026-05-02T10:00:00.000Z',
      }),
    ).toMatchObject({
      userId: CUSTOMER,
      detail:
        'A server that was not provisioned was cancelled: no capacity; its price is credited to the wallet',
    });
  });

  it('a customer’s reveal goes to whoever revealed (naming the admin acting as them); a staff reveal is not the account’s', () => {
    expect(
      line('ServiceCredentialsRevealed', {
        revealedBy: MEMBER,
        as: 'CUSTOMER',
        impersonatedBy: ADMIN,
        revealedAt: '2026-05-03T10:00:00.000Z',
      }),
    ).toEqual({
      userId: MEMBER,
      detail: 'Server credentials revealed',
      at: '2026-05-03T10:00:00.000Z',
      impersonatorId: ADMIN,
    });
    expect(
      line('ServiceCredentialsRevealed', {
        revealedBy: ADMIN,
        as: 'STAFF',
        impersonatedBy: null,
        revealedAt: '2026-05-03T10:00:00.000Z',
      }),
    ).toBeNull();
  });

  it('never puts a credential in a line', () => {
    const text = JSON.stringify(
      line('ServiceProvisioned', {
        customerId: CUSTOMER,
        hostname: 'h.example.com',
        ipAddresses: ['203.0.113.1'],
        ssh: { username: 'root', port: 22, passwordSealed: 'v1.SEALED.x.y' },
        controlPanel: { url: 'https://h', username: 'u', passwordSealed: 'v1.CP.x.y' },
        provisionedAt: '2026-05-01T10:05:00.000Z',
      }),
    );
    expect(text).not.toContain('SEALED');
    expect(text).not.toContain('v1.');
  });
});
