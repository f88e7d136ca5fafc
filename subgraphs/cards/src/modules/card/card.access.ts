import {
  actsFor,
  administersRegion,
  forbidden,
  hasRole,
  isNationalAdmin,
  isNationalAnalyst,
  membershipOf,
  requireActor,
  requireOrganization,
  type Identity,
  type Role,
} from '@kaikukanta/kit';

/**
 * Who may do what with cards (DOMAIN "People and roles", R29): the domain
 * rules, composed from the kit's access idiom (decision 0013). Services ask
 * here; the web app's hiding of buttons is only a courtesy.
 */

/** Where a card belongs: the registering organisation and its region. */
export interface CardOwner {
  distributorId: string;
  regionId?: string | null;
}

/** Registering cards is distributor staff's work (R3, R10); returns the organisation it is done for. */
export function requireRegistrar(identity: Identity): CardOwner {
  const actor = requireActor(identity, { roles: ['DISTRIBUTOR'] });
  return { distributorId: requireOrganization(actor), regionId: actor.membership.regionId ?? null };
}

/**
 * R6/R8: the registering organisation's staff, its region's responsible
 * person and the national support service manage a card and see its
 * background data; nobody else.
 */
export function canManage(identity: Identity, owner: CardOwner): boolean {
  return administersRegion(identity, owner.regionId) || (hasRole(identity, 'DISTRIBUTOR') && actsFor(identity, owner.distributorId));
}

/**
 * R27 (decision 0012): who may learn how many cards an organisation has
 * registered — callers scoped to it: anyone acting for the organisation itself,
 * its region's responsible person and analysts, national admins and national
 * analysts (aggregates are their work; they see no codes or background). Not
 * the public, not other organisations, not partner keys.
 */
export function mayCountCardsOf(identity: Identity, unit: { organizationId: string; regionId: string | null }): boolean {
  const membership = membershipOf(identity);
  if (!membership) return false;
  if (isNationalAdmin(identity) || isNationalAnalyst(identity)) return true;
  // Regional analysts and responsible persons: their region only, whatever organisation their membership names.
  if (hasRole(identity, 'ANALYST', 'REGION_ADMIN')) return Boolean(membership.regionId) && membership.regionId === unit.regionId;
  return actsFor(identity, unit.organizationId);
}

/** The cards a caller may list: their organisation's, their region's, or all. */
export type ListScope = { distributorId: string } | { regionId: string } | { all: true };

export function requireListScope(identity: Identity): ListScope {
  const { membership } = requireActor(identity);
  if (membership.role === 'NATIONAL_ADMIN') return { all: true };
  if (membership.role === 'REGION_ADMIN' && membership.regionId) return { regionId: membership.regionId };
  if (membership.role === 'DISTRIBUTOR' && membership.organizationId) return { distributorId: membership.organizationId };
  throw forbidden();
}

const STATUS_ROLES: readonly Role[] = ['CULTURE_PROVIDER', 'TICKET_AGENT', 'CULTURE_OFFICER', 'DISTRIBUTOR', 'REGION_ADMIN', 'NATIONAL_ADMIN'];

/**
 * R29: venues, ticket agents (people or their partner systems with the
 * CARD_STATUS_READ scope), culture officers and the card's administrators may
 * ask whether a card can be used; the status service answers distributors and
 * responsible persons only about the cards they manage (L1). Returns what the look-up throttle counts against: the
 * organisation (or region/nation) for people, and the organisation's partner
 * keys together — not each key, since an organisation's staff may create keys
 * and would otherwise multiply their allowance by creating more.
 */
export function requireStatusReader(identity: Identity): string {
  const caller = requireActor(identity, { roles: STATUS_ROLES, apiKeys: { scope: 'CARD_STATUS_READ' } });
  if (caller.kind === 'apiKey') return `apiKeys:${caller.organizationId}`;
  const { membership } = caller;
  return membership.organizationId ?? membership.regionId ?? membership.id;
}
