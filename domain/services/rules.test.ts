import { describe, expect, it } from 'vitest';
import type { OrderLine, PricedItem } from '../orders/pricing.ts';
import { DomainError } from '../shared/decider.ts';
import {
  actionsOf,
  checkControlPanel,
  checkIpAddresses,
  checkNotes,
  checkReason,
  checkSnapshotName,
  checkSsh,
  isControlPanelAddon,
  isIpv4,
  isIpv6,
  recurringAmountOf,
  retryAtOf,
} from './rules.ts';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('BAD_USER_INPUT');
    return e as DomainError;
  }
  throw new Error('expected a refusal');
};
const pathOf = (f: () => unknown) => refusal(f).issues[0]!.path.join('.');

const line = (
  itemNo: number,
  kind: OrderLine['source']['kind'],
  refId: string,
  unitPrice: string,
  quantity = '1',
): OrderLine => ({
  description: `${kind} ${refId}`,
  sac: '998315',
  quantity,
  unitPrice,
  source: { itemNo, kind, refId },
});

const item: PricedItem = {
  itemNo: 2,
  planId: 'plan-vps',
  planName: 'VPS Pro',
  planKind: 'VPS',
  cycle: 'MONTHLY',
  months: 1,
  operatingSystemId: 'os-win',
  operatingSystemName: 'Windows Server 2022',
  dataCentreId: 'dc-mum',
  dataCentreName: 'Mumbai',
  hostname: 'web2.example.com',
  addons: [
    { addonId: 'addon-cpanel', name: 'cPanel/WHM', quantity: 1, recurring: true },
    { addonId: 'addon-ipv4', name: 'Extra IPv4', quantity: 3, recurring: true },
    { addonId: 'addon-ssl', name: 'SSL Standard', quantity: 1, recurring: false },
  ],
};

describe('recurringAmountOf', () => {
  it('sums the plan, OS licence and recurring add-ons of its item (qty × unit price), not the setup fee nor one-time add-ons', () => {
    const lines = [
      line(1, 'PLAN', 'plan-other', '5000.00'),
      line(2, 'PLAN', 'plan-vps', '1234.56'),
      line(2, 'SETUP_FEE', 'plan-vps', '499.00'),
      line(2, 'ADDON', 'addon-cpanel', '449.00'),
      line(2, 'ADDON', 'addon-ipv4', '299.00', '3'),
      line(2, 'ADDON', 'addon-ssl', '1499.00'),
      line(2, 'OS_LICENCE', 'os-win', '1100.00'),
      line(1, 'ADDON', 'addon-cpanel', '449.00'),
    ];
    // 1234.56 + 449 + 3 × 299 + 1100
    expect(recurringAmountOf(item, lines)).toBe('3680.56');
  });

  it('adds fractional paise exactly, then rounds half up once', () => {
    const lines = [
      line(2, 'PLAN', 'plan-vps', '1000.005'),
      line(2, 'ADDON', 'addon-ipv4', '0.3333', '3'),
    ];
    // 1000.005 + 0.9999 = 1001.0049 → 1001.00 (rounding each line first would give 1001.01)
    expect(recurringAmountOf(item, lines)).toBe('1001.00');
    expect(recurringAmountOf(item, [line(2, 'PLAN', 'plan-vps', '0.125')])).toBe('0.13');
    expect(recurringAmountOf(item, [line(2, 'PLAN', 'plan-vps', '0.124')])).toBe('0.12');
  });

  it('goes by the line’s kind, not only its id (a setup fee whose id is also a recurring add-on’s)', () => {
    expect(recurringAmountOf(item, [line(2, 'SETUP_FEE', 'addon-cpanel', '499.00')])).toBe('0.00');
  });

  it('is zero when the item has no recurring line', () => {
    expect(recurringAmountOf(item, [line(2, 'ADDON', 'addon-ssl', '1499.00')])).toBe('0.00');
    expect(recurringAmountOf(item, [line(2, 'ADDON', 'addon-unknown', '10.00')])).toBe('0.00');
  });
});

describe('isControlPanelAddon', () => {
  it.each([
    'cPanel/WHM',
    'Plesk',
    'Plesk Obsidian',
    'cpanel',
    'WHM',
    'DirectAdmin',
    'Webmin',
    'Control panel',
  ])('%s is a control panel', (name) => expect(isControlPanelAddon(name)).toBe(true));
  it.each([
    'SSL Standard',
    'SSL Wildcard',
    'Daily Backup',
    'Extra IPv4',
    'Priority Support',
    'Panelling',
    'WHMCS-free',
  ])('%s is not', (name) => expect(isControlPanelAddon(name)).toBe(false));
});

describe('actionsOf', () => {
  const all = ['START', 'STOP', 'REBOOT', 'RESET_PASSWORD', 'SNAPSHOTS'] as const;
  it('is the module’s actions while ACTIVE', () => {
    expect(actionsOf('ACTIVE', 'CLOUDSTACK', all)).toEqual([...all]);
    expect(actionsOf('ACTIVE', 'CLOUDSTACK', ['REBOOT'])).toEqual(['REBOOT']);
  });
  it('follows the power state: a running server is not started, a stopped one not stopped or rebooted', () => {
    expect(actionsOf('ACTIVE', 'CLOUDSTACK', all, 'RUNNING')).toEqual([
      'STOP',
      'REBOOT',
      'RESET_PASSWORD',
      'SNAPSHOTS',
    ]);
    expect(actionsOf('ACTIVE', 'CLOUDSTACK', all, 'STOPPED')).toEqual([
      'START',
      'RESET_PASSWORD',
      'SNAPSHOTS',
    ]);
    expect(actionsOf('ACTIVE', 'CLOUDSTACK', all, null)).toEqual([...all]);
  });
  it('is nothing otherwise, and nothing for a server provisioned by hand', () => {
    for (const status of [
      'NONE',
      'PENDING',
      'PROVISIONING',
      'PROVISIONING_FAILED',
      'SUSPENDED',
      'TERMINATED',
      'CANCELLED',
    ] as const)
      expect(actionsOf(status, 'CLOUDSTACK', all)).toEqual([]);
    expect(actionsOf('ACTIVE', 'MANUAL', all)).toEqual([]);
  });
});

describe('retryAtOf: after 1, 10 and 60 minutes, then staff', () => {
  const now = '2026-05-01T10:00:00.000Z';
  const retryable = { code: '530', message: 'Busy.', retryable: true };
  it.each([
    [1, '2026-05-01T10:01:00.000Z'],
    [2, '2026-05-01T10:10:00.000Z'],
    [3, '2026-05-01T11:00:00.000Z'],
    [4, null],
    [5, null],
  ])('attempt %i → %s', (attempt, at) => expect(retryAtOf(attempt, retryable, now)).toBe(at));
  it('never for an error that will not pass on another try', () => {
    expect(retryAtOf(1, { code: '431', message: 'Bad param.', retryable: false }, now)).toBeNull();
  });
});

describe('field checks', () => {
  it('reasons are trimmed, 1 to 500 characters', () => {
    expect(checkReason('  late payment  ')).toBe('late payment');
    expect(checkReason('x'.repeat(500))).toHaveLength(500);
    expect(pathOf(() => checkReason('   '))).toBe('reason');
    expect(refusal(() => checkReason('')).message).toMatch(/Give a reason/);
    expect(refusal(() => checkReason('x'.repeat(501))).message).toMatch(/at most 500/);
    expect(pathOf(() => checkReason(undefined as unknown as string, 'why'))).toBe('why');
  });

  it('notes are trimmed, at most 2000, may be empty', () => {
    expect(checkNotes('  rack 4 ')).toBe('rack 4');
    expect(checkNotes(undefined)).toBe('');
    expect(checkNotes(null)).toBe('');
    expect(checkNotes('x'.repeat(2000))).toHaveLength(2000);
    expect(pathOf(() => checkNotes('x'.repeat(2001)))).toBe('notes');
  });

  it('IPv4: four decimal octets up to 255, no leading zeros', () => {
    for (const ip of ['0.0.0.0', '10.0.0.1', '203.0.113.255', '255.255.255.255', '1.20.199.9'])
      expect(isIpv4(ip)).toBe(true);
    for (const ip of [
      '256.1.1.1',
      '1.2.3',
      '1.2.3.4.5',
      '01.2.3.4',
      '1.2.3.x',
      '1..3.4',
      '1.2.3.4 ',
      '1000.1.1.1',
      '',
    ])
      expect(isIpv4(ip)).toBe(false);
  });

  it('IPv6: eight groups, one :: at most, an IPv4 tail', () => {
    for (const ip of [
      '::',
      '::1',
      '1::',
      '2001:db8::8a2e:370:7334',
      '2001:0db8:0000:0000:0000:ff00:0042:8329',
      'fe80::1:2:3:4:5:6',
      '1:2:3:4:5:6:7::',
      '::ffff:192.0.2.1',
      '64:ff9b::192.0.2.33',
      '1:2:3:4:5:6:1.2.3.4',
      'ABCD::EF',
    ])
      expect(isIpv6(ip), ip).toBe(true);
    for (const ip of [
      '1:2:3:4:5:6:7',
      '1:2:3:4:5:6:7:8:9',
      '1::2::3',
      ':1::',
      '::1:',
      '12345::',
      'g::1',
      'fe80::1%eth0',
      '1:2:3:4:5:6:7:8::',
      '::1.2.3',
      '1.2.3.4',
      '1:2:3:4:5:6:7:1.2.3.4',
      '::1.2.3.4:5',
      '1:2:3:4::5:6:7:8::',
      '1::2::3::4',
      '',
      ':',
    ])
      expect(isIpv6(ip), ip).toBe(false);
  });

  it('IP addresses: 1 to 16, trimmed, IPv6 in lower case, no duplicates, each refusal naming its entry', () => {
    expect(checkIpAddresses([' 203.0.113.7 ', '2001:DB8::1'])).toEqual([
      '203.0.113.7',
      '2001:db8::1',
    ]);
    expect(checkIpAddresses(Array.from({ length: 16 }, (_, i) => `10.0.0.${i}`))).toHaveLength(16);
    expect(pathOf(() => checkIpAddresses([]))).toBe('ipAddresses');
    expect(refusal(() => checkIpAddresses([])).message).toBe(
      'Give 1 to 16 IP addresses (ipAddresses).',
    );
    expect(refusal(() => checkIpAddresses(['x'.repeat(100)])).message).toBe(
      `"${'x'.repeat(60)}" is not an IPv4 or IPv6 address (ipAddresses.0).`,
    );
    expect(
      pathOf(() => checkIpAddresses(Array.from({ length: 17 }, (_, i) => `10.0.0.${i}`))),
    ).toBe('ipAddresses');
    expect(pathOf(() => checkIpAddresses('10.0.0.1' as unknown as string[]))).toBe('ipAddresses');
    expect(pathOf(() => checkIpAddresses(['10.0.0.1', 'server']))).toBe('ipAddresses.1');
    expect(refusal(() => checkIpAddresses(['10.0.0.1', 'server'])).message).toMatch(
      /"server" is not an IPv4 or IPv6 address/,
    );
    expect(pathOf(() => checkIpAddresses([7 as unknown as string]))).toBe('ipAddresses.0');
    expect(pathOf(() => checkIpAddresses(['2001:db8::1', '2001:DB8::1']))).toBe('ipAddresses.1');
    expect(refusal(() => checkIpAddresses(['10.0.0.1', '10.0.0.1'])).message).toMatch(
      /10\.0\.0\.1 is given twice/,
    );
  });

  it('SSH: user 1 to 64 printable characters, port 1 to 65535', () => {
    expect(checkSsh({ username: ' root ', port: 22, passwordSealed: 'v1.x' })).toEqual({
      username: 'root',
      port: 22,
      passwordSealed: 'v1.x',
    });
    expect(checkSsh({ username: 'u'.repeat(64), port: 65535, passwordSealed: null }).port).toBe(
      65535,
    );
    expect(checkSsh({ username: '~!a', port: 1, passwordSealed: null }).port).toBe(1);
    expect(pathOf(() => checkSsh({ username: '', port: 22, passwordSealed: null }))).toBe(
      'ssh.username',
    );
    expect(
      pathOf(() => checkSsh({ username: 'u'.repeat(65), port: 22, passwordSealed: null })),
    ).toBe('ssh.username');
    expect(pathOf(() => checkSsh({ username: 'a b', port: 22, passwordSealed: null }))).toBe(
      'ssh.username',
    );
    expect(pathOf(() => checkSsh({ username: 'añb', port: 22, passwordSealed: null }))).toBe(
      'ssh.username',
    );
    expect(
      pathOf(() => checkSsh({ username: 5 as unknown as string, port: 22, passwordSealed: null })),
    ).toBe('ssh.username');
    for (const port of [0, 65536, 22.5, Number.NaN])
      expect(pathOf(() => checkSsh({ username: 'root', port, passwordSealed: null }))).toBe(
        'ssh.port',
      );
  });

  it('control panel: an http(s) URL up to 300 characters and a user', () => {
    const ok = {
      url: ' https://web1.example.com:2087 ',
      username: 'admin',
      passwordSealed: 'v1.y',
    };
    expect(checkControlPanel(ok)).toEqual({ ...ok, url: 'https://web1.example.com:2087' });
    expect(checkControlPanel({ ...ok, url: 'http://10.0.0.1:8443' }).url).toBe(
      'http://10.0.0.1:8443',
    );
    expect(
      checkControlPanel({ ...ok, url: `https://a.example/${'p'.repeat(282)}` }).url,
    ).toHaveLength(300);
    for (const url of [
      'ftp://web1.example.com',
      'web1.example.com',
      '',
      'javascript:alert(1)',
      `https://a.example/${'p'.repeat(283)}`,
      3 as unknown as string,
    ])
      expect(pathOf(() => checkControlPanel({ ...ok, url }))).toBe('controlPanel.url');
    expect(pathOf(() => checkControlPanel({ ...ok, username: '' }))).toBe('controlPanel.username');
    expect(checkControlPanel({ ...ok, username: 'u'.repeat(100) }).username).toHaveLength(100);
    expect(pathOf(() => checkControlPanel({ ...ok, username: 'u'.repeat(101) }))).toBe(
      'controlPanel.username',
    );
  });

  it('snapshot names: trimmed, 1 to 100 characters', () => {
    expect(checkSnapshotName(' before upgrade ')).toBe('before upgrade');
    expect(checkSnapshotName('n'.repeat(100))).toHaveLength(100);
    expect(pathOf(() => checkSnapshotName(' '))).toBe('name');
    expect(pathOf(() => checkSnapshotName('n'.repeat(101)))).toBe('name');
    expect(pathOf(() => checkSnapshotName(undefined as unknown as string))).toBe('name');
  });
});

describe('refusals in words', () => {
  it('says what would be right', () => {
    expect(refusal(() => checkSsh({ username: '', port: 22, passwordSealed: null })).message).toBe(
      'Must be 1 to 64 printable characters without spaces (ssh.username).',
    );
    expect(
      refusal(() => checkSsh({ username: 'root', port: 0, passwordSealed: null })).message,
    ).toBe('Must be a port number from 1 to 65535 (ssh.port).');
    expect(
      refusal(() => checkControlPanel({ url: 'x', username: 'a', passwordSealed: null })).message,
    ).toMatch(/^Must be an http\(s\) address such as "https:/);
    expect(refusal(() => checkNotes('x'.repeat(2001))).message).toBe(
      'Give at most 2000 characters (notes).',
    );
    expect(refusal(() => checkSnapshotName(' ')).message).toBe(
      'Give a name of 1 to 100 characters (name).',
    );
  });
});
