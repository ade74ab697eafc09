import { isIP } from 'node:net';
import { z } from 'zod';

/** One proxy address, a CIDR range, or a proxy-addr name for a well-known range. */
const proxyEntry = (entry: string) => {
  if (['loopback', 'linklocal', 'uniquelocal'].includes(entry)) return true;
  const [address, prefix, ...rest] = entry.split('/');
  const family = isIP(address ?? '');
  if (family === 0 || rest.length > 0) return false;
  return (
    prefix === undefined ||
    (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128))
  );
};

/**
 * Public origins (scheme, host, optional port; no path) of tenant domains, comma-separated: mailed
 * links are built from them, never from a request's Host or port.
 */
const publicBaseUrls = z
  .string()
  .trim()
  .default('')
  .transform((v, ctx) => {
    const urls: string[] = [];
    for (const entry of v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean)) {
      const url = URL.canParse(entry) ? new URL(entry) : null;
      if (
        !url ||
        !['http:', 'https:'].includes(url.protocol) ||
        url.pathname !== '/' ||
        url.search ||
        url.hash ||
        url.username
      ) {
        ctx.addIssue({
          code: 'custom',
          message: `Not an origin such as https://portal.example.com: ${entry}.`,
        });
        return z.NEVER;
      }
      urls.push(url.origin);
    }
    return urls;
  });

/**
 * Which peers may set X-Forwarded-For: none (the default: the client address is the TCP peer),
 * a hop count ("1": the one proxy in front), or addresses and CIDR ranges, comma-separated.
 * Trusting every peer would let one forged header bypass the per-address limits.
 */
const trustedProxies = z
  .string()
  .trim()
  .optional()
  .transform((v, ctx): false | number | string[] => {
    if (!v || v === 'none') return false;
    if (/^\d+$/.test(v)) return Number(v);
    const entries = v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean);
    const wrong = entries.filter((e) => !proxyEntry(e));
    if (wrong.length === 0) return entries;
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `Not an address, CIDR range or hop count: ${wrong.join(', ')} (e.g. "10.0.0.0/8,127.0.0.1" or "1").`,
    });
    return z.NEVER;
  });

/**
 * Every setting, validated at start-up. Each has a default that works on a laptop:
 * no DATABASE_URL → embedded PostgreSQL under DATA_DIR; no EVENTSTORE_URL → the Postgres log;
 * no mail service → each mail is an .eml file in DATA_DIR/mail (staff see it with its links hidden).
 */
export const settingsSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default('.data'),
  DATABASE_URL: z
    .string()
    .regex(
      /^postgres(ql)?:\/\//,
      'Must be a postgres:// URL, e.g. postgres://app:secret@db:5432/platform.',
    )
    .optional(),
  EVENTSTORE_URL: z
    .string()
    // Not kurrentdb://: @eventstore/db-client 6.2.1 throws on it.
    .regex(
      /^esdb(\+discover)?:\/\//,
      'Must be an esdb:// or esdb+discover:// connection string, e.g. esdb://eventstore:2113?tls=false.',
    )
    .optional(),
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1024).max(65535).default(54329),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  BCRYPT_COST: z.coerce.number().int().min(10, 'Must be at least 10.').max(15).default(12),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(60),
  SESSION_ABSOLUTE_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30)
    .default(12),
  IMPERSONATION_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(30),
  ADMIN_EMAIL: z.string().email().default('admin@akashone.com'),
  MAIL_SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^\s]+$/, 'Must be smtp://user:pass@host:port or smtps://….')
    .optional(),
  MAIL_SMTP_CONNECTIONS: z.coerce.number().int().min(1).max(50).default(4),
  SENDGRID_API_KEY: z.string().min(10).max(500).optional(),
  ADMIN_PASSWORD: z.string().min(12, 'Must be at least 12 characters.').max(128).optional(),
  DEMO: z
    .enum(['true', 'false', '1', '0'])
    .default('false')
    .transform((v) => v === 'true' || v === '1'),
  PROJECTION_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5000),
  MAX_UPLOAD_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(5 * 1024 * 1024),
  STAFF_2FA_GRACE_DAYS: z.coerce.number().int().min(0).max(90).default(7),
  AUTH_MAX_FAILURES_PER_ACCOUNT: z.coerce
    .number()
    .int()
    .min(3)
    .max(100, 'At most 100 (SECURITY.md).')
    .default(100),
  AUTH_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().min(3).max(10_000).default(100),
  AUTH_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(60),
  PASSWORD_RESET_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(30),
  EMAIL_VERIFICATION_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(7 * 24)
    .default(24),
  PUBLIC_BASE_URLS: publicBaseUrls,
  TRUST_PROXY: trustedProxies,
  CLOUDSTACK_API_URL: z
    .string()
    .url('Must be a URL such as https://cloud.example.com/client/api.')
    .refine((u) => /^https?:\/\//.test(u), 'Must be an http(s) URL.')
    .optional(),
  CLOUDSTACK_API_KEY: z.string().min(1).max(200).optional(),
  CLOUDSTACK_SECRET_KEY: z.string().min(1).max(200).optional(),
});

export type Settings = z.infer<typeof settingsSchema>;

/** Thrown when a setting is wrong; the message names every bad setting. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Reads settings from an environment; throws ConfigError naming each bad one. */
export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  const known = Object.fromEntries(
    Object.keys(settingsSchema.shape).map((k) => [k, env[k] === '' ? undefined : env[k]]),
  );
  const parsed = settingsSchema.safeParse(known);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid settings:\n${lines.join('\n')}`);
  }
  const cloudStack = [
    parsed.data.CLOUDSTACK_API_URL,
    parsed.data.CLOUDSTACK_API_KEY,
    parsed.data.CLOUDSTACK_SECRET_KEY,
  ].filter((v) => v !== undefined).length;
  if (cloudStack !== 0 && cloudStack !== 3)
    throw new ConfigError(
      'invalid settings:\n  CLOUDSTACK_API_URL: CLOUDSTACK_API_URL, CLOUDSTACK_API_KEY and CLOUDSTACK_SECRET_KEY go together: set all three or none',
    );
  return parsed.data;
}

/** Human descriptions for the README table and `--help`. */
export const settingDescriptions: Record<keyof Settings, string> = {
  NODE_ENV: 'production turns off introspection/GraphiQL for non-admins and sets Secure cookies',
  HOST: 'address to listen on',
  PORT: 'HTTP port for the portal, GraphQL and /healthz',
  DATA_DIR: 'embedded PostgreSQL data, uploads and generated secrets',
  DATABASE_URL:
    'external PostgreSQL for read models (and the event log when EVENTSTORE_URL is unset); unset: embedded',
  EVENTSTORE_URL: 'EventStoreDB connection string; unset: events go to the Postgres log',
  EMBEDDED_PG_PORT: 'port of the embedded PostgreSQL',
  LOG_LEVEL: 'structured (pino) log level',
  BCRYPT_COST: 'bcrypt cost factor for passwords (≥ 10)',
  SESSION_IDLE_MINUTES: 'session idle timeout',
  SESSION_ABSOLUTE_HOURS: 'session absolute lifetime',
  IMPERSONATION_MINUTES:
    'how long a "log in as customer" session of an admin lasts; it also ends whenever the sessions of that admin end',
  ADMIN_EMAIL: 'the first admin account, created on first start',
  MAIL_SMTP_URL:
    "the operator's SMTP server, smtp://user:pass@host:587 (add ?starttls=required to insist on STARTTLS) or smtps://user:pass@host:465; unset: SENDGRID_API_KEY, else the local mailbox",
  MAIL_SMTP_CONNECTIONS: 'connections kept open to each SMTP server (pooled)',
  SENDGRID_API_KEY: "the operator's SendGrid API key, used when MAIL_SMTP_URL is unset",
  ADMIN_PASSWORD: 'its password; unset: generated and printed once on first start',
  DEMO: 'seed demo data (a customer with a printed password) on start',
  PROJECTION_WAIT_MS: 'how long a mutation waits for read models to show its events',
  MAX_UPLOAD_BYTES: 'largest payment proof accepted',
  STAFF_2FA_GRACE_DAYS:
    'days a new staff account may sign in without two-factor authentication; after it, sign-in goes to a forced set-up',
  AUTH_MAX_FAILURES_PER_ACCOUNT:
    'failed sign-ins, codes or links an hour per account before it is locked out (and its owner mailed)',
  AUTH_MAX_FAILURES_PER_ADDRESS:
    'failed sign-ins, codes or links an hour per client address before it is refused',
  AUTH_LOCKOUT_MINUTES: 'how long a lock-out lasts (a password reset by mail lifts it)',
  PASSWORD_RESET_MINUTES: 'how long a password reset link works (once)',
  EMAIL_VERIFICATION_HOURS: 'how long an email confirmation link works (once)',
  CLOUDSTACK_API_URL:
    "the operator's CloudStack API endpoint (e.g. https://cloud.example.com/client/api); unset: servers are provisioned by hand unless a tenant sets its own under Admin → Settings → Provisioning",
  CLOUDSTACK_API_KEY: "the operator's CloudStack API key (with the URL and secret key)",
  CLOUDSTACK_SECRET_KEY: "the operator's CloudStack secret key (never logged or shown)",
  PUBLIC_BASE_URLS:
    'the public address of each tenant domain, for mailed links: comma-separated origins, e.g. https://portal.akashone.com,https://billing.kloudnests.in; a domain not listed: https://<domain> in production, http://<domain>:<port> otherwise',
  TRUST_PROXY:
    'proxies whose X-Forwarded-For is believed: comma-separated addresses or CIDR ranges, or a hop count; unset: none (the client address is the connecting peer)',
};
