import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/**
 * Writes per caller in a sliding minute (a partner key, or an organisation's staff), kept in PostgreSQL so replicas share it and a
 * restart forgets nothing. Two fixed one-minute windows weighted by the time into the current one.
 */
export const WriteThrottleEntity = defineEntity({
  name: 'WriteThrottle',
  tableName: 'write_throttle',
  properties: {
    callerId: p.uuid().primary(),
    windowStart: p.datetime(),
    current: p.integer(),
    previous: p.integer(),
  },
});
export type WriteThrottle = InferEntity<typeof WriteThrottleEntity>;
