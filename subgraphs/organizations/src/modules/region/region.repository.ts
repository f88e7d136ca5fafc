import { isUuid, textArray } from '@kaikukanta/kit';
import type { EntityManager } from '@kaikukanta/kit';
import { RegionEntity, type Municipality, type Region } from './region.entity.js';

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

/** What a municipality's GraphQL type reads: an entity or a plain row. */
export type MunicipalityRow = Pick<Municipality, 'code' | 'nameFi' | 'nameSv'> & { region: { id: string } };

type DbMunicipality = { code: string; name_fi: string; name_sv: string; region_id: string };
const MUNICIPALITY_COLUMNS = 'code, name_fi, name_sv, region_id';

function municipalityRows(rows: readonly DbMunicipality[]): MunicipalityRow[] {
  return rows.map((row) => ({ code: row.code, nameFi: row.name_fi, nameSv: row.name_sv, region: { id: row.region_id } }));
}
