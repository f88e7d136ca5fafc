import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';

/** Roles of DOMAIN.md "People and roles"; each membership holds exactly one, in a scope. */
export const ROLES = ['NATIONAL_ADMIN', 'REGION_ADMIN', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT', 'ANALYST', 'CULTURE_OFFICER'] as const;
export type Role = (typeof ROLES)[number];

/** Roles whose scope is one organisation (staff). */
export const ORGANIZATION_ROLES: readonly Role[] = ['DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT'];
/**
 * Roles whose scope is one region (ANALYST may also be national). A CULTURE_OFFICER names a municipality of that
 * region too: DOMAIN.md's officer acts for the providers of their municipality (decision 0022); the region stays
 * on the membership because usage keys the officer's registrations by it.
 */
export const REGION_ROLES: readonly Role[] = ['REGION_ADMIN', 'CULTURE_OFFICER'];
/** Roles whose scope also names a municipality (of their region). */
export const MUNICIPALITY_ROLES: readonly Role[] = ['CULTURE_OFFICER'];

export const RoleEnum = enumOf(ROLES);
registerEnumType(RoleEnum, { name: 'Role', description: 'What a membership allows; scoped to an organisation, a region or the whole country.' });

/**
 * The shape a membership must have: staff roles name an organisation, region
 * roles a region (a culture officer also a municipality), an analyst a region
 * or nothing (national), a national admin nothing. The database enforces the
 * same with a check constraint; that the municipality lies in the region is
 * checked where the scope is resolved (membership-scope.ts, decision 0022).
 */
export const MEMBERSHIP_SCOPE_CHECK = `(
  (role = 'NATIONAL_ADMIN' and organization_id is null and region_id is null and municipality_code is null) or
  (role = 'REGION_ADMIN' and organization_id is null and region_id is not null and municipality_code is null) or
  (role = 'CULTURE_OFFICER' and organization_id is null and region_id is not null and municipality_code is not null) or
  (role = 'ANALYST' and organization_id is null and municipality_code is null) or
  (role in ('DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT') and organization_id is not null and region_id is null and municipality_code is null)
)`;
