import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { CODE_PATTERN } from './card-code.js';
import { CARD_KINDS, CARD_STATES, HISTORY_KINDS, OUT_OF_USE_REASONS } from './card.model.js';

/**
 * A registered card (R1–R6, R10). R9: nothing here can identify the holder —
 * the code is the card's, every text column is a closed list or a pattern
 * checked by the database, and background data lives apart with only the R8
 * fields. Ids of organisations and people are the registry's staff, never
 * the cardholder.
 */
export const CardEntity = defineEntity({
  name: 'Card',
  tableName: 'card',
  checks: [
    { name: 'card_validity_check', expression: 'valid_until >= granted_on' },
    { name: 'card_closed_check', expression: "(state = 'ACTIVE') = (closed_on is null)" },
  ],
  properties: {
    id: p.uuid().primary(),
    /** R1/R2: ASCII letters and digits only, upper case, no spaces. */
    code: p.string().length(20).unique().check(`code ~ '${CODE_PATTERN}'`),
    kind: p.enum(CARD_KINDS),
    /** The registering organisation (organizations.organization.id; another subgraph's key, so no foreign key). For a community card also its owner (R10). */
    distributorId: p.uuid().index(),
    /** The registering organisation's region, for the responsible person's access. */
    regionId: p.uuid().nullable().index(),
    grantedOn: p.date(),
    /** R5: the end of the trial when granted on trial. */
    trialEndsOn: p.date().nullable(),
    /** R5/R6: the last day the card is valid; moved by extensions. */
    validUntil: p.date(),
    state: p.enum(CARD_STATES).default('ACTIVE'),
    /** R6: from this day on an ended or out-of-use card cannot be used. */
    closedOn: p.date().nullable(),
    outOfUseReason: p.enum(OUT_OF_USE_REASONS).nullable(),
    /** R11b: child tickets one use may carry — the holder's minor children (R8), or a community card's group (R10). */
    childTicketLimit: p.smallint().check('child_ticket_limit >= 0'),
    createdAt: p.datetime().onCreate(() => new Date()),
    updatedAt: p.datetime().onCreate(() => new Date()).onUpdate(() => new Date()),
  },
});
export type Card = InferEntity<typeof CardEntity>;

/** R6: the card's history — every registration and validity change with who and when. Append-only. */
export const CardHistoryEntity = defineEntity({
  name: 'CardHistory',
  tableName: 'card_history',
  properties: {
    id: p.uuid().primary(),
    card: () => p.manyToOne(CardEntity).index(),
    kind: p.enum(HISTORY_KINDS),
    /** The day the change takes effect (grant date, renewal date, end date). */
    effectiveOn: p.date(),
    /** The last valid day after the change. */
    validUntil: p.date(),
    outOfUseReason: p.enum(OUT_OF_USE_REASONS).nullable(),
    /** Who: a registry user (staff), never the holder. */
    actorUserId: p.uuid().nullable(),
    actorOrganizationId: p.uuid().nullable(),
    at: p.datetime().onCreate(() => new Date()),
  },
});
export type CardHistory = InferEntity<typeof CardHistoryEntity>;
