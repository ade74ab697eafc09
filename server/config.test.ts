import { describe, expect, it } from 'vitest';
import { ConfigError, loadSettings, settingDescriptions, settingsSchema } from './config.ts';
import { readFileSync } from 'node:fs';

describe('settings', () => {
  it('every setting has a working default for a laptop', () => {
    const s = loadSettings({});
    expect(s).toMatchObject({ PORT: 3000, DATA_DIR: '.data', BCRYPT_COST: 12, DEMO: false });
    expect(s.DATABASE_URL).toBeUndefined();
    expect(s.EVENTSTORE_URL).toBeUndefined();
  });

  it('a wrong setting stops start-up with a message naming it', () => {
    const attempt = () =>
      loadSettings({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        BCRYPT_COST: '4',
        EVENTSTORE_URL: 'http://es:2113',
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (e) {
      const message = (e as Error).message;
      for (const name of ['PORT', 'DATABASE_URL', 'BCRYPT_COST', 'EVENTSTORE_URL'])
        expect(message).toContain(name);
    }
  });

  it('EVENTSTORE_URL: esdb:// or esdb+discover://, not kurrentdb:// (which the 6.2.1 client throws on)', () => {
    expect(
      loadSettings({ EVENTSTORE_URL: 'esdb://eventstore:2113?tls=false' }).EVENTSTORE_URL,
    ).toBe('esdb://eventstore:2113?tls=false');
    expect(loadSettings({ EVENTSTORE_URL: 'esdb+discover://a:2113,b:2113' }).EVENTSTORE_URL).toBe(
      'esdb+discover://a:2113,b:2113',
    );
    expect(() => loadSettings({ EVENTSTORE_URL: 'kurrentdb://eventstore:2113?tls=false' })).toThrow(
      /EVENTSTORE_URL/,
    );
  });

  it('TRUST_PROXY: none by default, a hop count, or addresses and CIDR ranges; anything else is refused', () => {
    expect(loadSettings({}).TRUST_PROXY).toBe(false);
    expect(loadSettings({ TRUST_PROXY: '1' }).TRUST_PROXY).toBe(1);
    expect(loadSettings({ TRUST_PROXY: '10.0.0.0/8, 127.0.0.1,::1,loopback' }).TRUST_PROXY).toEqual(
      ['10.0.0.0/8', '127.0.0.1', '::1', 'loopback'],
    );
    for (const wrong of ['true', '*', '10.0.0.0/33', 'proxy.example.com', '1.2.3.4/8/1'])
      expect(() => loadSettings({ TRUST_PROXY: wrong }), wrong).toThrow(/TRUST_PROXY/);
  });

  it('the README documents every setting', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    for (const key of Object.keys(settingsSchema.shape)) {
      expect(readme, key).toContain(`| \`${key}\` |`);
      expect(settingDescriptions[key as keyof typeof settingDescriptions]).toBeTruthy();
    }
  });
});
