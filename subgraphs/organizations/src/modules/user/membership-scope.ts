import { AppError, type EntityManager, isUuid } from '@kaikukanta/kit';
import { OrganizationEntity, type Organization } from '../organization/organization.entity.js';
import type { OrganizationKind } from '../organization/organization.model.js';
import { RegionEntity, type Region } from '../region/region.entity.js';
import { membershipScopeInvalid } from './user.errors.js';
import { ORGANIZATION_ROLES, REGION_ROLES, type Role } from './user.model.js';
import type { MembershipScopeInput } from './user.input.js';

export interface ResolvedScope {
  role: Role;
  organization: Organization | null;
  region: Region | null;
  /** The region the membership lives in (for staff: their organisation's), null for national ones. */
  regionId: string | null;
}

/** Staff roles need an organisation of the matching kind: a distributor's staff work for a distributor. */
export const KIND_OF_ROLE: Partial<Record<Role, OrganizationKind>> = {
  DISTRIBUTOR: 'DISTRIBUTOR',
  CULTURE_PROVIDER: 'CULTURE_PROVIDER',
  TICKET_AGENT: 'TICKET_AGENT',
};

/** Checks that role and scope fit together and that the organisation or region exists (and is active). */
export async function resolveScope(em: EntityManager, input: MembershipScopeInput): Promise<ResolvedScope> {
  const { role } = input;
  const organizationId = input.organizationId || null;
  const regionId = input.regionId || null;
  if (ORGANIZATION_ROLES.includes(role)) {
    if (!organizationId || regionId) throw membershipScopeInvalid();
    const organization = isUuid(organizationId)
      ? await em.findOne(OrganizationEntity, { id: organizationId, active: true }, { populate: ['municipality'] })
      : null;
    if (!organization) throw new AppError('NOT_FOUND', { details: { field: 'organizationId' } });
    const kind = KIND_OF_ROLE[role];
    if (kind && !organization.kinds.includes(kind)) throw membershipScopeInvalid();
    return { role, organization, region: null, regionId: organization.municipality.region.id };
  }
  if (organizationId) throw membershipScopeInvalid();
  if (REGION_ROLES.includes(role) || (role === 'ANALYST' && regionId)) {
    if (!regionId) throw membershipScopeInvalid();
    const region = isUuid(regionId) ? await em.findOne(RegionEntity, { id: regionId }) : null;
    if (!region) throw new AppError('NOT_FOUND', { details: { field: 'regionId' } });
    return { role, organization: null, region, regionId };
  }
  if (regionId) throw membershipScopeInvalid();
  return { role, organization: null, region: null, regionId: null };
}
