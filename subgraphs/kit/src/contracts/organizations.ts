/**
 * What the organizations subgraph publishes read-only to others (ARCHITECTURE
 * "Data ownership", decision 0010): view names, their columns with PostgreSQL
 * types, and the row types a reader gets. The owner's contract test
 * (organizations/src/test/published-views.int.spec.ts) holds its views to
 * exactly these columns; readers query only these names.
 */

/** `organizations.provider_scope`: an organisation's kinds, venue type, where it is and its statistics field — for access checks, cap rules and statistics (R18, R20, R25). */
export const PROVIDER_SCOPE_VIEW = { schema: 'organizations', view: 'provider_scope' } as const;
/** `organizations.agent_client`: which ticket agent sells for which culture provider (R18). */
export const AGENT_CLIENT_VIEW = { schema: 'organizations', view: 'agent_client' } as const;

/** Column name and `format_type` of each published column, in order. */
export type ViewColumns = readonly (readonly [column: string, type: string])[];

export const PROVIDER_SCOPE_COLUMNS = [
  ['organization_id', 'uuid'],
  ['kinds', 'text[]'],
  /** organization.model VENUE_TYPES; null when not told. SPORT + day tickets select the swimming-hall cap rule (R20, decision 0014). */
  ['venue_type', 'text'],
  ['municipality_code', 'character varying(3)'],
  ['region_id', 'uuid'],
  ['active', 'boolean'],
  /** organization.model STATISTICS_FIELDS; null when not told. Statistics splits uses by it (R25). */
  ['field', 'text'],
] as const satisfies ViewColumns;

export const AGENT_CLIENT_COLUMNS = [
  ['agent_id', 'uuid'],
  ['provider_id', 'uuid'],
] as const satisfies ViewColumns;

/** A row of `organizations.provider_scope`. */
export interface ProviderScopeRow {
  organization_id: string;
  kinds: ('DISTRIBUTOR' | 'CULTURE_PROVIDER' | 'TICKET_AGENT')[];
  venue_type: string | null;
  municipality_code: string;
  region_id: string;
  active: boolean;
  /** R25; optional for fixtures that predate it (stored null). */
  field?: 'CULTURE' | 'EDUCATION' | 'SCIENCE' | 'SPORT' | null;
}

/** A row of `organizations.agent_client`: the agent sells tickets for the provider (R18). */
export interface AgentClientRow {
  agent_id: string;
  provider_id: string;
}
