import { describe, expect, it } from 'vitest';
import { loadSettings } from '../../server/config.ts';
import { publicBaseUrl } from './public-url.ts';

const settings = (env: Record<string, string> = {}) =>
  loadSettings({ NODE_ENV: 'development', ...env });

describe('public base URL of mailed links', () => {
  it("the demo default: the tenant's first domain on the port the server listens on", () => {
    expect(publicBaseUrl(['akashone.localhost', 'localhost'], settings(), null)).toBe(
      'http://akashone.localhost:3000',
    );
    expect(publicBaseUrl(['akashone.localhost'], settings({ PORT: '0' }), 41234)).toBe(
      'http://akashone.localhost:41234',
    );
  });
  it('production without a configured address: https on the first domain, no port', () =>
    expect(
      publicBaseUrl(
        ['portal.akashone.com', 'akashone.com'],
        settings({ NODE_ENV: 'production' }),
        3000,
      ),
    ).toBe('https://portal.akashone.com'));
  it("a configured address of one of the tenant's domains wins, port and scheme included", () => {
    const s = settings({
      PUBLIC_BASE_URLS: 'https://billing.kloudnests.in, http://akashone.com:8080',
    });
    expect(publicBaseUrl(['portal.akashone.com', 'akashone.com'], s, 3000)).toBe(
      'http://akashone.com:8080',
    );
    expect(publicBaseUrl(['billing.kloudnests.in'], s, 3000)).toBe('https://billing.kloudnests.in');
  });
  it('the setting takes origins only', () => {
    expect(() => settings({ PUBLIC_BASE_URLS: 'https://a.example/reset' })).toThrow(
      /PUBLIC_BASE_URLS/,
    );
    expect(() => settings({ PUBLIC_BASE_URLS: 'javascript:alert(1)' })).toThrow(/PUBLIC_BASE_URLS/);
    expect(settings({ PUBLIC_BASE_URLS: 'HTTPS://Portal.Example.com/' }).PUBLIC_BASE_URLS).toEqual([
      'https://portal.example.com',
    ]);
  });
});
