import { byKeys, type SubgraphContext } from '@kaikukanta/kit';
import { RegionRepository } from './region.repository.js';
import { MunicipalityType, RegionType } from './region.type.js';

/** Regions and municipalities are public: the network's map is no secret. */
export class RegionService {
  readonly #repo: RegionRepository;

  constructor(private readonly ctx: SubgraphContext) {
    this.#repo = new RegionRepository(ctx.em);
  }

  async list(): Promise<RegionType[]> {
    return (await this.#repo.findAll()).map(RegionType.from);
  }

  byId(id: string): Promise<RegionType | null> {
    return this.ctx.loaders
      .get<string, RegionType | null>('region.byId', async (ids) =>
        byKeys(ids, (await this.#repo.findByIds(ids)).map(RegionType.from), (r) => r.id),
      )
      .load(id);
  }

  municipality(code: string): Promise<MunicipalityType | null> {
    return this.ctx.loaders
      .get<string, MunicipalityType | null>('municipality.byCode', async (codes) =>
        byKeys(codes, (await this.#repo.findMunicipalitiesByCodes(codes)).map(MunicipalityType.from), (m) => m.code),
      )
      .load(code);
  }

  municipalitiesOf(regionId: string): Promise<MunicipalityType[]> {
    return this.ctx.loaders
      .get<string, MunicipalityType[]>('municipality.byRegion', async (regionIds) => {
        const rows = (await this.#repo.findMunicipalitiesByRegions(regionIds)).map(MunicipalityType.from);
        return regionIds.map((id) => rows.filter((m) => m.regionId === id));
      })
      .load(regionId);
  }
}
