import { describe, expect, it } from 'vitest';
import {
  canResend,
  mailKindLabel,
  mailStatusLabel,
  MAIL_STATUSES,
  statusFromParam,
} from './status';

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
  it('names a mail kind in words, keeping the hyphenated compounds', () => {
    expect(mailKindLabel('reset-password')).toBe('Reset password');
    expect(mailKindLabel('top-up-approved')).toBe('Top-up approved');
    expect(mailKindLabel('two-factor-on')).toBe('Two-factor on');
    expect(mailKindLabel('ticket-staff-reply')).toBe('Ticket staff reply');
    expect(mailKindLabel('ticket-auto-closed')).toBe('Ticket auto-closed');
    expect(mailKindLabel('mail')).toBe('Mail');
  });
});
