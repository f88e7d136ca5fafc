import type { EntityManager } from '@kaikukanta/kit';
import { PROVIDER_SCOPE_VIEW, type ProviderScopeRow } from '@kaikukanta/kit/contracts';

/** Where an organisation is and what it is, for statistics (R25): '' where not known. */
export interface OrganizationDims {
  region: string;
  municipality: string;
  venueType: string;
  field: string;
}

const UNKNOWN: OrganizationDims = { region: '', municipality: '', venueType: '', field: '' };

/**
 * Reads organizations.provider_scope (published to statistics, decision 0010) for the organisations of a batch,
 * in the applying transaction. An organisation not there (or the view not there yet) is attributed to '' rather
 * than holding the figures back.
 */
export async function organizationDims(em: EntityManager, ids: Iterable<string>): Promise<(id: string) => OrganizationDims> {
  const wanted = [...new Set(ids)];
  const found = new Map<string, OrganizationDims>();
  // Checked first: a failed statement would abort the applying transaction (services start in any order).
  const [view] = wanted.length ? await em.execute<{ present: boolean }[]>(`select to_regclass(?) is not null as present`, [`${PROVIDER_SCOPE_VIEW.schema}.${PROVIDER_SCOPE_VIEW.view}`]) : [];
  if (view?.present) {
    const rows = await em.execute<Pick<ProviderScopeRow, 'organization_id' | 'municipality_code' | 'region_id' | 'venue_type' | 'field'>[]>(
      `select organization_id, municipality_code, region_id, venue_type, field from "${PROVIDER_SCOPE_VIEW.schema}"."${PROVIDER_SCOPE_VIEW.view}" where organization_id = any(?::uuid[])`,
      [`{${wanted.join(',')}}`],
    );
    for (const row of rows) found.set(row.organization_id, { region: row.region_id ?? '', municipality: row.municipality_code ?? '', venueType: row.venue_type ?? '', field: row.field ?? '' });
  }
  return (id) => found.get(id) ?? UNKNOWN;
}
