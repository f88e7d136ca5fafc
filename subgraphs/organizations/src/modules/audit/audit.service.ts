import { badInput, isNationalAdmin, isUuid, type EntityManager, type SubgraphContext } from '@kaikukanta/kit';
import { requireAnyAdmin } from '../access/policy.js';
import { AuditEntryEntity, type AuditEntry } from './audit.entity.js';
import type { AuditAction, AuditTargetType } from './audit.model.js';
import { AuditEntryType } from './audit.type.js';

export interface AuditRecord {
  actorUserId: string | null;
  action: AuditAction;
  targetType: AuditTargetType;
  targetId: string;
  regionId: string | null;
  details?: Record<string, unknown>;
}

/** Appends to the audit log inside the caller's transaction, so a change and its record commit together. */
export function recordAudit(em: EntityManager, record: AuditRecord): void {
  em.create(AuditEntryEntity, { ...record, details: record.details ?? null, at: new Date() });
}

export interface AuditQuery {
  limit: number;
  before: string | null;
  action?: AuditAction | null;
  /** Entries this person made, or that concern them (their account, their roles). */
  personId?: string | null;
  /** From this instant, inclusive. */
  from?: Date | null;
  /** Until this instant, exclusive. */
  to?: Date | null;
}

/** At most this many entries a page; a longer period is read page by page (`before`). */
export const AUDIT_PAGE_MAX = 200;

/** Reading the log of rights changes: everything for national admins, their own region's entries for a responsible person (R28). */
export class AuditService {
  constructor(private readonly ctx: SubgraphContext) {}

  async list(query: AuditQuery): Promise<AuditEntryType[]> {
    const actor = requireAnyAdmin(this.ctx.identity);
    if (query.personId && !isUuid(query.personId)) throw badInput('personId');
    if (query.from && query.to && query.from >= query.to) throw periodReversed();
    const rows = await listAudit(this.ctx.em, {
      ...(isNationalAdmin(actor) ? {} : { regionId: actor.membership.regionId as string }),
      ...(query.before && /^\d{1,15}$/.test(query.before) ? { before: Number(query.before) } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.personId ? { personId: query.personId } : {}),
      ...(query.from ? { from: query.from } : {}),
      ...(query.to ? { to: query.to } : {}),
      limit: Math.min(Math.max(query.limit, 1), AUDIT_PAGE_MAX),
    });
    return rows.map(AuditEntryType.from);
  }
}

const periodReversed = () =>
  badInput('from', { fi: 'Alkupäivän on oltava ennen loppupäivää.', sv: 'Startdagen måste vara före slutdagen.', en: 'The start day must be before the end day.' }, 'PERIOD_REVERSED');

interface AuditFilter {
  regionId?: string;
  before?: number;
  action?: AuditAction;
  personId?: string;
  from?: Date;
  to?: Date;
  limit: number;
}

function listAudit(em: EntityManager, filter: AuditFilter): Promise<AuditEntry[]> {
  const at = { ...(filter.from ? { $gte: filter.from } : {}), ...(filter.to ? { $lt: filter.to } : {}) };
  return em.find(
    AuditEntryEntity,
    {
      ...(filter.regionId ? { regionId: filter.regionId } : {}),
      ...(filter.before ? { id: { $lt: filter.before } } : {}),
      ...(filter.action ? { action: filter.action } : {}),
      ...(filter.from || filter.to ? { at } : {}),
      // The person acted, or the entry is about them: their account, or a role of theirs (details.userId).
      ...(filter.personId
        ? { $or: [{ actorUserId: filter.personId }, { targetType: 'User', targetId: filter.personId }, { details: { userId: filter.personId } }] }
        : {}),
    },
    { orderBy: { id: 'desc' }, limit: filter.limit },
  );
}
