import { byKeys, type SubgraphContext } from '@kaikukanta/kit';
import { reachedBack, refuseIfReachedBack } from '../network/fan-out.js';
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

  /** H1: a region reached from an organisation or municipality, marked so it cannot list them again. */
  async regionBack(regionId: string): Promise<RegionType> {
    return reachedBack((await this.byId(regionId)) as RegionType);
  }

  /** The region a municipality (of an organisation or a site) belongs to, reached back: see {@link regionBack}. */
  async regionOfMunicipality(code: string): Promise<RegionType> {
    return this.regionBack(((await this.municipality(code)) as MunicipalityType).regionId);
  }

  /** H1: not on a region reached back from one of its municipalities or organisations. */
  municipalitiesOf(region: RegionType): Promise<MunicipalityType[]> {
    refuseIfReachedBack(region, 'Region.municipalities');
    const regionId = region.id;
    return this.ctx.loaders
      .get<string, MunicipalityType[]>('municipality.byRegion', async (regionIds) => {
        const rows = (await this.#repo.findMunicipalitiesByRegions(regionIds)).map(MunicipalityType.from);
        return regionIds.map((id) => rows.filter((m) => m.regionId === id));
      })
      .load(regionId);
  }
}
