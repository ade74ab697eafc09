import { describe, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import { hostClaimDecider } from './host-claim.ts';

const given = specFor(hostClaimDecider);
const now = '2026-04-01T10:00:00.000Z';
const host = 'shop.example.net';
const requested = {
  type: 'HostRequested' as const,
  data: { host, tenantId: 'kloudnests', requestedAt: now },
};
const approved = {
  type: 'HostApproved' as const,
  data: { host, tenantId: 'kloudnests', approvedAt: now },
};
const rejected = {
  type: 'HostRejected' as const,
  data: { host, tenantId: 'kloudnests', reason: 'not your trade mark', rejectedAt: now },
};
const claimed = {
  type: 'HostClaimed' as const,
  data: { host, tenantId: 'kloudnests', claimedAt: now },
};

describe('a reseller’s own host waits for the operator', () => {
  it('a request reserves the host for the reseller, pending', () => {
    given([]).when({ type: 'RequestHost', host, tenantId: 'kloudnests', now }).then([requested]);
    given([requested]).when({ type: 'RequestHost', host, tenantId: 'kloudnests', now }).then([]);
    // The reservation holds against everyone else, approved or not.
    given([requested])
      .when({ type: 'RequestHost', host, tenantId: 'other', now })
      .thenRefuses('CONFLICT');
    given([requested])
      .when({ type: 'ClaimHost', host, tenantId: 'other', now })
      .thenRefuses('CONFLICT');
    given([claimed])
      .when({ type: 'RequestHost', host, tenantId: 'other', now })
      .thenRefuses('CONFLICT');
  });

  it('the operator approves a pending host once', () => {
    given([requested])
      .when({ type: 'ApproveHost', host, tenantId: 'kloudnests', now })
      .then([approved]);
    given([requested, approved])
      .when({ type: 'ApproveHost', host, tenantId: 'kloudnests', now })
      .then([]);
    given([])
      .when({ type: 'ApproveHost', host, tenantId: 'kloudnests', now })
      .thenRefuses('NOT_FOUND');
    given([requested])
      .when({ type: 'ApproveHost', host, tenantId: 'other', now })
      .thenRefuses('NOT_FOUND');
  });

  it('the operator naming a requested host for the reseller approves it; an operator claim is approved at once', () => {
    given([requested])
      .when({ type: 'ClaimHost', host, tenantId: 'kloudnests', now })
      .then([approved]);
    given([]).when({ type: 'ClaimHost', host, tenantId: 'kloudnests', now }).then([claimed]);
    given([claimed]).when({ type: 'ClaimHost', host, tenantId: 'kloudnests', now }).then([]);
    // Asking again for a host one already holds changes nothing (it stays approved).
    given([claimed]).when({ type: 'RequestHost', host, tenantId: 'kloudnests', now }).then([]);
  });

  it('a rejection frees the name for anyone', () => {
    given([requested])
      .when({
        type: 'RejectHost',
        host,
        tenantId: 'kloudnests',
        reason: 'not your trade mark',
        now,
      })
      .then([rejected]);
    given([requested, rejected])
      .when({ type: 'RequestHost', host, tenantId: 'other', now })
      .then([{ ...requested, data: { ...requested.data, tenantId: 'other' } }]);
    given([requested, rejected])
      .when({ type: 'ApproveHost', host, tenantId: 'kloudnests', now })
      .thenRefuses('NOT_FOUND');
    given([requested, rejected])
      .when({ type: 'RejectHost', host, tenantId: 'kloudnests', reason: 'again', now })
      .thenRefuses('NOT_FOUND');
    // An approved host is not "rejected"; it leaves by a brand edit (a release).
    given([requested, approved])
      .when({ type: 'RejectHost', host, tenantId: 'kloudnests', reason: 'late', now })
      .thenRefuses('CONFLICT');
  });

  it('a release frees a pending host too', () => {
    const released = {
      type: 'HostReleased' as const,
      data: { host, tenantId: 'kloudnests', releasedAt: now },
    };
    given([requested])
      .when({ type: 'ReleaseHost', host, tenantId: 'kloudnests', now })
      .then([released]);
    given([requested, released])
      .when({ type: 'ClaimHost', host, tenantId: 'other', now })
      .then([{ ...claimed, data: { ...claimed.data, tenantId: 'other' } }]);
  });
});
