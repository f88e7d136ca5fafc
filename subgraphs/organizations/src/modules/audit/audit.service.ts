import type { EntityManager } from '@kaikukanta/kit';
import { AuditEntryEntity, type AuditEntry } from './audit.entity.js';

export interface AuditRecord {
  actorUserId: string | null;
  action: string;
  targetType: string;
  targetId: string;
  regionId: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log inside the caller's transaction, so a change and its record commit together. */
export function recordAudit(em: EntityManager, record: AuditRecord): void {
  em.create(AuditEntryEntity, { ...record, details: record.details ?? null, at: new Date() });
}

export function listAudit(em: EntityManager, filter: { regionId?: string; before?: number; limit: number }): Promise<AuditEntry[]> {
  return em.find(
    AuditEntryEntity,
    { ...(filter.regionId ? { regionId: filter.regionId } : {}), ...(filter.before ? { id: { $lt: filter.before } } : {}) },
    { orderBy: { id: 'desc' }, limit: filter.limit },
  );
}
