import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/** A Kaikukortti area (Kaikukortti-alue): a local network with its responsible persons. */
export const RegionEntity = defineEntity({
  name: 'Region',
  tableName: 'region',
  properties: {
    id: p.uuid().primary(),
    code: p.string().length(40).unique(),
    nameFi: p.string().length(200),
    nameSv: p.string().length(200),
    nameEn: p.string().length(200),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Region = InferEntity<typeof RegionEntity>;

/** A municipality, by its Statistics Finland code, in exactly one region. */
export const MunicipalityEntity = defineEntity({
  name: 'Municipality',
  tableName: 'municipality',
  properties: {
    code: p.string().length(3).primary(),
    nameFi: p.string().length(200),
    nameSv: p.string().length(200),
    region: () => p.manyToOne(RegionEntity).index(),
  },
});
export type Municipality = InferEntity<typeof MunicipalityEntity>;
