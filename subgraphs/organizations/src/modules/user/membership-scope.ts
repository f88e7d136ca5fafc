import { AppError, type EntityManager, isUuid } from '@kaikukanta/kit';
import { OrganizationEntity, type Organization } from '../organization/organization.entity.js';
import type { OrganizationKind } from '../organization/organization.model.js';
import { MunicipalityEntity, RegionEntity, type Municipality, type Region } from '../region/region.entity.js';
import { membershipScopeInvalid, officerMunicipalityMissing, officerMunicipalityOutsideRegion } from './user.errors.js';
import { MUNICIPALITY_ROLES, ORGANIZATION_ROLES, REGION_ROLES, type Role } from './user.model.js';
import type { MembershipScopeInput } from './user.input.js';

export interface ResolvedScope {
  role: Role;
  organization: Organization | null;
  region: Region | null;
  /** A culture officer's municipality (decision 0022), null for every other role. */
  municipality: Municipality | null;
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
  const municipalityCode = input.municipalityCode?.trim() || null;
  if (municipalityCode && !MUNICIPALITY_ROLES.includes(role)) throw membershipScopeInvalid();
  if (ORGANIZATION_ROLES.includes(role)) {
    if (!organizationId || regionId) throw membershipScopeInvalid();
    const organization = isUuid(organizationId)
      ? await em.findOne(OrganizationEntity, { id: organizationId, active: true }, { populate: ['municipality'] })
      : null;
    if (!organization) throw new AppError('NOT_FOUND', { details: { field: 'organizationId' } });
    const kind = KIND_OF_ROLE[role];
    if (kind && !organization.kinds.includes(kind)) throw membershipScopeInvalid();
    return { role, organization, region: null, municipality: null, regionId: organization.municipality.region.id };
  }
  if (organizationId) throw membershipScopeInvalid();
  if (REGION_ROLES.includes(role) || (role === 'ANALYST' && regionId)) {
    if (!regionId) throw membershipScopeInvalid();
    const region = isUuid(regionId) ? await em.findOne(RegionEntity, { id: regionId }) : null;
    if (!region) throw new AppError('NOT_FOUND', { details: { field: 'regionId' } });
    return { role, organization: null, region, municipality: await officerMunicipality(em, role, region, municipalityCode), regionId };
  }
  if (regionId) throw membershipScopeInvalid();
  return { role, organization: null, region: null, municipality: null, regionId: null };
}

/**
 * DOMAIN.md: a municipal culture officer acts for the providers of their municipality, which must lie in the
 * membership's region (the region keys what usage stores for officers). Null for roles without one.
 */
async function officerMunicipality(em: EntityManager, role: Role, region: Region, code: string | null): Promise<Municipality | null> {
  if (!MUNICIPALITY_ROLES.includes(role)) return null;
  if (!code) throw officerMunicipalityMissing();
  const municipality = await em.findOne(MunicipalityEntity, { code });
  if (!municipality || municipality.region.id !== region.id) throw officerMunicipalityOutsideRegion();
  return municipality;
}
