import { OrganizationRef } from './organization.type.js';

/** `region` is present when the gateway resolves a field that @requires it (registeredCardCount). */
export const organizationReference = {
  __resolveReference: (reference: { id: string; region?: { id?: string | null } | null }): OrganizationRef => OrganizationRef.of(reference.id, reference.region?.id),
};
