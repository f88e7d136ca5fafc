import { forbidden, hasRole, isNationalAdmin, isNationalAnalyst, requireActor, type Identity } from '@kaikukanta/kit';
import type { Scope } from '../figures/figures.model.js';

/** Roles that read statistics (DOMAIN "People and roles"); partner keys do not (decision 0013). */
const READERS = ['NATIONAL_ADMIN', 'REGION_ADMIN', 'ANALYST', 'CULTURE_OFFICER', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT'] as const;
/** Roles scoped to one region. */
const REGIONAL = ['REGION_ADMIN', 'ANALYST'] as const;

export interface Reader {
  /** The scope asked for, once allowed. */
  scope: Scope;
  /**
   * R27, decision 0017: false only for a provider's or ticket agent's own usage — operational figures of uses it
   * registered or received one by one — which it sees exact over any range.
   */
  suppressed: boolean;
}

/**
 * The caller's own top scope: the nation, their region, their municipality's row of their region's tables (a
 * culture officer, decision 0022), or their organisation in its role.
 */
export function topScopeOf(identity: Identity): Scope {
  const actor = requireActor(identity, { roles: READERS });
  if (isNationalAdmin(actor) || isNationalAnalyst(actor)) return { kind: 'NATION' };
  const membership = actor.membership;
  if (hasRole(actor, ...REGIONAL)) {
    if (!membership.regionId) throw forbidden();
    return { kind: 'REGION', id: membership.regionId };
  }
  if (membership.role === 'CULTURE_OFFICER') {
    // An officer identity without a municipality reads nothing (as it acts for nobody, decision 0022).
    if (!membership.regionId || !membership.municipalityCode) throw forbidden();
    return { kind: 'MUNICIPALITY', id: membership.municipalityCode, region: membership.regionId };
  }
  if (!membership.organizationId) throw forbidden();
  if (membership.role === 'DISTRIBUTOR') return { kind: 'DISTRIBUTOR', id: membership.organizationId };
  if (membership.role === 'CULTURE_PROVIDER') return { kind: 'PROVIDER', id: membership.organizationId };
  return { kind: 'REGISTRAR', id: membership.organizationId };
}

/**
 * R25–R27: who reads which figures (decision 0013). National admins and national analysts: any scope; everyone
 * else: their own top scope only — region-scoped roles their region (its municipalities and providers are rows of
 * its tables), a culture officer their municipality (its row of the region's tables, decision 0022), a distributor
 * the cards it granted, a provider its own usage, a ticket agent the usage it registered. Anything else is
 * FORBIDDEN, bare.
 */
export function readerOf(identity: Identity, asked: Scope | null): Reader {
  const top = topScopeOf(identity);
  const scope = asked ?? top;
  if (scope.kind !== 'NATION' && !scope.id) throw forbidden();
  if (top.kind !== 'NATION' && (scope.kind !== top.kind || scope.id !== top.id)) throw forbidden();
  const exact = (scope.kind === 'PROVIDER' || scope.kind === 'REGISTRAR') && top.kind === scope.kind;
  // The caller's own scope as resolved (an officer's carries the region whose row it is); a national caller's as asked.
  const resolved: Scope = top.kind === 'NATION' ? (scope.kind === 'NATION' ? { kind: 'NATION' } : { kind: scope.kind, id: scope.id! }) : top;
  return { scope: resolved, suppressed: !exact };
}

/**
 * R26: the yearly publication — the nation for national admins and analysts; a region for them and its regional
 * roles. A culture officer's municipality is no publication of its own: FORBIDDEN.
 */
export function yearlyScopeOf(identity: Identity, regionId: string | null): Scope {
  const top = topScopeOf(identity);
  const scope: Scope = regionId ? { kind: 'REGION', id: regionId } : top.kind === 'REGION' ? top : { kind: 'NATION' };
  if (top.kind === 'NATION') return scope;
  if (top.kind === 'REGION' && scope.kind === 'REGION' && scope.id === top.id) return scope;
  throw forbidden();
}
