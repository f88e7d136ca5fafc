import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { MembershipEntity, UserEntity } from '../user/user.entity.js';

/** A browser session. The cookie holds a random token; only its SHA-256 is stored. */
export const SessionEntity = defineEntity({
  name: 'Session',
  tableName: 'session',
  properties: {
    id: p.uuid().primary(),
    tokenHash: p.string().length(64).unique(),
    user: () => p.manyToOne(UserEntity).index(),
    activeMembership: () => p.manyToOne(MembershipEntity).nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    lastSeenAt: p.datetime(),
    revokedAt: p.datetime().nullable(),
  },
});
export type Session = InferEntity<typeof SessionEntity>;

/**
 * Failed-login counters per account and per client address. Kept in
 * PostgreSQL so a restart or another replica does not reset them.
 */
export const LoginThrottleEntity = defineEntity({
  name: 'LoginThrottle',
  tableName: 'login_throttle',
  properties: {
    key: p.string().length(100).primary(),
    failures: p.integer().default(0),
    lockedUntil: p.datetime().nullable(),
    /** M4: start of the window `failures` counts in; null (rows from before windows) counts as long past. */
    windowStartedAt: p.datetime().nullable(),
    /** Last attempt; old rows are pruned by it. */
    updatedAt: p.datetime().index(),
  },
});
export type LoginThrottle = InferEntity<typeof LoginThrottleEntity>;
