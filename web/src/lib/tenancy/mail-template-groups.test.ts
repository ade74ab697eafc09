import { describe, expect, it } from 'vitest';
import { groupOf, grouped, insertVariable } from './mail-template-groups';

describe('mail template groups', () => {
  it('puts each kind the platform sends in its group', () => {
    expect(groupOf('reset-password')).toBe('Account');
    expect(groupOf('team-invitation')).toBe('Account');
    expect(groupOf('two-factor-reset')).toBe('Account');
    expect(groupOf('top-up-approved')).toBe('Wallet');
    expect(groupOf('renewal-invoice')).toBe('Orders & billing');
    expect(groupOf('invoice-reminder')).toBe('Orders & billing');
    expect(groupOf('service-welcome')).toBe('Services');
    expect(groupOf('cancellation-confirmed')).toBe('Services');
    expect(groupOf('payment-received')).toBe('Orders & billing');
    expect(groupOf('credit-note')).toBe('Orders & billing');
    expect(groupOf('ticket-opened')).toBe('Tickets');
    expect(groupOf('newsletter')).toBe('Other');
  });

  it('lists the groups in order, without empty ones, keeping the order within a group', () => {
    const kinds = ['ticket-opened', 'top-up-rejected', 'verify-email', 'top-up-approved'].map(
      (kind) => ({ kind }),
    );
    expect(grouped(kinds).map(([g, list]) => [g, list.map((k) => k.kind)])).toEqual([
      ['Account', ['verify-email']],
      ['Wallet', ['top-up-rejected', 'top-up-approved']],
      ['Tickets', ['ticket-opened']],
    ]);
  });
});

describe('insertVariable', () => {
  it('replaces the selection with the placeholder and puts the caret after it', () => {
    expect(insertVariable('Hello , bye', 'name', 6)).toEqual({
      text: 'Hello {{name}}, bye',
      caret: 14,
    });
    expect(insertVariable('Hello X!', 'name', 6, 7)).toEqual({
      text: 'Hello {{name}}!',
      caret: 14,
    });
    expect(insertVariable('Hi', 'brand')).toEqual({ text: 'Hi{{brand}}', caret: 11 });
    // A selection past the end (the text changed meanwhile) is clamped.
    expect(insertVariable('Hi', 'brand', 10, 12)).toEqual({ text: 'Hi{{brand}}', caret: 11 });
  });
});
