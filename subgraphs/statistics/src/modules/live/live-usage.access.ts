import { forbidden, isNationalAdmin, isNationalAnalyst, requireActor, type Identity } from '@kaikukanta/kit';
import type { LiveUsageRow } from './live-usage.repository.js';

/** Which uses a caller may follow one by one. */
export type LiveScope = { kind: 'all' } | { kind: 'organization'; organizationId: string };

/**
 * R24, R27 (decision 0016): single uses, live. The national support service
 * and national analysts see every use; a culture provider's or ticket agent's
 * people and its partner keys with USAGE_WRITE see the uses at their venues
 * and the ones they registered — what they registered themselves or had
 * registered at their door. Region-scoped roles and everyone else get the
 * figures, never the single uses: one use is a cell of one (R27).
 * Anonymous → UNAUTHENTICATED, others → FORBIDDEN, exactly as the query.
 */
export function liveScopeOf(identity: Identity): LiveScope {
  const actor = requireActor(identity, { roles: ['NATIONAL_ADMIN', 'ANALYST', 'CULTURE_PROVIDER', 'TICKET_AGENT'], apiKeys: { scope: 'USAGE_WRITE' } });
  if (isNationalAdmin(actor) || isNationalAnalyst(actor)) return { kind: 'all' };
  const organizationId = actor.kind === 'apiKey' ? actor.organizationId : actor.membership.organizationId;
  if (!organizationId) throw forbidden();
  return { kind: 'organization', organizationId };
}

export function inScope(scope: LiveScope, row: Pick<LiveUsageRow, 'providerId' | 'registeringOrganizationId'>): boolean {
  return scope.kind === 'all' || row.providerId === scope.organizationId || row.registeringOrganizationId === scope.organizationId;
}
