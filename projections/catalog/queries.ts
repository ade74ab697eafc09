import type { TransactionSql } from 'postgres';
import type { Addon, DataCentre, OperatingSystem, Plan } from '../../domain/catalog/state.ts';
import { addonOf, dcOf, osOf, planOf } from './rows.ts';

// The catalog read model's queries (tables: projector.ts). Each takes a transaction scoped to
// the request's tenant (projections/shared/scoped.ts `readScoped`): row-level security keeps
// other tenants' entries out; the caller decides which entries the viewer may see.

/** An entry as the domain has it, with when it last changed. */
export type Entry<T> = T & { updatedAt: Date };

/** One tenant's whole catalog (tens of rows): plans by kind then monthly price, the rest by name. */
export interface CatalogRows {
  plans: Entry<Plan>[];
  dataCentres: Entry<DataCentre>[];
  addons: Entry<Addon>[];
  operatingSystems: Entry<OperatingSystem>[];
}

const entry =
  <T>(read: (r: Record<string, unknown>) => T) =>
  (r: Record<string, unknown>): Entry<T> => ({ ...read(r), updatedAt: r.updated_at as Date });

/**
 * The tenant's catalog, read in one go: a catalog page needs every part of it (a plan's data
 * centres, systems and fitting add-ons), and reading it whole is four queries, not one per plan.
 */
export async function tenantCatalog(tx: TransactionSql): Promise<CatalogRows> {
  const [plans, dataCentres, addons, operatingSystems] = await Promise.all([
    tx`select * from rm_catalog.plans
       order by array_position(array['VPS','SHARED','VDS','DEDICATED'], kind),
         (prices->>'MONTHLY')::numeric nulls last, name, id`,
    tx`select * from rm_catalog.data_centres order by name, id`,
    tx`select * from rm_catalog.addons order by name, id`,
    tx`select * from rm_catalog.operating_systems order by family, name, version, id`,
  ]);
  return {
    plans: plans.map(entry(planOf)),
    dataCentres: dataCentres.map(entry(dcOf)),
    addons: addons.map(entry(addonOf)),
    operatingSystems: operatingSystems.map(entry(osOf)),
  };
}
