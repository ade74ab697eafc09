import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { identityResolvers } from './identity/resolvers.ts';
import { accountResolvers } from './identity/account-resolvers.ts';
import { securityResolvers } from './identity/security-resolvers.ts';
import { walletResolvers } from './wallet/resolvers.ts';
import { accessResolvers } from './access/resolvers.ts';
import { gateFeatures } from './access/features.ts';
import { tenancyResolvers } from './tenancy/resolvers.ts';
import { DateTimeScalar, DecimalScalar } from './scalars.ts';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The SDL: every `*.graphql` file under graphql/, base first. */
export function loadSchema(): string {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.graphql')) files.push(full);
    }
  };
  walk(here);
  files.sort((a, b) => (a.endsWith('base.graphql') ? -1 : b.endsWith('base.graphql') ? 1 : a.localeCompare(b)));
  return files.map((f) => readFileSync(f, 'utf8')).join('\n');
}

const areas = [identityResolvers, accountResolvers, securityResolvers, walletResolvers, accessResolvers, tenancyResolvers] as Record<string, Record<string, unknown>>[];

/** Resolvers of every business area, merged per type; switchable operations check their feature. */
export const resolvers: Record<string, Record<string, unknown>> = gateFeatures(areas.reduce(
  (all, area) => {
    for (const [type, fields] of Object.entries(area)) all[type] = { ...(all[type] ?? {}), ...fields };
    return all;
  },
  { Query: { ok: () => true }, Decimal: DecimalScalar, DateTime: DateTimeScalar } as Record<string, any>,
));
