import type { ActiveMembership } from '@kaikukanta/kit';
import type { Membership } from '../user/user.entity.js';
import { KIND_OF_ROLE } from '../user/membership-scope.js';

/**
 * A membership a person can act in: not revoked, and not of a deactivated
 * organisation — deactivation keeps the organisation's history, but its staff
 * no longer act for it (as its API keys no longer do), nor for one that has lost
 * the kind their role needs. Expects organization populated.
 */
export function isUsableMembership(membership: Membership): boolean {
  if (membership.revokedAt) return false;
  const organization = membership.organization;
  if (!organization) return true;
  // Staff act for an active organisation of the kind their role needs: a unit that stops distributing cards
  // takes its distributors' powers with it.
  const kind = KIND_OF_ROLE[membership.role];
  return organization.active && (!kind || organization.kinds.includes(kind));
}

/**
 * The membership as subgraphs see it: role plus scope. Staff memberships
 * carry their organisation's region too, so other subgraphs can check
 * "same region" without asking this one; a culture officer's carries their municipality's code (decision 0022),
 * a reference key that needs no populate. Expects organization.municipality populated.
 */
export function toActiveMembership(membership: Membership): ActiveMembership {
  const organization = membership.organization;
  const regionId = membership.region?.id ?? organization?.municipality?.region?.id;
  return {
    id: membership.id,
    role: membership.role,
    ...(organization ? { organizationId: organization.id } : {}),
    ...(regionId ? { regionId } : {}),
    ...(membership.municipality ? { municipalityCode: membership.municipality.code } : {}),
  };
}
