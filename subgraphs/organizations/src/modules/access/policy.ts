import { administersRegion, forbidden, isNationalAdmin, requireActor, type Actor, type Identity } from '@kaikukanta/kit';
import type { Role } from '../user/user.model.js';

/**
 * Who may manage what (R28, DOMAIN "People and roles"): the domain rules of
 * this subgraph, composed from the kit's access idiom (decision 0013). Every
 * mutation of this subgraph asks here or calls `requireActor` itself; the web
 * app's hiding of buttons is only a courtesy.
 */

/** Administrators: the national support service and the regions' responsible persons. */
const ADMIN_ROLES: readonly Role[] = ['NATIONAL_ADMIN', 'REGION_ADMIN'];

/** Any administrator: national, or a responsible person of some region. */
export function requireAnyAdmin(identity: Identity): Actor {
  return requireActor(identity, { roles: ADMIN_ROLES });
}

/** An administrator of this region: a national admin, or the region's responsible person. */
export function requireRegionAdmin(identity: Identity, regionId: string): Actor {
  const actor = requireActor(identity);
  if (!administersRegion(actor, regionId)) throw forbidden();
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
