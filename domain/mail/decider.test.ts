import { describe, expect, it } from 'vitest';
import { specFor } from '../shared/spec.ts';
import {
  MAX_DELIVERY_ATTEMPTS,
  mailDecider,
  retryAt,
  retryDelayMs,
  type MailEvent,
} from './events.ts';

const given = specFor(mailDecider);
const T0 = '2026-12-03T10:00:00.000Z';
const queued: MailEvent = {
  type: 'MailQueued',
  data: {
    mailId: 'm1',
    to: 'asha@example.in',
    subject: 'Welcome',
    kind: 'welcome',
    text: 'Hello',
    causedBy: 'e1',
    queuedAt: T0,
  },
};
const failed = (attempt: number, at: string, retry: string | null): MailEvent => ({
  type: 'MailDeliveryFailed',
  data: { mailId: 'm1', attempt, error: '451 try later', failedAt: at, retryAt: retry },
});
const sent: MailEvent = { type: 'MailSent', data: { mailId: 'm1', sentAt: T0, via: 'smtp' } };
const resend: MailEvent = {
  type: 'MailResendRequested',
  data: { mailId: 'm1', by: 'u-staff', at: T0 },
};

describe('backoff between delivery attempts', () => {
  it('1 min after attempt 1, 5 min after 2, 30 min after 3, 2 h after 4', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 300_000, 1_800_000, 7_200_000]);
  });
  it('after the fifth attempt (and beyond) there is no retry', () => {
    expect(MAX_DELIVERY_ATTEMPTS).toBe(5);
    expect(retryDelayMs(5)).toBeNull();
    expect(retryDelayMs(6)).toBeNull();
    expect(retryAt(5, T0)).toBeNull();
  });
  it('attempts are counted from 1: 0, negatives and fractions are refused', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) expect(() => retryDelayMs(bad)).toThrow(/from 1/);
  });
  it('the retry time is the failure time plus the delay', () => {
    expect(retryAt(1, T0)).toBe('2026-12-03T10:01:00.000Z');
    expect(retryAt(4, T0)).toBe('2026-12-03T12:00:00.000Z');
  });
});

describe('mail delivery decider', () => {
  it('a failed first attempt retries in a minute', () =>
    given([queued])
      .when({ type: 'RecordDeliveryFailure', attempt: 1, error: '451 try later', now: T0 })
      .then([failed(1, T0, '2026-12-03T10:01:00.000Z')]));
  it('the fifth failed attempt gives up (retryAt null)', () =>
    given([queued, failed(1, T0, 'x'), failed(2, T0, 'x'), failed(3, T0, 'x'), failed(4, T0, 'x')])
      .when({ type: 'RecordDeliveryFailure', attempt: 5, error: '451 try later', now: T0 })
      .then([failed(5, T0, null)]));
  it('a permanent error gives up at once', () =>
    given([queued])
      .when({
        type: 'RecordDeliveryFailure',
        attempt: 1,
        error: '451 try later',
        permanent: true,
        now: T0,
      })
      .then([failed(1, T0, null)]));
  it('an attempt reported twice is recorded once', () =>
    given([queued, failed(1, T0, 'x')])
      .when({ type: 'RecordDeliveryFailure', attempt: 1, error: 'again', now: T0 })
      .then([]));
  it('a skipped attempt number is a conflict', () =>
    given([queued])
      .when({ type: 'RecordDeliveryFailure', attempt: 3, error: 'x', now: T0 })
      .thenRefuses('CONFLICT'));
  it('a failure after MailSent records nothing', () =>
    given([queued, sent])
      .when({ type: 'RecordDeliveryFailure', attempt: 1, error: 'x', now: T0 })
      .then([]));
  it('MailSent carries the transport and the provider message id', () =>
    given([queued, failed(1, T0, 'x')])
      .when({ type: 'MarkMailSent', via: 'smtp', providerMessageId: '<abc@mx>', now: T0 })
      .then([
        {
          type: 'MailSent',
          data: { mailId: 'm1', sentAt: T0, via: 'smtp', providerMessageId: '<abc@mx>' },
        },
      ]));
  it('a second MailSent for one delivery records nothing', () =>
    given([queued, sent]).when({ type: 'MarkMailSent', via: 'smtp', now: T0 }).then([]));
  it('staff may resend a FAILED mail', () =>
    given([queued, failed(1, T0, null)])
      .when({ type: 'RequestResend', by: 'u-staff', now: T0 })
      .then([resend]));
  it('staff may resend a SENT mail; the new delivery may be reported sent again', () => {
    given([queued, sent]).when({ type: 'RequestResend', by: 'u-staff', now: T0 }).then([resend]);
    given([queued, sent, resend])
      .when({ type: 'MarkMailSent', via: 'smtp', now: T0 })
      .then([{ type: 'MailSent', data: { mailId: 'm1', sentAt: T0, via: 'smtp' } }]);
  });
  it('after a resend attempts count from 1 again', () =>
    given([queued, failed(1, T0, 'x'), failed(2, T0, null), resend])
      .when({ type: 'RecordDeliveryFailure', attempt: 1, error: '451 try later', now: T0 })
      .then([failed(1, T0, '2026-12-03T10:01:00.000Z')]));
  it('a resend while the mail is queued or retrying is refused', () => {
    given([queued]).when({ type: 'RequestResend', by: 'u', now: T0 }).thenRefuses('CONFLICT');
    given([queued, failed(1, T0, 'x')])
      .when({ type: 'RequestResend', by: 'u', now: T0 })
      .thenRefuses('CONFLICT');
  });
  it('a resend of a mail that does not exist is refused', () =>
    given([]).when({ type: 'RequestResend', by: 'u', now: T0 }).thenRefuses('NOT_FOUND'));
});
