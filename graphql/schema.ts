import { readFileSync } from 'node:fs';
import { gateFeatures, type FeatureGates } from './access/features.ts';
import { DateTimeScalar, DecimalScalar } from './scalars.ts';

type Resolvers = Record<string, Record<string, unknown>>;

/** What one business area adds to the API: its SDL files and its resolvers (merged per type). */
export interface SchemaPart {
  sdl: readonly URL[];
  resolvers: readonly Resolvers[];
  /** Which of its operations a feature switch gates (e.g. graphql/wallet/features.ts). */
  features?: FeatureGates;
}

/** The whole API: the SDL (base.graphql first, then each area's files) and the resolvers. */
export interface Schema {
  sdl: string;
  resolvers: Record<string, Record<string, unknown>>;
}

const BASE = new URL('./base.graphql', import.meta.url);

/** The schema of these areas (server/areas/index.ts); switchable operations check their feature. */
export function schemaOf(parts: readonly SchemaPart[]): Schema {
  const sdl = [BASE, ...parts.flatMap((p) => p.sdl)].map((f) => readFileSync(f, 'utf8')).join('\n');
  // Scalars are GraphQLScalarType instances, not field maps; mercurius takes both in one map.
  const scalars = { Decimal: DecimalScalar, DateTime: DateTimeScalar } as unknown as Resolvers;
  const all: Resolvers = { Query: { ok: () => true }, ...scalars };
  for (const area of parts.flatMap((p) => p.resolvers)) {
    for (const [type, fields] of Object.entries(area))
      all[type] = { ...(all[type] ?? {}), ...fields };
  }
  const gates: Record<string, FeatureGates[string]> = {};
  for (const [name, feature] of parts.flatMap((p) => Object.entries(p.features ?? {}))) {
    if (name in gates) throw new Error(`two areas gate the operation ${name}`);
    gates[name] = feature;
  }
  return { sdl, resolvers: gateFeatures(all, gates) };
}
