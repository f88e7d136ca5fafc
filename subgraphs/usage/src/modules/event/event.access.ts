import { actsFor, hasRole, membershipOf, requireActor, type ActiveMembership, type Actor, type Identity, type PartnerSystem, type Role } from '@kaikukanta/kit';
import type { ProviderScopeRow } from '@kaikukanta/kit/contracts';

/**
 * Who keeps a provider's events (DOMAIN "Events, caps and time limits"), in the kit's access idiom (decision 0013):
 * - the provider's own staff, and its partner systems holding the EVENTS_WRITE scope;
 * - a ticket agent's staff, for its client providers only (R18);
 * - a municipal culture officer, for the providers of their municipality (DOMAIN; the
 *   membership names it, decision 0022) — registrations use the same rule (scope.repository.ts).
 */
export type EventKeeper = Actor | PartnerSystem;

const KEEPER_ROLES: readonly Role[] = ['CULTURE_PROVIDER', 'TICKET_AGENT', 'CULTURE_OFFICER'];

/** The caller, when it is of a kind that may keep events at all: UNAUTHENTICATED / FORBIDDEN otherwise. */
export function keeperOf(identity: Identity): EventKeeper {
  return requireActor(identity, { roles: KEEPER_ROLES, apiKeys: { scope: 'EVENTS_WRITE' } });
}

/** An active culture provider: the only kind of organisation with events. */
export function isActiveProvider(scope: ProviderScopeRow | null): scope is ProviderScopeRow {
  return !!scope && scope.active && scope.kinds.includes('CULTURE_PROVIDER');
}

/** Whether `keeper` may keep the events of the provider `scope` describes; `isClient(agentId)` answers R18. */
export async function mayKeep(keeper: EventKeeper, scope: ProviderScopeRow, isClient: (agentId: string) => Promise<boolean>): Promise<boolean> {
  // Its own events: the provider's staff (Vasa Stadsteater, agent and provider at once, through either membership) and keys.
  if (actsFor(keeper, scope.organization_id)) return true;
  const membership = membershipOf(keeper);
  if (hasRole(keeper, 'TICKET_AGENT') && membership?.organizationId) return isClient(membership.organizationId);
  if (hasRole(keeper, 'CULTURE_OFFICER')) return isOfficerOf(membership, scope);
  return false;
}

/** Decision 0022: the officer's municipality is the provider's (and so is the region, as organizations guarantees). */
function isOfficerOf(membership: ActiveMembership | null, scope: ProviderScopeRow): boolean {
  if (!membership?.municipalityCode || !membership.regionId) return false;
  return membership.municipalityCode === scope.municipality_code && membership.regionId === scope.region_id;
}
