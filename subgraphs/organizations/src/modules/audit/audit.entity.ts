import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/**
 * Append-only log of rights changes (who, what, when). A trigger refuses
 * UPDATE and DELETE, so not even a bug or a careless admin script can
 * rewrite history.
 */
export const AuditEntryEntity = defineEntity({
  name: 'AuditEntry',
  tableName: 'audit_log',
  triggers: [
    {
      name: 'audit_log_append_only',
      timing: 'before',
      events: ['update', 'delete'],
      body: "raise exception 'audit_log is append-only';",
    },
  ],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    at: p.datetime().onCreate(() => new Date()),
    /** Indexed for the log's person filter. */
    actorUserId: p.uuid().nullable().index(),
    action: p.string().length(60),
    targetType: p.string().length(40),
    targetId: p.string().length(64),
    /** The region the change concerns, so a responsible person reads only their region's entries. */
    regionId: p.uuid().nullable().index(),
    details: p.json<Record<string, unknown>>().nullable(),
  },
});
export type AuditEntry = InferEntity<typeof AuditEntryEntity>;
