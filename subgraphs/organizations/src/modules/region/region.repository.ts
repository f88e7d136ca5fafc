import type { EntityManager } from '@kaikukanta/kit';
import { MunicipalityEntity, RegionEntity, type Municipality, type Region } from './region.entity.js';

/** Queries only; rules live in the service. */
export class RegionRepository {
  constructor(private readonly em: EntityManager) {}

  findAll(): Promise<Region[]> {
    return this.em.find(RegionEntity, {}, { orderBy: { nameFi: 'asc' } });
  }

  findByIds(ids: readonly string[]): Promise<Region[]> {
    return this.em.find(RegionEntity, { id: { $in: [...ids] } });
  }

  findMunicipalitiesByCodes(codes: readonly string[]): Promise<Municipality[]> {
    return this.em.find(MunicipalityEntity, { code: { $in: [...codes] } });
  }

  findMunicipalitiesByRegions(regionIds: readonly string[]): Promise<Municipality[]> {
    return this.em.find(MunicipalityEntity, { region: { $in: [...regionIds] } }, { orderBy: { nameFi: 'asc' } });
  }
}
