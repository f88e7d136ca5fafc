import { defineOrm } from '@kaikukanta/kit';
import { migrations } from './migrations/index.js';
import { BackgroundEntity } from './modules/background/background.entity.js';
import { CardEntity, CardHistoryEntity } from './modules/card/card.entity.js';
import { OutboxEntity } from './modules/outbox/outbox.entity.js';
import { BackgroundReadEntity } from './modules/read-audit/background-read.entity.js';
import { CardStatusView } from './modules/status/card-status.view.js';
import { LookupThrottleEntity } from './modules/status/lookup-throttle.entity.js';

/** The cards schema: cards, background data and the log of its reads, validity history, outbox, the published card_status view. */
export const createOrm = defineOrm({
  schema: 'cards',
  entities: [CardEntity, CardHistoryEntity, BackgroundEntity, BackgroundReadEntity, OutboxEntity, LookupThrottleEntity, CardStatusView],
  migrations,
  migrationsDir: new URL('../src/migrations/', import.meta.url),
});
