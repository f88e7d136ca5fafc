import { forbidden, unauthenticated } from './errors.js';
import type { ActiveMembership, ApiKeyIdentity, Identity, Role, UserIdentity } from './identity.js';

/**
 * The one access idiom of every subgraph (decision 0013). A service method
 * opens with {@link requireActor}: it answers the two questions every subgraph
 * used to answer for itself — is anyone there (`UNAUTHENTICATED`), and may this
 * kind of caller be here at all (`FORBIDDEN`) — and returns who acts. The scope
 * predicates below then say where that actor may act; a subgraph's own
 * `*.access.ts` composes them into its domain rules and throws `forbidden()`
 * (or answers `NOT_FOUND`, where existence must not leak) when they say no.
 *
 * Errors carry the generic code and message only — never an id, a role or
 * what was asked for (ARCHITECTURE "Security model", STYLE habit 12).
 */

/** A signed-in person acting in one membership (role + organisation or region scope). */
export interface Actor {
  kind: 'user';
  userId: string;
  membership: ActiveMembership;
}

/** A partner system acting through an API key of its organisation. */
export type PartnerSystem = ApiKeyIdentity;

/** What the predicates judge: the verified identity itself, or what {@link requireActor} returned. */
export type Principal = Identity | Actor;

export interface RequireActorOptions {
  /** Roles whose members may act. Default: any role. Partner systems have no role; `apiKeys` decides for them. */
  roles?: readonly Role[];
  /**
   * Whether partner systems may act too. `true` admits every key; `{ scope }`
   * only keys holding that scope. Default: refused (`FORBIDDEN`).
   */
  apiKeys?: boolean | { scope: string };
}

/**
 * Who acts, or an error: anonymous → `UNAUTHENTICATED`; an API key not
 * admitted by `apiKeys`, a person without an active membership, or a role
 * outside `roles` → `FORBIDDEN`.
 */
export function requireActor(identity: Identity, options?: RequireActorOptions & { apiKeys?: false }): Actor;
export function requireActor(identity: Identity, options: RequireActorOptions): Actor | PartnerSystem;
export function requireActor(identity: Identity, options: RequireActorOptions = {}): Actor | PartnerSystem {
  if (identity.kind === 'anonymous') throw unauthenticated();
  if (identity.kind === 'apiKey') {
    const { apiKeys = false } = options;
    const admitted = apiKeys === true || (typeof apiKeys === 'object' && identity.scopes.includes(apiKeys.scope));
    if (!admitted) throw forbidden();
    return identity;
  }
  const { membership } = identity;
  if (!membership) throw forbidden();
  if (options.roles && !options.roles.includes(membership.role)) throw forbidden();
  return { kind: 'user', userId: identity.userId, membership };
}

/**
 * A signed-in person, in a membership or not — for what people do to their
 * own account (choose a membership, change their password). Anonymous →
 * `UNAUTHENTICATED`; a partner system → `FORBIDDEN`.
 */
export function requirePerson(identity: Identity): UserIdentity {
  if (identity.kind === 'anonymous') throw unauthenticated();
  if (identity.kind !== 'user') throw forbidden();
  return identity;
}

/**
 * The organisation an actor acts for, or `FORBIDDEN` for a regional or
 * national membership (work that is done for one organisation, such as
 * registering cards or uses).
 */
export function requireOrganization(actor: Actor | PartnerSystem): string {
  const organizationId = actor.kind === 'apiKey' ? actor.organizationId : actor.membership.organizationId;
  if (!organizationId) throw forbidden();
  return organizationId;
}

/** Whether anyone is signed in (a person or a partner system). */
export function isAuthenticated(identity: Identity): boolean {
  return identity.kind !== 'anonymous';
}

/** The membership a person acts in; null for anonymous callers, partner systems and people without one. */
export function membershipOf(principal: Principal): ActiveMembership | null {
  return principal.kind === 'user' ? (principal.membership ?? null) : null;
}

/** Whether a person acts in one of `roles` (never a partner system). */
export function hasRole(principal: Principal, ...roles: Role[]): boolean {
  const membership = membershipOf(principal);
  return membership !== null && roles.includes(membership.role);
}

/** The national support service: manages everything (DOMAIN "People and roles"). */
export function isNationalAdmin(principal: Principal): boolean {
  return hasRole(principal, 'NATIONAL_ADMIN');
}

/** An analyst of the whole country, not of one region (R26, R27: sees national aggregates exact). */
export function isNationalAnalyst(principal: Principal): boolean {
  return hasRole(principal, 'ANALYST') && !membershipOf(principal)?.regionId;
}

/**
 * Whether the principal administers the region: the national support service
 * everywhere, a region's responsible person (REGION_ADMIN) in their own. A
 * missing region is administered by national admins only (R28).
 */
export function administersRegion(principal: Principal, regionId: string | null | undefined): boolean {
  if (isNationalAdmin(principal)) return true;
  const membership = membershipOf(principal);
  return membership?.role === 'REGION_ADMIN' && Boolean(membership.regionId) && membership.regionId === regionId;
}

/**
 * Whether the principal acts for the organisation: a person whose membership
 * is in it (any role), or one of its partner systems. Compose with
 * {@link hasRole} when only some of its staff may act.
 */
export function actsFor(principal: Principal, organizationId: string): boolean {
  if (principal.kind === 'apiKey') return principal.organizationId === organizationId;
  const membership = membershipOf(principal);
  return Boolean(membership?.organizationId) && membership?.organizationId === organizationId;
}
