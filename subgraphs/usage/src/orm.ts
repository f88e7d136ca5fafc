import { defineOrm } from '@kaikukanta/kit';
import { migrations } from './migrations/index.js';
import { EventEntity } from './modules/event/event.entity.js';

/** The usage schema: events with caps, usage registrations, idempotency keys. */
export const createOrm = defineOrm({
  schema: 'usage',
  entities: [EventEntity],
  migrations,
  migrationsDir: new URL('../src/migrations/', import.meta.url),
});
