import { readFileSync } from 'node:fs';
import { parse } from 'graphql';
import type { IsolationCase } from './isolation-kit.ts';
import type { MatrixRow } from './matrix-kit.ts';

/**
 * What an area brings to the access suites (graphql/<area>/isolation.ts): for each Query and
 * Mutation field of its own SDL, an isolation case and a permission-matrix row.
 */
export interface AreaRows {
  isolation: Record<string, IsolationCase>;
  matrix: Record<string, MatrixRow>;
}

/** The part of an area (server/areas/area.ts) the suites read: its SDL files and its rows. */
export interface AreaWithRows {
  name: string;
  graphql?: { sdl: readonly URL[] };
  testing?: () => Promise<AreaRows>;
}

/** The Query and Mutation fields an area's SDL files define (or extend). */
export function operationsOf(sdl: readonly URL[]): string[] {
  return sdl.flatMap((file) =>
    parse(readFileSync(file, 'utf8')).definitions.flatMap((d) =>
      (d.kind === 'ObjectTypeDefinition' || d.kind === 'ObjectTypeExtension') &&
      (d.name.value === 'Query' || d.name.value === 'Mutation')
        ? (d.fields ?? []).map((f) => f.name.value)
        : [],
    ),
  );
}

/**
 * Every area's rows of one kind, keyed by operation, with `base` (base.graphql's own fields)
 * first. Refuses a row for an operation that another area's SDL defines (the row belongs with
 * the operation) or that two areas both give.
 */
export async function rowsOf<K extends keyof AreaRows>(
  areas: readonly AreaWithRows[],
  kind: K,
  base: AreaRows[K],
): Promise<AreaRows[K]> {
  const all: Record<string, unknown> = { ...base };
  for (const area of areas) {
    const rows = area.testing ? (await area.testing())[kind] : {};
    const own = new Set(operationsOf(area.graphql?.sdl ?? []));
    for (const [name, row] of Object.entries(rows)) {
      if (!own.has(name)) {
        throw new Error(
          `${area.name} has ${kind === 'isolation' ? 'an' : 'a'} ${kind} row for ${name}, which its SDL does not define`,
        );
      }
      if (name in all)
        throw new Error(
          `two areas give ${kind === 'isolation' ? 'an' : 'a'} ${kind} row for ${name}`,
        );
      all[name] = row;
    }
  }
  return all as AreaRows[K];
}
