import { AppError, type ActiveMembership, type Identity } from '@kaikukanta/kit';
import type { Role } from '../user/user.model.js';

/**
 * Who may manage what (R28, DOMAIN "People and roles"). Every mutation of
 * this subgraph asks here; the web app's hiding of buttons is only a courtesy.
 */
export interface Actor {
  userId: string;
  membership: ActiveMembership;
}

/** A signed-in person acting in a membership; API keys and anonymous callers are not people. */
export function requireActor(identity: Identity): Actor {
  if (identity.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (identity.kind !== 'user' || !identity.membership) throw new AppError('FORBIDDEN');
  return { userId: identity.userId, membership: identity.membership };
}

export function isNationalAdmin(actor: Actor): boolean {
  return actor.membership.role === 'NATIONAL_ADMIN';
}

/** National admins manage everything; a responsible person manages their own region. */
export function canAdministerRegion(actor: Actor, regionId: string): boolean {
  return isNationalAdmin(actor) || (actor.membership.role === 'REGION_ADMIN' && actor.membership.regionId === regionId);
}

export function requireRegionAdmin(identity: Identity, regionId: string): Actor {
  const actor = requireActor(identity);
  if (!canAdministerRegion(actor, regionId)) throw new AppError('FORBIDDEN');
  return actor;
}

export function requireNationalAdmin(identity: Identity): Actor {
  const actor = requireActor(identity);
  if (!isNationalAdmin(actor)) throw new AppError('FORBIDDEN');
  return actor;
}

/** Any administrator: national, or a responsible person of some region. */
export function requireAnyAdmin(identity: Identity): Actor {
  const actor = requireActor(identity);
  if (!isNationalAdmin(actor) && actor.membership.role !== 'REGION_ADMIN') throw new AppError('FORBIDDEN');
  return actor;
}

/**
 * Responsible persons grant every role inside their region except the two
 * that manage rights (REGION_ADMIN, NATIONAL_ADMIN): those are the national
 * support service's to give (DOMAIN: it "manages regions and responsible persons").
 */
export function canGrantRole(actor: Actor, role: Role, regionId: string | null): boolean {
  if (isNationalAdmin(actor)) return true;
  if (actor.membership.role !== 'REGION_ADMIN') return false;
  if (role === 'NATIONAL_ADMIN' || role === 'REGION_ADMIN') return false;
  return regionId !== null && regionId === actor.membership.regionId;
}
