import { OrganizationRef } from './organization.type.js';

export const organizationReference = {
  __resolveReference: (reference: { id: string }): OrganizationRef => OrganizationRef.of(reference.id),
};
