import { isUuid } from '@kaikukanta/kit';
import type { EntityManager } from '@kaikukanta/kit';
import { MunicipalityEntity, RegionEntity, type Municipality, type Region } from './region.entity.js';

/** Queries only; rules live in the service. */
export class RegionRepository {
  constructor(private readonly em: EntityManager) {}

  findAll(): Promise<Region[]> {
    return this.em.find(RegionEntity, {}, { orderBy: { nameFi: 'asc' } });
  }

  /** Ids that cannot be UUIDs match nothing (and never reach PostgreSQL's cast). */
  async findByIds(ids: readonly string[]): Promise<Region[]> {
    const valid = ids.filter(isUuid);
    return valid.length ? this.em.find(RegionEntity, { id: { $in: valid } }) : [];
  }

  findMunicipalitiesByCodes(codes: readonly string[]): Promise<Municipality[]> {
    return this.em.find(MunicipalityEntity, { code: { $in: [...codes] } });
  }

  findMunicipalitiesByRegions(regionIds: readonly string[]): Promise<Municipality[]> {
    return this.em.find(MunicipalityEntity, { region: { $in: [...regionIds] } }, { orderBy: { nameFi: 'asc' } });
  }
}
