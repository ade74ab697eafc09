import type { Plan as PlanEntry } from '../../domain/catalog/state.ts';
import type { CatalogRows, Entry } from '../../projections/catalog/queries.ts';

/**
 * What the catalog's resolvers hand to field resolvers (the `mappers` of tooling/codegen/main.ts):
 * `Query.catalog` gives the tenant's catalog, read once per request when a field first asks, and
 * whether the viewer sees all of it (staff with catalog.manage) or the public part.
 */
export interface Catalog {
  /** Staff with catalog.manage: hidden and retired plans, closed centres, retired add-ons and systems. */
  staff: boolean;
  rows(): Promise<CatalogRows>;
}

/** A plan row with the catalog it came from (its data centres, systems and add-ons are there). */
export interface Plan {
  plan: Entry<PlanEntry>;
  catalog: Catalog;
}
