import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { CHILDREN_BANDS } from '@kaikukanta/kit/contracts';
import { GENDERS, LIFE_SITUATIONS, MOTHER_TONGUES } from '../background/background.model.js';
import { CARD_KINDS, HISTORY_KINDS } from '../card/card.model.js';

/**
 * Events for other subgraphs (ARCHITECTURE "Data ownership"): appended in the
 * same transaction as the change they describe, read in order of `id` by
 * readers that keep their position in their own schema. Typed columns, not a
 * JSON payload: no background data and no free text can ride along (R9, R27).
 */
/**
 * Transaction-level advisory lock that orders every append to `cards.outbox`.
 * The value is arbitrary but reserved for this table: another outbox takes its
 * own key.
 */
export const OUTBOX_LOCK_KEY = 7_202_611_220_001;

export const OutboxEntity = defineEntity({
  name: 'Outbox',
  tableName: 'outbox',
  // L4, decision 0009: every insert, by whatever writer (the app, a seeder, a backfill in psql, a data migration),
  // takes the outbox lock before it draws an id, so ids commit in id order and no reader skips a late commit. A
  // statement-level BEFORE trigger fires before the statement evaluates any row's default (`nextval`); a row-level
  // one would fire after its row's id is drawn, too late.
  triggers: [{ name: 'append_lock', timing: 'before', events: ['insert'], forEach: 'statement', body: `perform pg_advisory_xact_lock(${OUTBOX_LOCK_KEY}); return null` }],
  // Statistics looks up a card's distributor by id when a use of it arrives (distinct cards per distributor, R25).
  indexes: [{ name: 'outbox_card_id_index', properties: ['cardId'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    type: p.enum(HISTORY_KINDS),
    cardId: p.uuid(),
    cardKind: p.enum(CARD_KINDS),
    distributorId: p.uuid(),
    regionId: p.uuid().nullable(),
    effectiveOn: p.date(),
    validUntil: p.date(),
    occurredAt: p.datetime().onCreate(() => new Date()),
    // R25 background distributions, as bands only and on REGISTERED rows of personal cards only (R9, R27;
    // contract kit/src/contracts/cards-outbox.ts): a birth decade, never the year; a postal area, never the code.
    birthDecade: p.smallint().nullable().check('birth_decade is null or birth_decade % 10 = 0'),
    motherTongue: p.enum(MOTHER_TONGUES).nullable(),
    gender: p.enum(GENDERS).nullable(),
    postalArea: p.string().length(2).nullable().check(`postal_area ~ '^[0-9]{2}$'`),
    lifeSituations: p.enum(LIFE_SITUATIONS).array().nullable(),
    childrenBand: p.enum(CHILDREN_BANDS).nullable(),
  },
});
export type Outbox = InferEntity<typeof OutboxEntity>;

/** Channel of the NOTIFY sent with every outbox append (delivered when the transaction commits). */
export const OUTBOX_CHANNEL = 'cards_outbox';
