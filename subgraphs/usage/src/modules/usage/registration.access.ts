import { forbidden, nameUuid, requireActor, type Identity, type Role } from '@kaikukanta/kit';
import { problem, type RegistrationProblem } from './registration.errors.js';

/** Who registers: the organisation whose staff or partner system acts, and who exactly (R28: kept with the use). */
export interface Registrar {
  /**
   * On whose behalf uses are registered: the organisation of the staff member or partner key — or, for a culture
   * officer, whose membership names a region and a municipality of it (decision 0022), the region. It owns the
   * idempotency keys, the cancellations and the rate limit.
   */
  organizationId: string;
  /** True when `organizationId` is a culture officer's region, not an organisation. */
  regionScoped: boolean;
  /** A culture officer's municipality (Statistics Finland code): they act for its providers only (decision 0022). */
  municipalityCode?: string;
  /**
   * Whose idempotency keys and write count these are: the organisation (its staff and keys together) — or, for a
   * culture officer, the officers of their municipality together (decision 0022): never another municipality's.
   */
  keyOwner: string;
  userId: string | null;
  apiKeyId: string | null;
  /** The person's role, or `API_KEY` for a partner system. */
  role: Role | 'API_KEY';
  scopes: readonly string[];
}

/** Roles whose staff register uses: providers at their door, ticket agents for clients (R18), culture officers for agency reports. */
const REGISTERING_ROLES: readonly Role[] = ['CULTURE_PROVIDER', 'TICKET_AGENT', 'CULTURE_OFFICER'];

/** The registrar behind an identity (decision 0013's `requireActor`); UNAUTHENTICATED or FORBIDDEN for anyone who never registers uses. */
export function registrarOf(identity: Identity): Registrar {
  // Every partner key is admitted here: one without USAGE_WRITE is told so by its own code (USAGE_WRITE_SCOPE_MISSING).
  const actor = requireActor(identity, { roles: REGISTERING_ROLES, apiKeys: true });
  if (actor.kind === 'apiKey') {
    return { organizationId: actor.organizationId, regionScoped: false, keyOwner: actor.organizationId, userId: null, apiKeyId: actor.apiKeyId, role: 'API_KEY', scopes: actor.scopes };
  }
  const { organizationId, regionId, municipalityCode, role } = actor.membership;
  const base = { userId: actor.userId, apiKeyId: null, role, scopes: [] };
  if (organizationId) return { ...base, organizationId, regionScoped: false, keyOwner: organizationId };
  // organizations requires both for an officer (membership_scope_check); an identity without them acts for nobody.
  if (role === 'CULTURE_OFFICER' && regionId && municipalityCode) return { ...base, organizationId: regionId, regionScoped: true, municipalityCode, keyOwner: nameUuid(`culture-officers:${regionId.toLowerCase()}:${municipalityCode}`) };
  throw forbidden();
}

/** Whose a new use is (R28): the registrar's organisation — or, for a culture officer, the region (decision 0022). */
export function registeringScope(registrar: Pick<Registrar, 'organizationId' | 'regionScoped'>): { registeringOrganizationId: string | null; registeringRegionId: string | null } {
  return registrar.regionScoped
    ? { registeringOrganizationId: null, registeringRegionId: registrar.organizationId }
    : { registeringOrganizationId: registrar.organizationId, registeringRegionId: null };
}

/** R18: an API key writes uses only with the USAGE_WRITE scope. */
export function scopeProblem(registrar: Registrar): RegistrationProblem | null {
  return registrar.role === 'API_KEY' && !registrar.scopes.includes('USAGE_WRITE') ? problem('USAGE_WRITE_SCOPE_MISSING', 'idempotencyKey') : null;
}

/**
 * R18: whether the registrar may register for the provider's event. Its own events always; a ticket agent (or a
 * partner key) for its client providers, a culture officer for the providers of their municipality (decision
 * 0022) — as far as `mayActFor` (organizations' published views) says so. Single registrations, groups and
 * spreadsheet imports all ask here, so they hold the same line.
 */
export async function providerProblem(
  registrar: Registrar,
  providerId: string,
  mayActFor: (registrar: Registrar, providerId: string) => Promise<boolean>,
): Promise<RegistrationProblem | null> {
  if (!registrar.regionScoped && registrar.organizationId === providerId) return null;
  if (await mayActFor(registrar, providerId)) return null;
  if (registrar.role === 'TICKET_AGENT' || registrar.role === 'API_KEY') return problem('PROVIDER_NOT_CLIENT', 'eventId');
  if (registrar.role === 'CULTURE_OFFICER') return problem('PROVIDER_OUTSIDE_AREA', 'eventId');
  return problem('NOT_OWN_EVENT', 'eventId');
}
