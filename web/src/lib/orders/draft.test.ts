import { describe, expect, it } from 'vitest';
import {
  canShow,
  draftSearch,
  emptyDraft,
  hostnameProblem,
  itemOf,
  missingStep,
  readDraft,
  type OrderDraft,
} from './draft';

const full: OrderDraft = {
  step: 'review',
  kind: 'VDS',
  planId: 'plan-1',
  cycle: 'ANNUAL',
  operatingSystemId: 'os-1',
  dataCentreId: 'dc-1',
  hostname: 'Web1.Example.com',
  addons: [
    { addonId: 'ip', quantity: 2 },
    { addonId: 'ssl', quantity: 1 },
  ],
};

const at = (search: string) => new URL(`https://portal.test/order${search}`);

describe('order draft in the URL', () => {
  it('round-trips every choice', () => {
    expect(readDraft(at(draftSearch(full)))).toEqual(full);
  });

  it('writes add-on quantities compactly', () => {
    expect(draftSearch(full)).toContain('addon=ip*2&addon=ssl');
  });

  it('drops values that are not ours', () => {
    const d = readDraft(
      at('?step=pay&kind=CLOUD&cycle=WEEKLY&addon=a*0&addon=b*65&addon=c*x&addon=d&addon=d*3'),
    );
    expect(d.step).toBe('plan');
    expect(d.kind).toBe('VPS');
    expect(d.cycle).toBe('');
    expect(d.addons).toEqual([{ addonId: 'd', quantity: 1 }]);
  });

  it('reads an empty URL as the empty draft', () => {
    expect(readDraft(at(''))).toEqual(emptyDraft);
  });
});

describe('steps cannot be skipped', () => {
  it('names the first incomplete step', () => {
    expect(missingStep(emptyDraft)).toBe('plan');
    expect(missingStep({ ...full, hostname: 'bad_host' })).toBe('configure');
    expect(missingStep({ ...full, dataCentreId: '' })).toBe('configure');
    expect(missingStep(full)).toBeNull();
  });

  it('shows a step only when the earlier ones are done', () => {
    const noHost = { ...full, hostname: '' };
    expect(canShow(noHost, 'configure')).toBe(true);
    expect(canShow(noHost, 'addons')).toBe(false);
    expect(canShow(noHost, 'review')).toBe(false);
    expect(canShow(full, 'review')).toBe(true);
  });

  it('builds the API item only for a complete draft, host name in lower case', () => {
    expect(itemOf({ ...full, cycle: '' })).toBeNull();
    expect(itemOf(full)).toEqual({
      planId: 'plan-1',
      cycle: 'ANNUAL',
      operatingSystemId: 'os-1',
      dataCentreId: 'dc-1',
      hostname: 'web1.example.com',
      addons: [
        { addonId: 'ip', quantity: 2 },
        { addonId: 'ssl', quantity: 1 },
      ],
    });
  });
});

describe('hostnameProblem (RFC 1123)', () => {
  it.each(['web1', 'web1.example.com', 'a-b.c-d.in', '1.example.com', 'x'.repeat(63) + '.com'])(
    'accepts %s',
    (name) => expect(hostnameProblem(name)).toBeNull(),
  );
  it.each([
    ['', 'Enter a host name'],
    ['web_1.example.com', 'Only letters'],
    ['web 1', 'Only letters'],
    ['-web.example.com', 'hyphen'],
    ['web-.example.com', 'hyphen'],
    ['web..example.com', 'empty labels'],
    ['example.com.', 'empty labels'],
    ['x'.repeat(64) + '.com', '63'],
    [('a'.repeat(60) + '.').repeat(5), '253'],
  ])('refuses %j', (name, why) => expect(hostnameProblem(name)).toContain(why));
});
