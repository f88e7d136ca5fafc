import type { EntityManager, SubgraphContext } from '@kaikukanta/kit';
import { isNationalAdmin, requireAnyAdmin } from '../access/policy.js';
import { AuditEntryEntity, type AuditEntry } from './audit.entity.js';
import { AuditEntryType } from './audit.type.js';

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

/** Reading the log of rights changes: everything for national admins, their own region's entries for a responsible person (R28). */
export class AuditService {
  constructor(private readonly ctx: SubgraphContext) {}

  async list(options: { limit: number; before: string | null }): Promise<AuditEntryType[]> {
    const actor = requireAnyAdmin(this.ctx.identity);
    const rows = await listAudit(this.ctx.em, {
      ...(isNationalAdmin(actor) ? {} : { regionId: actor.membership.regionId as string }),
      ...(options.before && /^\d{1,15}$/.test(options.before) ? { before: Number(options.before) } : {}),
      limit: Math.min(Math.max(options.limit, 1), 200),
    });
    return rows.map(AuditEntryType.from);
  }
}

function listAudit(em: EntityManager, filter: { regionId?: string; before?: number; limit: number }): Promise<AuditEntry[]> {
  return em.find(
    AuditEntryEntity,
    { ...(filter.regionId ? { regionId: filter.regionId } : {}), ...(filter.before ? { id: { $lt: filter.before } } : {}) },
    { orderBy: { id: 'desc' }, limit: filter.limit },
  );
}
