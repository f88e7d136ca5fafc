import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/**
 * The statistics read models (R24, R25), derived from the cards and usage outboxes in the transaction that moves
 * each reader's position (decision 0009), so nothing is lost or counted twice. Counts and ids only: no card code,
 * no background row — background only as bands counted per day (R9, R27). Dimension columns are never null ('' =
 * not known), so each cell has one primary key. Region, municipality, venue type and field are the organisation's
 * as organizations.provider_scope says when the event is applied (decision 0017).
 */

/** One row per card: what its later events need (R6) — ids and days only. */
export const CardStateEntity = defineEntity({
  name: 'CardState',
  tableName: 'card_state',
  properties: {
    cardId: p.uuid().primary(),
    cardKind: p.string().length(10),
    distributorId: p.uuid(),
    region: p.string().length(36),
    municipality: p.string().length(3),
    grantedOn: p.date(),
    /** The first day the card is no longer usable: min(last valid day + 1, closing day) (decision 0006). */
    activeUntil: p.date(),
  },
});
export type CardState = InferEntity<typeof CardStateEntity>;

/** Cards granted, extended, ended and taken out of use per day and distributor; `activeDelta` summed up to a day gives the cards active on it. */
export const CardDailyEntity = defineEntity({
  name: 'CardDaily',
  tableName: 'card_daily',
  properties: {
    day: p.date().primary(),
    distributorId: p.uuid().primary(),
    region: p.string().length(36).primary(),
    municipality: p.string().length(3).primary(),
    cardKind: p.string().length(10).primary(),
    granted: p.integer().default(0),
    extended: p.integer().default(0),
    ended: p.integer().default(0),
    takenOutOfUse: p.integer().default(0),
    activeDelta: p.integer().default(0),
  },
});

/** R25: personal cards granted per day and distributor by one background band (a card counts once per life situation). */
export const CardBackgroundEntity = defineEntity({
  name: 'CardBackground',
  tableName: 'card_background',
  properties: {
    day: p.date().primary(),
    distributorId: p.uuid().primary(),
    region: p.string().length(36).primary(),
    municipality: p.string().length(3).primary(),
    dimension: p.string().length(20).primary(),
    value: p.string().length(30).primary(),
    cards: p.integer().default(0),
  },
});

/** R25: uses (one adult ticket each) and child tickets per day and cell; cancellations subtract. */
export const UsageDailyEntity = defineEntity({
  name: 'UsageDaily',
  tableName: 'usage_daily',
  properties: {
    day: p.date().primary(),
    providerId: p.uuid().primary(),
    /** The registering organisation, or a culture officer's region (decision 0014). */
    registrar: p.string().length(36).primary(),
    /** The distributor of the card used ('' when not known). */
    distributor: p.string().length(36).primary(),
    region: p.string().length(36).primary(),
    municipality: p.string().length(3).primary(),
    venueType: p.string().length(30).primary(),
    field: p.string().length(10).primary(),
    eventKind: p.string().length(12).primary(),
    cardKind: p.string().length(10).primary(),
    uses: p.integer().default(0),
    childTickets: p.integer().default(0),
  },
});

/**
 * Distinct cards used: one row per (card id, period, scope) with the card's uses there; a card counts in
 * `distinct_cards` while its uses there are above zero. The card's id, never its code (R27).
 */
export const CardUseEntity = defineEntity({
  name: 'CardUse',
  tableName: 'card_use',
  indexes: [{ name: 'card_use_scope_index', properties: ['period', 'scopeKind', 'scopeId', 'periodStart'] }],
  properties: {
    cardId: p.uuid().primary(),
    period: p.string().length(5).primary(),
    periodStart: p.date().primary(),
    scopeKind: p.string().length(20).primary(),
    scopeId: p.string().length(60).primary(),
    uses: p.integer().default(0),
  },
});

export const DistinctCardsEntity = defineEntity({
  name: 'DistinctCards',
  tableName: 'distinct_cards',
  properties: {
    period: p.string().length(5).primary(),
    periodStart: p.date().primary(),
    scopeKind: p.string().length(20).primary(),
    scopeId: p.string().length(60).primary(),
    /** The region the scope lies in ('' for national scopes), to break a region down by municipality or provider. */
    region: p.string().length(36).default(''),
    cards: p.integer().default(0),
  },
});

export const READ_MODEL_ENTITIES = [CardStateEntity, CardDailyEntity, CardBackgroundEntity, UsageDailyEntity, CardUseEntity, DistinctCardsEntity];
/** Every read-model table, for a rebuild. */
export const READ_MODEL_TABLES = ['card_state', 'card_daily', 'card_background', 'usage_daily', 'card_use', 'distinct_cards'] as const;
