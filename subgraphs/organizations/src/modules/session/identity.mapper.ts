import type { ActiveMembership } from '@kaikukanta/kit';
import type { Membership } from '../user/user.entity.js';

/**
 * The membership as subgraphs see it: role plus scope. Staff memberships
 * carry their organisation's region too, so other subgraphs can check
 * "same region" without asking this one. Expects organization.municipality populated.
 */
export function toActiveMembership(membership: Membership): ActiveMembership {
  const organization = membership.organization;
  const regionId = membership.region?.id ?? organization?.municipality?.region?.id;
  return {
    id: membership.id,
    role: membership.role,
    ...(organization ? { organizationId: organization.id } : {}),
    ...(regionId ? { regionId } : {}),
  };
}
