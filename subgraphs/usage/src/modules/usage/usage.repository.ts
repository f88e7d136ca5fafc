import { selectCardStatusByCodes, type CardStatusViewRow, type EntityManager } from '@kaikukanta/kit';
import { LockMode } from '@mikro-orm/postgresql';
import type { EventKind, ExclusionReason } from '../event/event.model.js';
import type { Registrar } from './registration.access.js';
import { ownUses } from './scope.repository.js';
import { UsageEntity, type Usage } from './usage.entity.js';
import type { WriteOperation } from './usage.model.js';

/** The columns of usage.event the registration rules read (R19–R22), and how PostgreSQL returns them. */
export const EVENT_COLUMNS = 'id, provider_id, name, kind, starts_at, cap, used, reservation_opens_days_before, redemption_opens_minutes_before, exclusion_reason';
export interface EventDbRow {
  id: string;
  provider_id: string;
  name: string;
  kind: EventKind;
  starts_at: Date | string;
  cap: number | null;
  used: number;
  reservation_opens_days_before: number | null;
  redemption_opens_minutes_before: number | null;
  exclusion_reason: ExclusionReason | null;
}

/** An event as the rules read it, from its row (single registrations, the import, the public event lists). */
export function eventRowOf(row: EventDbRow): EventRow {
  return {
    id: row.id,
    providerId: row.provider_id,
    name: row.name,
    kind: row.kind,
    startsAt: new Date(row.starts_at),
    cap: row.cap,
    used: row.used,
    reservationOpensDaysBefore: row.reservation_opens_days_before,
    redemptionOpensMinutesBefore: row.redemption_opens_minutes_before,
    excluded: row.exclusion_reason !== null,
    exclusionReason: row.exclusion_reason,
  };
}

/** What the registration rules need of an event. */
export interface EventRow {
  id: string;
  providerId: string;
  name: string;
  kind: EventKind;
  startsAt: Date;
  cap: number | null;
  used: number;
  /** R22: reservations open this many days before; null: no limit. */
  reservationOpensDaysBefore: number | null;
  /** R22: redemption opens this many minutes before the start; null: no limit. */
  redemptionOpensMinutesBefore: number | null;
  /** R19: set when the provider excluded the event from the card. */
  excluded: boolean;
  /** R19: the provider's reason, named in the refusal when known. */
  exclusionReason?: ExclusionReason | null;
}

export interface StoredKey {
  operation: WriteOperation;
  requestHash: string;
  usageIds: string[];
  groupId: string | null;
}

/**
 * Queries of the registration path. Callers pass only UUIDs where columns are `uuid`. The cap statements are the
 * whole of R21: a conditional update on the event row, never a count followed by an insert.
 */
export class UsageRepository {
  constructor(private readonly em: EntityManager) {}

  async findEvent(id: string): Promise<EventRow | null> {
    const [row] = await this.em.execute<EventDbRow[]>(`select ${EVENT_COLUMNS} from usage.event where id = ?`, [id]);
    return row ? eventRowOf(row) : null;
  }

  /** R3, R13: the cards' status rows, read from the view cards publishes, in the caller's transaction. */
  async cardStatuses(codes: readonly string[]): Promise<Map<string, CardStatusViewRow>> {
    if (!codes.length) return new Map();
    const rows = await this.em.execute<CardStatusViewRow[]>(selectCardStatusByCodes(codes.length), [...codes]);
    return new Map(rows.map((row) => [row.code, { ...row, child_ticket_limit: Number(row.child_ticket_limit) }]));
  }

  /**
   * R21: takes `n` places of the event's cap, or none. The row lock it takes is held to the commit, so concurrent
   * registrations for one event queue here and each sees the committed `used` of the one before.
   */
  async takePlaces(eventId: string, n: number): Promise<boolean> {
    const rows = await this.em.execute<{ used: number }[]>(
      'update usage.event set used = used + ? where id = ? and (cap is null or used + ? <= cap) returning used',
      [n, eventId, n],
    );
    return rows.length === 1;
  }

  /** Gives back the places of cancelled uses (the check `used >= 0` guards the counter). */
  async freePlaces(eventId: string, n: number): Promise<void> {
    await this.em.execute('update usage.event set used = used - ? where id = ?', [n, eventId]);
  }

  /**
   * Claims an idempotency key for this transaction. A concurrent request with the same key waits here on the
   * primary key until the first commits (then finds it claimed) or rolls back (then claims it itself).
   */
  async claimKey(organizationId: string, key: string, operation: WriteOperation, requestHash: string, usageIds: readonly string[], groupId: string | null): Promise<boolean> {
    const rows = await this.em.execute<{ key: string }[]>(
      `insert into usage.idempotency_key (organization_id, key, operation, request_hash, usage_ids, group_id, created_at)
       values (?, ?, ?, ?, ?::uuid[], ?, now()) on conflict (organization_id, key) do nothing returning key`,
      [organizationId, key, operation, requestHash, `{${usageIds.join(',')}}`, groupId],
    );
    return rows.length === 1;
  }

  async findKey(organizationId: string, key: string): Promise<StoredKey | null> {
    const [row] = await this.em.execute<{ operation: WriteOperation; request_hash: string; usage_ids: string[] | string; group_id: string | null }[]>(
      'select operation, request_hash, usage_ids::text[] as usage_ids, group_id from usage.idempotency_key where organization_id = ? and key = ?',
      [organizationId, key],
    );
    return row ? { operation: row.operation, requestHash: row.request_hash, usageIds: pgArray(row.usage_ids), groupId: row.group_id } : null;
  }

  /** The uses in the order of `ids` (a group: staff card first, then the members), unknown ids left out. */
  async findUsages(ids: readonly string[]): Promise<Usage[]> {
    if (!ids.length) return [];
    const rows = await this.em.find(UsageEntity, { id: { $in: [...ids] } });
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => byId.get(id) ?? []);
  }

  /** A use of the organisation, locked for its cancellation; null for anyone else's (no hint of existence). */
  async findOwnForUpdate(id: string, registrar: Pick<Registrar, 'organizationId' | 'regionScoped' | 'municipalityCode'>): Promise<Usage | null> {
    const { where } = await ownUses(this.em, registrar);
    return this.em.findOne(UsageEntity, { id, ...where }, { lockMode: LockMode.PESSIMISTIC_WRITE });
  }
}

/** uuid[] as the driver returns it: an array, or `{a,b}` text when the type parser is not registered. */
function pgArray(value: string[] | string): string[] {
  if (Array.isArray(value)) return value;
  const inner = value.replace(/^\{|\}$/g, '');
  return inner ? inner.split(',') : [];
}
