import { OrganizationKind, Role } from '../graphql/generated.js';

/** Staff roles belong to an organisation of the matching kind (each organisation kind is a staff role of the same name). */
export const ORGANIZATION_ROLES: readonly Role[] = Object.values(OrganizationKind);
/** Region roles belong to a region; the rest are national (or a region for analysts). */
export const REGION_ROLES: readonly Role[] = [Role.RegionAdmin, Role.CultureOfficer];
/** In the schema's order. */
export const ALL_ROLES: readonly Role[] = Object.values(Role);

/** The organisation kind a staff role needs, or null for roles that are not an organisation's. */
export function organizationKindOf(role: Role): OrganizationKind | null {
  return (Object.values(OrganizationKind) as string[]).includes(role) ? (role as OrganizationKind) : null;
}

/** What a responsible person may grant (R28): everything but the roles that manage rights. National admins grant all. */
export function grantableRoles(actorRole: Role | undefined): readonly Role[] {
  if (actorRole === 'NATIONAL_ADMIN') return ALL_ROLES;
  if (actorRole === 'REGION_ADMIN') return ALL_ROLES.filter((role) => role !== 'NATIONAL_ADMIN' && role !== 'REGION_ADMIN');
  return [];
}

export type ScopeKind = 'organization' | 'region' | 'regionOptional' | 'none';

export function scopeOf(role: Role): ScopeKind {
  if (ORGANIZATION_ROLES.includes(role)) return 'organization';
  if (REGION_ROLES.includes(role)) return 'region';
  if (role === 'ANALYST') return 'regionOptional';
  return 'none';
}
