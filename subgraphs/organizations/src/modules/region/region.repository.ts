import { isUuid, textArray } from '@kaikukanta/kit';
import type { EntityManager } from '@kaikukanta/kit';
import type { Municipality, Region } from './region.entity.js';

/** Queries only; rules live in the service. */
export class RegionRepository {
  constructor(private readonly em: EntityManager) {}

  /** Every region by its Finnish name, as plain rows (the network page reads them on every view, decision 0025). */
  async findAll(): Promise<RegionRow[]> {
    return regionRows(await this.em.execute<DbRegion[]>(`select ${REGION_COLUMNS} from organizations.region order by name_fi`));
  }

  /** Ids that cannot be UUIDs match nothing (and never reach PostgreSQL's cast). */
  async findByIds(ids: readonly string[]): Promise<RegionRow[]> {
    const valid = ids.filter(isUuid);
    if (!valid.length) return [];
    return regionRows(await this.em.execute<DbRegion[]>(`select ${REGION_COLUMNS} from organizations.region where id = any(?::uuid[])`, [`{${valid.join(',')}}`]));
  }

  /**
   * Municipalities as plain rows: read-only, and the network page reads all 308 of them (`Region.municipalities`)
   * per request — as managed entities that was most of the organizations subgraph's time on it (issue 12).
   */
  async findMunicipalitiesByCodes(codes: readonly string[]): Promise<MunicipalityRow[]> {
    if (!codes.length) return [];
    return municipalityRows(await this.em.execute<DbMunicipality[]>(`select ${MUNICIPALITY_COLUMNS} from organizations.municipality where code = any(?::text[])`, [textArray(codes)]));
  }

  async findMunicipalitiesByRegions(regionIds: readonly string[]): Promise<MunicipalityRow[]> {
    const valid = regionIds.filter(isUuid);
    if (!valid.length) return [];
    return municipalityRows(
      await this.em.execute<DbMunicipality[]>(`select ${MUNICIPALITY_COLUMNS} from organizations.municipality where region_id = any(?::uuid[]) order by name_fi`, [`{${valid.join(',')}}`]),
    );
  }
}

/** What a region's GraphQL type reads: an entity or a plain row. */
export type RegionRow = Pick<Region, 'id' | 'code' | 'nameFi' | 'nameSv' | 'nameEn'>;

type DbRegion = { id: string; code: string; name_fi: string; name_sv: string; name_en: string };
const REGION_COLUMNS = 'id, code, name_fi, name_sv, name_en';

function regionRows(rows: readonly DbRegion[]): RegionRow[] {
  return rows.map((row) => ({ id: row.id, code: row.code, nameFi: row.name_fi, nameSv: row.name_sv, nameEn: row.name_en }));
}

/** What a municipality's GraphQL type reads: an entity or a plain row. */
export type MunicipalityRow = Pick<Municipality, 'code' | 'nameFi' | 'nameSv'> & { region: { id: string } };

type DbMunicipality = { code: string; name_fi: string; name_sv: string; region_id: string };
const MUNICIPALITY_COLUMNS = 'code, name_fi, name_sv, region_id';

function municipalityRows(rows: readonly DbMunicipality[]): MunicipalityRow[] {
  return rows.map((row) => ({ code: row.code, nameFi: row.name_fi, nameSv: row.name_sv, region: { id: row.region_id } }));
}
