import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/**
 * Card status look-ups per caller and minute, so codes cannot be enumerated
 * (R29). The caller is an organisation (or region) for people, or an
 * organisation's partner keys together (a uuid derived from it). Kept in
 * PostgreSQL: shared by replicas, survives restarts.
 */
export const LookupThrottleEntity = defineEntity({
  name: 'LookupThrottle',
  tableName: 'status_lookup',
  properties: {
    callerId: p.uuid().primary(),
    windowStart: p.datetime(),
    lookups: p.integer(),
  },
});
export type LookupThrottle = InferEntity<typeof LookupThrottleEntity>;
