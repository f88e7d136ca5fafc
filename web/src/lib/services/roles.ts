import type { Role } from '../graphql/generated.js';

/** Staff roles belong to an organisation of the matching kind; region roles to a region; the rest are national (or a region for analysts). */
export const ORGANIZATION_ROLES: readonly Role[] = ['DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT'];
export const REGION_ROLES: readonly Role[] = ['REGION_ADMIN', 'CULTURE_OFFICER'];
export const ALL_ROLES: readonly Role[] = ['NATIONAL_ADMIN', 'REGION_ADMIN', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT', 'ANALYST', 'CULTURE_OFFICER'];

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
