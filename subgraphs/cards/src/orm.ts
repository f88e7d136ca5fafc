import { defineOrm } from '@kaikukanta/kit';
import { migrations } from './migrations/index.js';
import { BackgroundEntity } from './modules/background/background.entity.js';
import { CardEntity, CardHistoryEntity } from './modules/card/card.entity.js';
import { OutboxEntity } from './modules/outbox/outbox.entity.js';
import { CardStatusView } from './modules/status/card-status.view.js';
import { LookupThrottleEntity } from './modules/status/lookup-throttle.entity.js';

/** The cards schema: cards, background data, validity history, outbox, the published card_status view. */
export const createOrm = defineOrm({
  schema: 'cards',
  entities: [CardEntity, CardHistoryEntity, BackgroundEntity, OutboxEntity, LookupThrottleEntity, CardStatusView],
  migrations,
  migrationsDir: new URL('../src/migrations/', import.meta.url),
});
