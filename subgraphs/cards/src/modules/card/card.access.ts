import { AppError, type ActiveMembership, type Identity } from '@kaikukanta/kit';

/**
 * Who may do what with cards (DOMAIN "People and roles", R29). Services ask
 * here; the web app's hiding of buttons is only a courtesy.
 */

/** Where a card belongs: the registering organisation and its region. */
export interface CardOwner {
  distributorId: string;
  regionId?: string | null;
}

function membershipOf(identity: Identity): ActiveMembership {
  if (identity.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (identity.kind !== 'user' || !identity.membership) throw new AppError('FORBIDDEN');
  return identity.membership;
}

/** Registering cards is distributor staff's work (R3, R10); returns the organisation it is done for. */
export function requireRegistrar(identity: Identity): CardOwner {
  const membership = membershipOf(identity);
  if (membership.role !== 'DISTRIBUTOR' || !membership.organizationId) throw new AppError('FORBIDDEN');
  return { distributorId: membership.organizationId, regionId: membership.regionId ?? null };
}

/**
 * R6/R8: the registering organisation's staff, its region's responsible
 * person and the national support service manage a card and see its
 * background data; nobody else.
 */
export function canManage(identity: Identity, owner: CardOwner): boolean {
  if (identity.kind !== 'user' || !identity.membership) return false;
  const { role, organizationId, regionId } = identity.membership;
  if (role === 'NATIONAL_ADMIN') return true;
  if (role === 'REGION_ADMIN') return Boolean(regionId && regionId === owner.regionId);
  if (role === 'DISTRIBUTOR') return organizationId === owner.distributorId;
  return false;
}

/**
 * R27 (decision 0012): who may learn how many cards an organisation has
 * registered — callers scoped to it: anyone acting for the organisation itself,
 * its region's responsible person and analysts, national admins and national
 * analysts (aggregates are their work; they see no codes or background). Not
 * the public, not other organisations, not partner keys.
 */
export function mayCountCardsOf(identity: Identity, unit: { organizationId: string; regionId: string | null }): boolean {
  if (identity.kind !== 'user' || !identity.membership) return false;
  const { role, organizationId, regionId } = identity.membership;
  if (role === 'NATIONAL_ADMIN') return true;
  if (role === 'ANALYST') return !regionId || regionId === unit.regionId;
  if (role === 'REGION_ADMIN') return Boolean(regionId && regionId === unit.regionId);
  return organizationId === unit.organizationId;
}

/** The cards a caller may list: their organisation's, their region's, or all. */
export type ListScope = { distributorId: string } | { regionId: string } | { all: true };

export function requireListScope(identity: Identity): ListScope {
  const membership = membershipOf(identity);
  if (membership.role === 'NATIONAL_ADMIN') return { all: true };
  if (membership.role === 'REGION_ADMIN' && membership.regionId) return { regionId: membership.regionId };
  if (membership.role === 'DISTRIBUTOR' && membership.organizationId) return { distributorId: membership.organizationId };
  throw new AppError('FORBIDDEN');
}

const STATUS_ROLES = new Set(['CULTURE_PROVIDER', 'TICKET_AGENT', 'CULTURE_OFFICER', 'DISTRIBUTOR', 'REGION_ADMIN', 'NATIONAL_ADMIN']);

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
  if (identity.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (identity.kind === 'apiKey') {
    if (!identity.scopes.includes('CARD_STATUS_READ')) throw new AppError('FORBIDDEN');
    return `apiKeys:${identity.organizationId}`;
  }
  const membership = identity.membership;
  if (!membership || !STATUS_ROLES.has(membership.role)) throw new AppError('FORBIDDEN');
  return membership.organizationId ?? membership.regionId ?? membership.id;
}
