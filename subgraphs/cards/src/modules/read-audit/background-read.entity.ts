import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/** Who a background read is recorded against: a person (with their membership) or a partner key. */
export const READER_KINDS = ['USER', 'API_KEY'] as const;
export type ReaderKind = (typeof READER_KINDS)[number];

/** The membership roles (kit's `Role`), closed in the database like every string column of this schema (R9). */
export const READER_ROLES = ['NATIONAL_ADMIN', 'REGION_ADMIN', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT', 'ANALYST', 'CULTURE_OFFICER'] as const;

/**
 * M5: one row per card whose background data (R8) left the subgraph, and per
 * request — who read it (person and membership, or partner key), which card,
 * when, and the request id that ties it to the logs. Never a background value
 * (R9). Append-only: the cards role may only insert and select (`APPEND_ONLY`
 * in kit/db/roles.ts, decision 0010), and a trigger refuses UPDATE, DELETE and
 * TRUNCATE even to an owner's careless script.
 */
export const BackgroundReadEntity = defineEntity({
  name: 'BackgroundRead',
  tableName: 'background_read',
  // TRUNCATE is refused by a second trigger, `background_read_no_truncate`, written by hand in its migration: PostgreSQL's
  // information_schema.triggers does not list TRUNCATE triggers, so MikroORM cannot introspect one and would recreate it
  // on every schema diff if it were declared here.
  triggers: [
    {
      name: 'background_read_append_only',
      timing: 'before',
      events: ['update', 'delete'],
      forEach: 'statement',
      body: "raise exception 'background_read is append-only';",
    },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    at: p.datetime().onCreate(() => new Date()).index(),
    /** The gateway's request id (a UUID); null when the request came without one. */
    requestId: p.uuid().nullable(),
    readerKind: p.enum(READER_KINDS),
    userId: p.uuid().nullable(),
    apiKeyId: p.uuid().nullable(),
    organizationId: p.uuid().nullable(),
    regionId: p.uuid().nullable(),
    role: p.enum(READER_ROLES).nullable(),
    cardId: p.uuid().index(),
  },
});
export type BackgroundRead = InferEntity<typeof BackgroundReadEntity>;
