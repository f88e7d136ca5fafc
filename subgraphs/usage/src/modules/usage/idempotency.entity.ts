import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { WRITE_OPERATIONS } from './usage.model.js';

/**
 * A client-supplied idempotency key and the answer it got (ARCHITECTURE "Partner writes carry an idempotency
 * key"; R16 offline resends). Unique per registering organisation and key — the primary key — so two concurrent
 * requests with one key are told apart by the database, never by a prior read. Written in the transaction of the
 * write it names: a refused or rolled-back write leaves no key behind.
 */
export const IdempotencyKeyEntity = defineEntity({
  name: 'IdempotencyKey',
  tableName: 'idempotency_key',
  properties: {
    organizationId: p.uuid().primary(),
    key: p.string().length(100).primary(),
    operation: p.enum(WRITE_OPERATIONS),
    /** SHA-256 of the request's content: the same key with other content is refused. */
    requestHash: p.string().length(64),
    /** The uses the request wrote (or cancelled). */
    usageIds: p.array().columnType('uuid[]'),
    groupId: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type IdempotencyKey = InferEntity<typeof IdempotencyKeyEntity>;
