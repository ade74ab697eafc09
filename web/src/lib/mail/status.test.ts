import { describe, expect, it } from 'vitest';
import { canResend, mailStatusLabel, MAIL_STATUSES, statusFromParam } from './status';

describe('outbox states', () => {
  it('reads the filter from the URL in any case; anything else means every mail', () => {
    expect(statusFromParam('failed')).toBe('FAILED');
    expect(statusFromParam('Retrying')).toBe('RETRYING');
    expect(statusFromParam('bounced')).toBeNull();
    expect(statusFromParam('')).toBeNull();
    expect(statusFromParam(null)).toBeNull();
  });
  it('labels each state in sentence case', () => {
    expect(MAIL_STATUSES.map(mailStatusLabel)).toEqual(['Queued', 'Sent', 'Retrying', 'Failed']);
  });
  it('offers a resend only for mails that left or were given up', () => {
    expect(MAIL_STATUSES.filter(canResend)).toEqual(['SENT', 'FAILED']);
  });
});
