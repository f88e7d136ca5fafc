import { defineOrm } from '@kaikukanta/kit';
import { migrations } from './migrations/index.js';
import { CardEntity } from './modules/card/card.entity.js';

/** The cards schema: cards, background data, validity history, outbox. */
export const createOrm = defineOrm({
  schema: 'cards',
  entities: [CardEntity],
  migrations,
  migrationsDir: new URL('../src/migrations/', import.meta.url),
});
