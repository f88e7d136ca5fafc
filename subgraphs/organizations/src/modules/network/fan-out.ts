import { nestedListRefused } from './network.errors.js';

/**
 * H1: the network's graph has cycles — Organization.region ↔ Region.organizations,
 * Municipality.region ↔ Region.municipalities, clientProviders ↔ ticketAgents.
 * Each turn round one multiplies the result by a list's length, so a query
 * of depth 12 could build ~10¹¹ objects from a few hundred organisations.
 * The lists that close a cycle are therefore answered only where the walk
 * has not already turned back:
 * - `Region.organizations` and `Region.municipalities`: not on a region reached
 *   from an organisation or a municipality (`Organization.region`, `Municipality.region`);
 * - `Organization.clientProviders` and `ticketAgents`: not on an organisation
 *   that one of these lists (or `Region.organizations`) produced.
 * Every other path stays open: the public network page (regions → organisations)
 * and an organisation's own links. A request then holds at most one root list
 * times one nested list per field it names. Callers that want more ask again
 * by id, which the gateway's cost limit counts.
 */
const TURNED_BACK = Symbol('reached through a back-edge of the network graph');

type Marked = { [TURNED_BACK]?: true };

/** A copy of `value` marked as reached back through the graph (loader results are shared, so never mark in place). */
export function reachedBack<T extends object>(value: T): T {
  return Object.assign(Object.create(Object.getPrototypeOf(value) as object) as T, value, { [TURNED_BACK]: true });
}

/** Refuses `field` (e.g. "Region.organizations") on a parent that was reached back through the graph. */
export function refuseIfReachedBack(parent: object, field: string): void {
  if ((parent as Marked)[TURNED_BACK]) throw nestedListRefused(field);
}
