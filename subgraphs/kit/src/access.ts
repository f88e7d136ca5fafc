import { AppError } from './errors.js';
import type { ActiveMembership, Identity, Role } from './identity.js';

/** The active membership of a signed-in person, or an UNAUTHENTICATED/FORBIDDEN error. */
export function requireMembership(identity: Identity, roles: readonly Role[]): ActiveMembership {
  if (identity.kind === 'anonymous') throw new AppError('UNAUTHENTICATED');
  if (identity.kind !== 'user' || !identity.membership) throw new AppError('FORBIDDEN');
  if (!roles.includes(identity.membership.role)) throw new AppError('FORBIDDEN');
  return identity.membership;
}

export function isAuthenticated(identity: Identity): boolean {
  return identity.kind !== 'anonymous';
}
