import { AGENT_CLIENT_VIEW, PROVIDER_SCOPE_VIEW, type ProviderScopeRow } from '@kaikukanta/kit/contracts';
import type { EntityManager } from '@kaikukanta/kit';

const PROVIDER_SCOPE = `"${PROVIDER_SCOPE_VIEW.schema}"."${PROVIDER_SCOPE_VIEW.view}"`;
const AGENT_CLIENT = `"${AGENT_CLIENT_VIEW.schema}"."${AGENT_CLIENT_VIEW.view}"`;

/**
 * Who a provider is and who sells for it, from the views organizations
 * publishes (kit/contracts/organizations.ts), read inside the caller's
 * transaction: a client link removed a moment ago no longer lets an agent
 * edit the provider's events (R18).
 */
export class ProviderScopeRepository {
  constructor(private readonly em: EntityManager) {}

  async scopeOf(organizationId: string): Promise<ProviderScopeRow | null> {
    const rows = await this.em.execute<ProviderScopeRow[]>(
      `select organization_id, kinds, venue_type, municipality_code, region_id, active from ${PROVIDER_SCOPE} where organization_id = ?`,
      [organizationId],
    );
    return rows[0] ?? null;
  }

  /** R18: whether the ticket agent sells tickets for the provider. */
  async isClient(agentId: string, providerId: string): Promise<boolean> {
    const rows = await this.em.execute(`select 1 from ${AGENT_CLIENT} where agent_id = ? and provider_id = ?`, [agentId, providerId]);
    return rows.length > 0;
  }
}
