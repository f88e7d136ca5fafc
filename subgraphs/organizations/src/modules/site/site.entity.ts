import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { OrganizationEntity } from '../organization/organization.entity.js';
import { MunicipalityEntity } from '../region/region.entity.js';

/** A unit of an organisation (e.g. one social services office of a welfare area). Deactivation keeps the row. */
export const SiteEntity = defineEntity({
  name: 'Site',
  tableName: 'site',
  properties: {
    id: p.uuid().primary(),
    organization: () => p.manyToOne(OrganizationEntity).index(),
    name: p.string().length(200),
    municipality: () => p.manyToOne(MunicipalityEntity),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Site = InferEntity<typeof SiteEntity>;
