import { describe, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import type { DomainEvent } from '../shared/decider.ts';
import { accountAccessDecider } from './account-access.ts';
import type { AccountAccessEvent } from './access-events.ts';

const given = specFor(accountAccessDecider);
const at = '2026-04-01T10:00:00.000Z';
const customer = 'c0000000-0000-4000-8000-000000000001';
const staff = 's0000000-0000-4000-8000-000000000002';
const admin = 'a0000000-0000-4000-8000-000000000003';
const registered = (userId: string, role: 'customer' | 'admin', staffRole?: string) =>
  ({
    type: 'UserRegistered',
    data: {
      userId,
      email: 'x@example.com',
      name: 'X',
      role,
      ...(staffRole ? { staffRole } : {}),
      passwordHash: 'h',
      registeredAt: at,
    },
  }) as DomainEvent as AccountAccessEvent;
const suspended: AccountAccessEvent = {
  type: 'UserSuspended',
  data: { userId: customer, reason: 'chargeback fraud', suspendedBy: admin, at },
};

describe('suspension', () => {
  it('suspends an active account with a reason, once', () => {
    given([registered(customer, 'customer')])
      .when({ type: 'SuspendUser', reason: ' chargeback fraud ', by: admin, now: at })
      .then([suspended]);
    given([registered(customer, 'customer'), suspended])
      .when({ type: 'SuspendUser', reason: 'again', by: admin, now: at })
      .thenRefuses('CONFLICT');
    given([registered(customer, 'customer')])
      .when({ type: 'SuspendUser', reason: 'x', by: admin, now: at })
      .thenRefuses('BAD_USER_INPUT');
    given([])
      .when({ type: 'SuspendUser', reason: 'unknown user', by: admin, now: at })
      .thenRefuses('NOT_FOUND');
  });

  it('refuses to suspend oneself', () => {
    given([registered(admin, 'admin', 'tenant_admin')])
      .when({ type: 'SuspendUser', reason: 'oops mine', by: admin, now: at })
      .thenRefuses('FORBIDDEN');
  });

  it('reactivates only a suspended account', () => {
    given([registered(customer, 'customer'), suspended])
      .when({ type: 'ReactivateUser', by: admin, now: at })
      .then([{ type: 'UserReactivated', data: { userId: customer, reactivatedBy: admin, at } }]);
    given([registered(customer, 'customer')])
      .when({ type: 'ReactivateUser', by: admin, now: at })
      .thenRefuses('CONFLICT');
  });
});

describe('staff roles', () => {
  it('changes the role of staff, not of customers, not one’s own', () => {
    given([registered(staff, 'admin', 'support')])
      .when({ type: 'AssignStaffRole', staffRole: 'billing', by: admin, now: at })
      .then([
        {
          type: 'StaffRoleAssigned',
          data: {
            userId: staff,
            staffRole: 'billing',
            previousRole: 'support',
            assignedBy: admin,
            at,
          },
        },
      ]);
    given([registered(staff, 'admin', 'support')])
      .when({ type: 'AssignStaffRole', staffRole: 'support', by: admin, now: at })
      .then([]);
    given([registered(customer, 'customer')])
      .when({ type: 'AssignStaffRole', staffRole: 'billing', by: admin, now: at })
      .thenRefuses('BAD_USER_INPUT');
    given([registered(admin, 'admin', 'tenant_admin')])
      .when({ type: 'AssignStaffRole', staffRole: 'super_admin', by: admin, now: at })
      .thenRefuses('FORBIDDEN');
  });
});

describe('impersonation', () => {
  const started: AccountAccessEvent = {
    type: 'ImpersonationStarted',
    data: { userId: customer, impersonatorId: admin, sessionRef: 'ref1', at },
  };
  it('starts on an active customer and ends once, naming the admin', () => {
    given([registered(customer, 'customer')])
      .when({ type: 'StartImpersonation', impersonatorId: admin, sessionRef: 'ref1', now: at })
      .then([started]);
    given([registered(customer, 'customer'), started])
      .when({ type: 'EndImpersonation', sessionRef: 'ref1', now: at })
      .then([
        {
          type: 'ImpersonationEnded',
          data: { userId: customer, impersonatorId: admin, sessionRef: 'ref1', at },
        },
      ]);
    given([registered(customer, 'customer')])
      .when({ type: 'EndImpersonation', sessionRef: 'ref1', now: at })
      .then([]);
  });

  it('refuses staff accounts and suspended customers', () => {
    given([registered(staff, 'admin', 'support')])
      .when({ type: 'StartImpersonation', impersonatorId: admin, sessionRef: 'r', now: at })
      .thenRefuses('BAD_USER_INPUT');
    given([registered(customer, 'customer'), suspended])
      .when({ type: 'StartImpersonation', impersonatorId: admin, sessionRef: 'r', now: at })
      .thenRefuses('CONFLICT');
  });
});
