import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';

/** Roles of DOMAIN.md "People and roles"; each membership holds exactly one, in a scope. */
export const ROLES = ['NATIONAL_ADMIN', 'REGION_ADMIN', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT', 'ANALYST', 'CULTURE_OFFICER'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose scope is one organisation (staff). */
export const ORGANIZATION_ROLES: readonly Role[] = ['DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT'];
/** Roles whose scope is one region (CULTURE_OFFICER: a municipality's officer acts in its region; ANALYST may also be national). */
export const REGION_ROLES: readonly Role[] = ['REGION_ADMIN', 'CULTURE_OFFICER'];

export const RoleEnum = enumOf(ROLES);
registerEnumType(RoleEnum, { name: 'Role', description: 'What a membership allows; scoped to an organisation, a region or the whole country.' });

/**
 * The shape a membership must have: staff roles name an organisation, region
 * roles a region, an analyst a region or nothing (national), a national admin
 * nothing. The database enforces the same with a check constraint.
 */
export const MEMBERSHIP_SCOPE_CHECK = `(
  (role = 'NATIONAL_ADMIN' and organization_id is null and region_id is null) or
  (role in ('REGION_ADMIN', 'CULTURE_OFFICER') and organization_id is null and region_id is not null) or
  (role = 'ANALYST' and organization_id is null) or
  (role in ('DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT') and organization_id is not null and region_id is null)
)`;
