import { defineOrm } from '@kaikukanta/kit';
import { migrations } from './migrations/index.js';
import { EventEntity } from './modules/event/event.entity.js';
import { UsageImportRowEntity } from './modules/import/usage-import-row.entity.js';
import { UsageImportEntity } from './modules/import/usage-import.entity.js';
import { IdempotencyKeyEntity } from './modules/usage/idempotency.entity.js';
import { UsageOutboxEntity } from './modules/usage/usage-outbox.entity.js';
import { UsageEntity } from './modules/usage/usage.entity.js';
import { WriteThrottleEntity } from './modules/usage/write-throttle.entity.js';

/** The usage schema: events with caps, usage registrations, idempotency keys. */
export const createOrm = defineOrm({
  schema: 'usage',
  entities: [EventEntity, UsageEntity, IdempotencyKeyEntity, UsageOutboxEntity, WriteThrottleEntity, UsageImportEntity, UsageImportRowEntity],
  migrations,
  migrationsDir: new URL('../src/migrations/', import.meta.url),
});
