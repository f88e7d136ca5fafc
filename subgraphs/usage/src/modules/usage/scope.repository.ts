import { AGENT_CLIENT_VIEW, bound, isUuid, PROVIDER_SCOPE_VIEW, type EntityManager } from '@kaikukanta/kit';
import type { Registrar } from './registration.access.js';

const AGENT_CLIENT = `"${AGENT_CLIENT_VIEW.schema}"."${AGENT_CLIENT_VIEW.view}"`;
const PROVIDER_SCOPE = `"${PROVIDER_SCOPE_VIEW.schema}"."${PROVIDER_SCOPE_VIEW.view}"`;

/**
 * R18 from the views the organizations subgraph publishes (kit/src/contracts/organizations.ts), read in the
 * registration's own transaction: a link removed a moment ago no longer lets an agent register.
 */
export class ScopeRepository {
  constructor(private readonly em: EntityManager) {}

  /** Whether the registrar may register for another organisation's events: an agent (or its partner key) for a client provider, a culture officer in their municipality. */
  async mayActFor(registrar: Registrar, providerId: string): Promise<boolean> {
    const query = isUuid(providerId) ? mayActForQuery(registrar, { sql: '?::uuid', params: [providerId] }) : null;
    if (!query) return false;
    const [row] = await bound<{ may: boolean }[]>(this.em, `select ${query.sql} as may`, query.params);
    return row?.may === true;
  }

  /**
   * Decision 0022: the providers of a culture officer's municipality in their region, active or not — whose uses the
   * municipality's officers answer for (their list, reading one by id, cancelling). Another municipality's uses of
   * the same region are not theirs, though they too are kept under the region.
   */
  async providersOfMunicipality(regionId: string, municipalityCode: string): Promise<string[]> {
    const rows = await this.em.execute<{ organization_id: string }[]>(`select organization_id from ${PROVIDER_SCOPE} where region_id = ? and municipality_code = ?`, [regionId, municipalityCode]);
    return rows.map((row) => row.organization_id);
  }
}

/**
 * `mayActFor` as a SQL condition on a provider id (an SQL expression with its parameters), so a registration can ask
 * it in the statement that reads the event; null for a role that never acts for another organisation.
 */
export function mayActForQuery(registrar: Registrar, provider: { sql: string; params: readonly unknown[] }): { sql: string; params: unknown[] } | null {
  if (registrar.role === 'TICKET_AGENT' || registrar.role === 'API_KEY') {
    return { sql: `exists(select 1 from ${AGENT_CLIENT} where agent_id = ?::uuid and provider_id = ${provider.sql})`, params: [registrar.organizationId, ...provider.params] };
  }
  if (registrar.role === 'CULTURE_OFFICER' && registrar.regionScoped && registrar.municipalityCode) {
    // DOMAIN: a municipal culture officer acts for the providers of their municipality (decision 0022); the region
    // is checked too, so a municipality moved to another region takes no officer along.
    return {
      sql: `exists(select 1 from ${PROVIDER_SCOPE} where organization_id = ${provider.sql} and municipality_code = ? and region_id = ?::uuid and active)`,
      params: [...provider.params, registrar.municipalityCode, registrar.organizationId],
    };
  }
  return null;
}

/** The uses a registrar answers for (`ownUses`): as a filter on usage.usage, and as a test of one already loaded. */
export interface OwnUses {
  where: { registeringOrganizationId: string } | { registeringRegionId: string; providerId: { $in: string[] } };
  holds(use: { registeringOrganizationId: string | null; registeringRegionId: string | null; providerId: string }): boolean;
}

/**
 * Which uses a registrar answers for: its organisation's — or, for a culture officer, the region's uses for the
 * providers of their municipality (decision 0022; none when the identity names no municipality).
 */
export async function ownUses(em: EntityManager, registrar: Pick<Registrar, 'organizationId' | 'regionScoped' | 'municipalityCode'>): Promise<OwnUses> {
  const id = registrar.organizationId;
  if (!registrar.regionScoped) return { where: { registeringOrganizationId: id }, holds: (use) => use.registeringOrganizationId === id };
  const providers = registrar.municipalityCode ? await new ScopeRepository(em).providersOfMunicipality(id, registrar.municipalityCode) : [];
  return { where: { registeringRegionId: id, providerId: { $in: providers } }, holds: (use) => use.registeringRegionId === id && providers.includes(use.providerId) };
}
