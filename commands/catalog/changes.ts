import { notFound, type Decider } from '../../domain/shared/decider.ts';
import { catalogDecider, type CatalogCommand } from '../../domain/catalog/decider.ts';
import type { CatalogEvent } from '../../domain/catalog/events.ts';
import type { CatalogState } from '../../domain/catalog/state.ts';

/**
 * What one catalog mutation asks of the catalog stream: one or more of the domain's commands,
 * decided in order on the state each leaves, appended together. One mutation is then one append
 * under one commandId: "update the add-on and its prices" writes both events or neither (a bad
 * price refuses the whole request), and a retry is answered as one.
 *
 * `CloseDataCentre` is the domain's UpdateDataCentre with the centre's current details and
 * status CLOSED, read from the state the append is decided on (not from a read model).
 */
export type CatalogChange =
  CatalogCommand | { type: 'CloseDataCentre'; tenantId: string; dataCentreId: string; now: string };

function expand(change: CatalogChange, state: CatalogState): CatalogCommand {
  if (change.type !== 'CloseDataCentre') return change;
  const dc = state.dataCentres[change.dataCentreId];
  if (!dc) throw notFound(`data centre ${change.dataCentreId}`);
  const { dataCentreId, ...details } = dc;
  return {
    type: 'UpdateDataCentre',
    tenantId: change.tenantId,
    dataCentreId,
    details: { ...details, status: 'CLOSED' },
    now: change.now,
  };
}

export const catalogChanges: Decider<CatalogChange[], CatalogEvent, CatalogState> = {
  initialState: catalogDecider.initialState,
  evolve: catalogDecider.evolve,
  decide(changes, state) {
    const out: CatalogEvent[] = [];
    let s = state;
    for (const change of changes) {
      const events = catalogDecider.decide(expand(change, s), s);
      out.push(...events);
      s = events.reduce(catalogDecider.evolve, s);
    }
    return out;
  },
};
