import { describe, expect, it } from 'vitest';
import { fold } from '../shared/decider.ts';
import { specFor } from '../shared/spec.ts';
import { walletDecider, type WalletCommand } from './decider.ts';
import type { WalletEvent } from './events.ts';

const given = specFor(walletDecider);
const now = '2027-02-21T04:30:00.000Z';
const setCmd = (enabled: boolean): WalletCommand => ({
  type: 'SetAutoPay',
  customerId: 'c1',
  enabled,
  setBy: 'u1',
  now,
});
const set = (enabled: boolean): WalletEvent => ({
  type: 'AutoPaySet',
  data: { customerId: 'c1', enabled, setBy: 'u1', setAt: now },
});

describe('wallet: auto-pay choice', () => {
  it('is on until the customer sets it', () => {
    expect(walletDecider.initialState.autoPay).toBe(true);
    given([]).when(setCmd(true)).then([]);
  });

  it('turning it off and on again writes each change', () => {
    given([])
      .when(setCmd(false))
      .then([set(false)]);
    given([set(false)])
      .when(setCmd(true))
      .then([set(true)]);
    const s = fold(walletDecider, [set(false)]);
    expect(s.autoPay).toBe(false);
    expect(s.customerId).toBe('c1');
    expect(s.balance.toFixed(2)).toBe('0.00');
  });

  it('the same value again: nothing more', () => {
    given([set(false)])
      .when(setCmd(false))
      .then([]);
    given([set(false), set(true)])
      .when(setCmd(true))
      .then([]);
  });

  it('refuses a value that is not true or false', () =>
    given([])
      .when({ ...setCmd(false), enabled: 'no' } as unknown as WalletCommand)
      .thenRefuses('BAD_USER_INPUT', /true or false/));

  it('an event of a later version changes nothing', () => {
    const s = fold(walletDecider, [set(false)]);
    expect(walletDecider.evolve(s, { type: 'SomethingNew', data: {} } as never)).toBe(s);
  });
});
