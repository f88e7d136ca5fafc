import { bound, isUuid, selectCardStatusByCodes, USAGE_OUTBOX, type CardStatusViewRow, type EntityManager } from '@kaikukanta/kit';
import { LockMode } from '@mikro-orm/postgresql';
import type { EventKind, ExclusionReason } from '../event/event.model.js';
import { registeringScope, type Registrar } from './registration.access.js';
import { mayActForQuery, ownUses } from './scope.repository.js';
import { UsageEntity, type Usage } from './usage.entity.js';
import type { UsageRecord, WriteOperation } from './usage.model.js';

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

/** An idempotency key to claim, with the answer's ids made up front. */
export interface KeyClaim {
  owner: string;
  key: string;
  operation: WriteOperation;
  requestHash: string;
  usageIds: readonly string[];
  groupId: string | null;
}

/** What one registration's rules read (`claimAndRead`), fetched together with the claim of its key. */
export interface RegistrationReads {
  /** False when another request holds the key (the caller replays its answer; the reads are then not used). */
  claimed: boolean;
  event: EventRow | null;
  /** The provider R18 was asked about (the kept event's, else the reported one), lower case; null when none was. */
  scopeProviderId: string | null;
  /** `mayActFor` for that provider; null when the registrar's role never asks (`mayActForQuery`). */
  mayAct: boolean | null;
  /** By normalised code (R2), as `cardStatuses` returns them. */
  statuses: Map<string, CardStatusViewRow>;
}

/** A use to write: what `insertUses` needs of it beside the registrar. */
export type NewUse = Pick<UsageRecord, 'id' | 'providerId' | 'eventName' | 'eventDate' | 'eventKind' | 'cardCode' | 'cardKind' | 'childTickets'> & {
  eventId: string | null;
  groupId: string | null;
  capturedAt: Date | null;
  /** For the outbox only (R25), never shown (R29). */
  cardId: string;
};

/** The cards' status rows by code (R2), as the rules read them; `child_ticket_limit` a number whatever the driver gave. */
export function statusesByCode(rows: readonly CardStatusViewRow[]): Map<string, CardStatusViewRow> {
  return new Map(rows.map((row) => [row.code, { ...row, child_ticket_limit: Number(row.child_ticket_limit) }]));
}

/** The claim of an idempotency key: nothing when it is held (then a concurrent claim waits on its primary key). */
const CLAIM_KEY = `insert into usage.idempotency_key (organization_id, key, operation, request_hash, usage_ids, group_id, created_at)
  values (?::uuid, ?, ?, ?, ?::uuid[], ?::uuid, now()) on conflict (organization_id, key) do nothing returning key`;
const claimParams = (claim: KeyClaim) => [claim.owner, claim.key, claim.operation, claim.requestHash, `{${claim.usageIds.join(',')}}`, claim.groupId];

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

  /**
   * Issue 12: the reads of the registration rules — the kept event, R18's answer for its provider (or the reported
   * one), the cards' status rows — and, when `claim` is given, the claim of the idempotency key, in one statement
   * (one round trip instead of four; each cost a wait for the usage process and a backend under load). The same
   * queries as `findEvent`, `mayActFor` and `cardStatuses`; an id that is no uuid finds nothing instead of failing.
   * The key's claim waits on a concurrent request with the same key, as `claimKey` does.
   */
  async claimAndRead(claim: KeyClaim | null, registrar: Registrar, wanted: { eventId: string | null; reportedProviderId: string | null; codes: readonly string[] }): Promise<RegistrationReads> {
    const params: unknown[] = [];
    const ctes: string[] = [];
    if (claim) {
      ctes.push(`claimed as (${CLAIM_KEY})`);
      params.push(...claimParams(claim));
    }
    ctes.push(`e as (select ${EVENT_COLUMNS} from usage.event where id = ?::uuid)`);
    params.push(wanted.eventId && isUuid(wanted.eventId) ? wanted.eventId : null);
    const provider = { sql: 'coalesce((select provider_id from e), ?::uuid)', params: [wanted.reportedProviderId && isUuid(wanted.reportedProviderId) ? wanted.reportedProviderId : null] };
    const scope = mayActForQuery(registrar, provider);
    const statuses = wanted.codes.length ? `(select coalesce(json_agg(s), '[]'::json) from (${selectCardStatusByCodes(wanted.codes.length)}) s)` : `'[]'::json`;
    const sql = `with ${ctes.join(', ')}
      select ${claim ? 'exists(select 1 from claimed)' : 'false'} as claimed, (select row_to_json(e) from e) as event,
             ${provider.sql}::text as scope_provider, ${scope ? scope.sql : 'null::boolean'} as may_act, ${statuses} as statuses`;
    params.push(...provider.params, ...(scope?.params ?? []), ...wanted.codes);
    const [row] = await bound<{ claimed: boolean; event: EventDbRow | null; scope_provider: string | null; may_act: boolean | null; statuses: CardStatusViewRow[] }[]>(this.em, sql, params);
    if (!row) throw new Error('the registration read returned no row');
    return {
      claimed: row.claimed,
      event: row.event ? eventRowOf(row.event) : null,
      scopeProviderId: row.scope_provider,
      mayAct: scope ? row.may_act : null,
      statuses: statusesByCode(row.statuses),
    };
  }

  /**
   * Uses and their `USAGE_REGISTERED` outbox events in one statement, in the given order (a group: staff card first)
   * — the columns of usage.usage and the outbox contract (kit/src/contracts/usage-outbox.ts; the outbox row's `xid`
   * default orders it for readers, decision 0015) — and the readers woken at commit. With `places`, R21 in the same
   * statement: `n` places of the event's cap by a conditional update, or none (then `false`, and the caller rolls
   * back). The event row's lock it takes is held to the commit, so concurrent registrations for the event queue on
   * it, each seeing the committed `used` of the one before. Single registrations and the import's batches alike.
   */
  async insertUses(
    registrar: Pick<Registrar, 'organizationId' | 'regionScoped' | 'userId' | 'apiKeyId'>,
    uses: readonly NewUse[],
    registeredAt: Date,
    places: { eventId: string; n: number } | null = null,
  ): Promise<boolean> {
    if (!uses.length) return true;
    const { registeringOrganizationId: organizationId, registeringRegionId: regionId } = registeringScope(registrar);
    const [row] = await bound<{ taken: number }[]>(
      this.em,
      `with r as (select * from jsonb_to_recordset(?::jsonb) as r(n int, id uuid, event_id uuid, provider_id uuid, event_name text, event_date date, event_kind text,
                                                            card_code text, card_kind text, child_tickets smallint, group_id uuid, captured_at timestamptz, card_id uuid)),
            u as (insert into usage.usage (id, event_id, provider_id, event_name, event_date, event_kind, card_code, card_kind, child_tickets, group_id,
                                           registering_organization_id, registering_region_id, registered_by_user_id, api_key_id, captured_at, registered_at)
                  select r.id, r.event_id, r.provider_id, r.event_name, r.event_date, r.event_kind, r.card_code, r.card_kind, r.child_tickets, r.group_id,
                         ?::uuid, ?::uuid, ?::uuid, ?::uuid, r.captured_at, ?::timestamptz
                    from r order by r.n
                  returning id),
            o as (insert into "${USAGE_OUTBOX.schema}"."${USAGE_OUTBOX.table}" (type, usage_id, event_id, provider_id, registering_organization_id, registering_region_id,
                                 event_date, event_kind, card_kind, child_tickets, group_id, occurred_at, card_id)
                  select 'USAGE_REGISTERED', r.id, r.event_id, r.provider_id, ?::uuid, ?::uuid, r.event_date, r.event_kind, r.card_kind, r.child_tickets, r.group_id, ?::timestamptz, r.card_id
                    from r join u on u.id = r.id order by r.n),
            p as (update usage.event set used = used + ?::int where id = ?::uuid and (cap is null or used + ?::int <= cap) returning used)
       select (select count(*) from p)::int as taken, pg_notify(?, 'USAGE_REGISTERED')`,
      [
        JSON.stringify(
          uses.map((use, n) => ({
            n,
            id: use.id,
            event_id: use.eventId,
            provider_id: use.providerId,
            event_name: use.eventName,
            event_date: use.eventDate,
            event_kind: use.eventKind,
            card_code: use.cardCode,
            card_kind: use.cardKind,
            child_tickets: use.childTickets,
            group_id: use.groupId,
            captured_at: use.capturedAt?.toISOString() ?? null,
            card_id: use.cardId,
          })),
        ),
        organizationId,
        regionId,
        registrar.userId,
        registrar.apiKeyId,
        registeredAt.toISOString(),
        organizationId,
        regionId,
        registeredAt.toISOString(),
        places?.n ?? 0,
        places?.eventId ?? null,
        places?.n ?? 0,
        USAGE_OUTBOX.channel,
      ],
    );
    return !places || row?.taken === 1;
  }

  /** R3, R13: the cards' status rows, read from the view cards publishes, in the caller's transaction. */
  async cardStatuses(codes: readonly string[]): Promise<Map<string, CardStatusViewRow>> {
    if (!codes.length) return new Map();
    return statusesByCode(await this.em.execute<CardStatusViewRow[]>(selectCardStatusByCodes(codes.length), [...codes]));
  }

  /** Gives back the places of cancelled uses (the check `used >= 0` guards the counter). */
  async freePlaces(eventId: string, n: number): Promise<void> {
    await this.em.execute('update usage.event set used = used - ? where id = ?', [n, eventId]);
  }

  /**
   * Claims an idempotency key for this transaction. A concurrent request with the same key waits here on the
   * primary key until the first commits (then finds it claimed) or rolls back (then claims it itself).
   */
  async claimKey(claim: KeyClaim): Promise<boolean> {
    return (await bound<{ key: string }[]>(this.em, CLAIM_KEY, claimParams(claim))).length === 1;
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
