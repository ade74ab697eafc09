/**
 * docker-compose.yml, Dockerfile and .dockerignore against the settings schema: a renamed
 * setting, a moved port, a service renamed or a password written into the file fails here
 * rather than on a server.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadSettings, settingsSchema } from '../config.ts';

const root = new URL('../../', import.meta.url);
const read = (file: string) => readFileSync(new URL(file, root), 'utf8');
const composeText = read('docker-compose.yml');
const dockerfile = read('Dockerfile');

interface Service {
  image?: string;
  build?: unknown;
  environment?: Record<string, unknown> | string[];
  depends_on?: Record<string, { condition?: string }> | string[];
  ports?: (string | number | { target: number; published?: number | string })[];
  volumes?: (string | { target: string })[];
  healthcheck?: { test?: string | string[] };
}
const compose = parse(composeText) as { services?: Record<string, Service> };
const services = compose.services ?? {};
const service = (name: string): Service => {
  const s = services[name];
  if (!s) throw new Error(`docker-compose.yml has no service "${name}"`);
  return s;
};

/** A service's environment as written (map or KEY=VALUE list), values still uninterpolated. */
function rawEnv(s: Service): Record<string, string> {
  const env = s.environment ?? {};
  if (Array.isArray(env))
    return Object.fromEntries(
      env.map((line) => [line.split('=')[0]!, line.slice(line.indexOf('=') + 1)]),
    );
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]),
  );
}

/** Compose interpolation (`${X}`, `${X:-d}`, `${X-d}`, `${X:?e}`, `${X?e}`, `${X:+a}`, `$X`, `$$`) over `vars`. */
function interpolate(value: string, vars: Record<string, string | undefined>): string {
  return value.replace(
    /\$\$|\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (all, name, op, arg, bare) => {
      if (all === '$$') return '$';
      if (bare) return vars[bare] ?? '';
      const v = vars[name as string];
      const set = v !== undefined && (v !== '' || !String(op).startsWith(':'));
      switch (op as string | undefined) {
        case undefined:
          return v ?? '';
        case ':-':
        case '-':
          return set ? v! : arg;
        case ':?':
        case '?':
          if (!set) throw new Error(`required variable ${name} is not set: ${arg}`);
          return v!;
        default:
          return set ? arg : '';
      }
    },
  );
}

const env = (name: string, vars: Record<string, string | undefined>) =>
  Object.fromEntries(
    Object.entries(rawEnv(service(name))).map(([k, v]) => [k, interpolate(v, vars)]),
  );

/** Deployments to check: only the required secret given, and every variable given. */
const samples: Record<string, Record<string, string>> = {
  'required secrets only': { POSTGRES_PASSWORD: 'pg-sample-4d1c9e' },
  'everything overridden': {
    POSTGRES_PASSWORD: 'pg-sample-7a2b5f',
    POSTGRES_USER: 'billing',
    POSTGRES_DB: 'ledger',
    ADMIN_EMAIL: 'ops@example.in',
    ADMIN_PASSWORD: 'sample-admin-passphrase',
    LOG_LEVEL: 'warn',
  },
};

/** [published, container] pairs of a service's ports. */
function portPairs(s: Service): [number | undefined, number][] {
  return (s.ports ?? []).map((p) => {
    if (typeof p === 'object')
      return [p.published === undefined ? undefined : Number(p.published), Number(p.target)];
    const parts = String(p).split('/')[0]!.split(':');
    const container = Number(parts[parts.length - 1]);
    return [parts.length > 1 ? Number(parts[parts.length - 2]) : undefined, container];
  });
}

const healthcheckText = (s: Service) => [s.healthcheck?.test ?? []].flat().join(' ');

describe('docker-compose.yml', () => {
  it('has the eventstore, postgres and app services, the first two with healthchecks', () => {
    expect(Object.keys(services)).toEqual(
      expect.arrayContaining(['eventstore', 'postgres', 'app']),
    );
    expect(service('eventstore').image).toMatch(/^eventstore\/eventstore:/);
    expect(healthcheckText(service('eventstore'))).toMatch(/curl .*\/health\/live/);
    expect(service('postgres').image).toMatch(/^postgres:/);
    expect(healthcheckText(service('postgres'))).toMatch(/pg_isready/);
    expect(service('app').build).toBeDefined();
  });

  it('starts the app only when eventstore and postgres are healthy', () => {
    const deps = service('app').depends_on;
    expect(Array.isArray(deps), 'depends_on needs the long form to carry conditions').toBe(false);
    for (const dep of ['eventstore', 'postgres']) {
      expect(
        (deps as Record<string, { condition?: string }>)?.[dep]?.condition,
        `app depends_on ${dep}`,
      ).toBe('service_healthy');
    }
  });

  it('gives the app only settings that server/config.ts knows', () => {
    const known = new Set(Object.keys(settingsSchema.shape));
    const unknown = Object.keys(rawEnv(service('app'))).filter((k) => !known.has(k));
    expect(unknown, 'not keys of settingsSchema (typo?)').toEqual([]);
  });

  for (const [label, vars] of Object.entries(samples)) {
    describe(`with ${label}`, () => {
      const app = () => env('app', vars);

      it('yields settings that load, in production mode', () => {
        const settings = loadSettings(app());
        expect(settings.NODE_ENV).toBe('production');
        expect(settings.DATABASE_URL).toBeDefined();
        expect(settings.EVENTSTORE_URL).toBeDefined();
      });

      it('points DATABASE_URL at the postgres service, its user, password and database', () => {
        const url = new URL(loadSettings(app()).DATABASE_URL!);
        const pg = env('postgres', vars);
        expect(url.hostname).toBe('postgres');
        expect(url.port === '' ? '5432' : url.port).toBe(pg.PGPORT ?? '5432');
        const user = pg.POSTGRES_USER || 'postgres';
        expect(decodeURIComponent(url.username)).toBe(user);
        expect(decodeURIComponent(url.password)).toBe(pg.POSTGRES_PASSWORD);
        expect(url.pathname.slice(1)).toBe(pg.POSTGRES_DB || user);
      });

      it('points EVENTSTORE_URL at the eventstore service and its node port, TLS matching its mode', () => {
        const url = new URL(loadSettings(app()).EVENTSTORE_URL!);
        const es = env('eventstore', vars);
        expect(url.hostname).toBe('eventstore');
        expect(url.port || '2113').toBe(es.EVENTSTORE_NODE_PORT ?? '2113');
        expect(url.searchParams.get('tls') === 'false').toBe(es.EVENTSTORE_INSECURE === 'true');
      });

      it("publishes the app's PORT, checks /healthz on it and mounts DATA_DIR", () => {
        const settings = loadSettings(app());
        const pairs = portPairs(service('app'));
        expect(pairs.length).toBeGreaterThan(0);
        for (const [published, container] of pairs) {
          expect(container).toBe(settings.PORT);
          expect(published).toBe(settings.PORT);
        }
        expect(healthcheckText(service('app'))).toContain(`localhost:${settings.PORT}/healthz`);
        const mounts = (service('app').volumes ?? []).map((v) =>
          typeof v === 'string' ? v.split(':')[1] : v.target,
        );
        expect(mounts).toContain(settings.DATA_DIR);
      });
    });
  }

  it('refuses to start without POSTGRES_PASSWORD', () => {
    expect(() => env('postgres', {})).toThrow(/POSTGRES_PASSWORD/);
    expect(() => env('app', {})).toThrow(/POSTGRES_PASSWORD/);
  });

  it('holds no literal password: secrets are ${...} references without defaults', () => {
    const secretKey = /PASSWORD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY/i;
    const reference = /^\$\{[A-Za-z_][A-Za-z0-9_]*(?::?\?[^}]*|:?-)?\}$/;
    for (const [name, s] of Object.entries(services)) {
      for (const [key, value] of Object.entries(rawEnv(s))) {
        if (secretKey.test(key)) expect(value, `${name}.${key}`).toMatch(reference);
      }
    }
    // Credentials inside a URL (postgres://user:password@host) must be references too. The
    // references are masked first: their ':' and spaces would otherwise confuse the URL match.
    const refs: string[] = [];
    const masked = composeText.replace(/\$\{[^}]*\}/g, (ref) => `__REF${refs.push(ref) - 1}__`);
    const credentials = [...masked.matchAll(/([a-z][a-z0-9+.-]*):\/\/([^\s:@/]+):([^\s@/]+)@/gi)];
    expect(
      credentials.map((m) => m[1]),
      'the DATABASE_URL credentials were found',
    ).toContain('postgres');
    for (const [url, , , password] of credentials) {
      const ref = /^__REF(\d+)__$/.exec(password!);
      expect(ref, `password inside ${url}`).not.toBeNull();
      expect(refs[Number(ref![1])], `password inside ${url}`).toMatch(reference);
    }
  });
});

describe('Dockerfile', () => {
  const instructions = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const last = (op: string) =>
    instructions.filter((l) => l.toUpperCase().startsWith(`${op} `)).pop();

  it("exposes the port the compose file gives the app's PORT", () => {
    const port = loadSettings(env('app', samples['required secrets only']!)).PORT;
    expect(last('EXPOSE')?.split(/\s+/).slice(1)).toContain(String(port));
  });

  it('runs server/main.ts as a non-root user on Node 20', () => {
    expect(instructions[0]).toMatch(/^FROM node:20(\b|-)/i);
    const start = [last('ENTRYPOINT'), last('CMD')].join(' ');
    expect(start).toMatch(/tsx/);
    expect(start).toMatch(/server\/main\.ts/);
    const user = last('USER')?.split(/\s+/)[1];
    expect(user, 'a USER instruction').toBeDefined();
    expect(['root', '0']).not.toContain(user!.split(':')[0]);
  });

  it('installs with npm ci and builds the web', () => {
    expect(dockerfile).toMatch(/RUN npm ci\b/);
    expect(dockerfile).toMatch(/npm run build:web/);
  });
});

describe('.dockerignore', () => {
  it('keeps dependencies, local data (generated secrets) and git history out of the image', () => {
    const ignored = read('.dockerignore')
      .split(/\r?\n/)
      .map((l) => l.trim().replace(/^\/+|\/+$/g, ''));
    for (const entry of ['node_modules', '.data', 'web/build', 'artifacts', '.git'])
      expect(ignored).toContain(entry);
  });
});
