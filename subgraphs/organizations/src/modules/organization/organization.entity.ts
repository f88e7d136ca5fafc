import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { MunicipalityEntity } from '../region/region.entity.js';
import { ORGANIZATION_KINDS, STATISTICS_FIELDS, VENUE_TYPES } from './organization.model.js';

/** A distributor, culture provider or ticket agent (or several at once). Deactivation keeps the row and its history. */
export const OrganizationEntity = defineEntity({
  name: 'Organization',
  tableName: 'organization',
  properties: {
    id: p.uuid().primary(),
    name: p.string().length(200),
    kinds: p.enum(ORGANIZATION_KINDS).array(),
    municipality: () => p.manyToOne(MunicipalityEntity).index(),
    venueType: p.enum(VENUE_TYPES).nullable(),
    field: p.enum(STATISTICS_FIELDS).nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Organization = InferEntity<typeof OrganizationEntity>;
