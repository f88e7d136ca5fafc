import { randomUUID } from 'node:crypto';
import { normaliseCardCode, type CardStatusViewRow, type EntityManager } from '@kaikukanta/kit';
import type { EventKind } from '../event/event.model.js';
import type { Registrar } from '../usage/registration.access.js';
import { checkRegistration, repositoryLookups, type RegistrationRequest, type RuleLookups } from '../usage/registration.rules.js';
import { UsageRepository, type EventRow } from '../usage/usage.repository.js';
import type { EventIndex } from './event-index.js';
import type { RowProblemRef } from './import-rows.js';
import { ImportRepository, type RowVerdict } from './import.repository.js';

/** What the judge needs of a row, whether just read (preview) or read back from the import (commit). */
export interface JudgedRowInput {
  line: number;
  key: string;
  hash: string;
  cardCode: string;
  eventName: string;
  eventReference: string;
  orderReference: string;
  eventDate: string | null;
  eventTime: string | null;
  childTickets: number | null;
  /** Problems of unreadable cells; a row with any is refused as it is. */
  problems: RowProblemRef[];
}

export interface ImportTarget {
  registrar: Registrar;
  /** The provider whose events the report is about; also the owner of the rows' idempotency keys. */
  providerId: string;
  eventKind: EventKind;
  events: EventIndex;
  /**
   * Preview only: places the preview's earlier batches would take, per event, counted as used (R21). A preview
   * writes no places, so without these a report of several batches would show every row of a full event
   * WILL_REGISTER until its commit refused them. The caller adds a batch's places once its rows are stored
   * (`previewPlacesOf`), so a batch judged again is never counted twice.
   */
  previewPlaces?: ReadonlyMap<string, number>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Thrown when a batch's cap places could not be taken after all; the batch is retried from the start. */
export class CapRace extends Error {}

/**
 * Judges a batch of report rows by the one set of registration rules (`checkRegistration`, P1) — what a single
 * registration of each row would answer — with everything the rules read loaded for the whole batch at once.
 *
 * - `preview`: reads only; a row already registered is DUPLICATE.
 * - `commit` (inside the caller's transaction): claims the rows' idempotency keys first (a concurrent import of the
 *   same rows waits there, then finds them DUPLICATE), locks the batch's events so the cap counts are exact (R21),
 *   judges, releases the keys of refused rows, writes the uses and their outbox events, and takes the places.
 */
export async function judgeBatch(tx: EntityManager, target: ImportTarget, rows: readonly JudgedRowInput[], mode: 'preview' | 'commit', now = new Date()): Promise<RowVerdict[]> {
  const repo = new ImportRepository(tx);
  const verdicts = new Map<number, RowVerdict>();
  const refuse = (row: JudgedRowInput, problems: RowProblemRef[], eventId: string | null = null) => verdicts.set(row.line, { line: row.line, outcome: 'REFUSED', problems, eventId, usageId: null });

  // The event of each readable row: its reference, a kept event of that name and day, or the report as given.
  const requests = new Map<number, RegistrationRequest>();
  for (const row of rows) {
    if (row.problems.length || !row.eventDate || row.childTickets === null) {
      refuse(row, row.problems);
      continue;
    }
    const reference = row.eventReference.trim();
    let eventId: string | null = reference || null;
    if (!eventId) {
      const match = target.events.match(row.eventName, row.eventDate, row.eventTime);
      if (match.eventId === null && match.ambiguous) {
        refuse(row, [{ code: 'EVENT_AMBIGUOUS', field: 'eventName' }]);
        continue;
      }
      eventId = match.eventId;
    }
    const cards = [{ code: row.cardCode, childTickets: row.childTickets }];
    requests.set(
      row.line,
      eventId
        ? { eventId, report: null, cards, capturedAt: null }
        : { eventId: null, report: { providerId: target.providerId, name: row.eventName.trim().slice(0, 200), date: row.eventDate, kind: target.eventKind }, cards, capturedAt: null },
    );
  }
  let candidates = rows.filter((row) => requests.has(row.line));

  // Rows already registered: by an earlier import (preview), or — committing — by whoever claimed their key first.
  const usageIds = new Map(candidates.map((row) => [row.line, randomUUID()]));
  const owner = target.providerId;
  let taken: Map<string, string>;
  let claimed = new Set<string>();
  if (mode === 'commit') {
    claimed = await repo.claimKeys(owner, candidates.map((row) => ({ key: row.key, hash: row.hash, usageId: usageIds.get(row.line) as string })));
    taken = await repo.existingKeys(owner, candidates.filter((row) => !claimed.has(row.key)).map((row) => row.key));
  } else {
    taken = await repo.existingKeys(owner, candidates.map((row) => row.key));
  }
  candidates = candidates.filter((row) => {
    const hash = taken.get(row.key);
    if (hash === undefined) return true;
    // The key is the content for a row without an order reference; with one, other content is a reused reference.
    if (hash === row.hash || !row.orderReference.trim()) verdicts.set(row.line, { line: row.line, outcome: 'DUPLICATE', problems: [], eventId: requests.get(row.line)?.eventId ?? null, usageId: null });
    else refuse(row, [{ code: 'ORDER_REFERENCE_REUSED', field: 'orderReference' }]);
    return false;
  });

  const lookups = await batchLookups(tx, candidates.map((row) => requests.get(row.line) as RegistrationRequest), mode === 'commit', mode === 'preview' ? target.previewPlaces : undefined);
  const accepted: { row: JudgedRowInput; event: EventRow | null; plan: NonNullable<Awaited<ReturnType<typeof checkRegistration>>['plan']> }[] = [];
  for (const row of candidates) {
    const request = requests.get(row.line) as RegistrationRequest;
    const { problems, plan } = await checkRegistration(tx, target.registrar, request, now, lookups);
    if (!plan) {
      refuse(row, problems.map((p) => ({ code: p.code, field: p.field })), request.eventId ?? null);
      continue;
    }
    // The batch's own rows count against the cap as they are accepted (R21; exact under the commit's lock).
    if (plan.event) plan.event.used += 1;
    accepted.push({ row, event: plan.event, plan });
    verdicts.set(row.line, { line: row.line, outcome: mode === 'commit' ? 'REGISTERED' : 'WILL_REGISTER', problems: [], eventId: plan.event?.id ?? null, usageId: mode === 'commit' ? (usageIds.get(row.line) as string) : null });
  }

  if (mode === 'commit') {
    // Only keys this transaction claimed: a row refused for a key someone else holds leaves that key alone.
    const refusedLines = new Set([...verdicts.values()].filter((v) => v.outcome === 'REFUSED').map((v) => v.line));
    await repo.releaseKeys(owner, rows.filter((row) => refusedLines.has(row.line) && claimed.has(row.key)).map((row) => row.key));
    await writeUses(tx, target.registrar, accepted.map(({ row, plan }) => ({ id: usageIds.get(row.line) as string, plan })));
  }
  return rows.map((row) => verdicts.get(row.line) as RowVerdict);
}

/** Adds the places a previewed batch's rows would take (its WILL_REGISTER rows of kept events) to `places`. */
export function previewPlacesOf(verdicts: readonly RowVerdict[], places: Map<string, number>): void {
  for (const verdict of verdicts) if (verdict.outcome === 'WILL_REGISTER' && verdict.eventId) places.set(verdict.eventId, (places.get(verdict.eventId) ?? 0) + 1);
}

/**
 * The rules' reads for a whole batch: one query for the events, one for the cards, one per provider for R18. `taken`:
 * places earlier batches of a preview would take, counted as used.
 */
async function batchLookups(tx: EntityManager, requests: readonly RegistrationRequest[], lock: boolean, taken?: ReadonlyMap<string, number>): Promise<RuleLookups> {
  const eventIds = [...new Set(requests.flatMap((r) => (r.eventId && UUID.test(r.eventId) ? [r.eventId.toLowerCase()] : [])))].sort();
  const events = await new ImportRepository(tx).events(eventIds, lock);
  for (const event of events.values()) event.used += taken?.get(event.id) ?? 0;
  const codes = [...new Set(requests.flatMap((r) => r.cards.map((c) => normaliseCardCode(c.code)).flatMap((c) => (c.ok ? [c.code] : []))))];
  const statuses = await new ImportRepository(tx).cardStatuses(codes);
  const scope = new Map<string, Promise<boolean>>();
  const fallback = repositoryLookups(tx);
  return {
    event: async (id) => events.get(id.toLowerCase()) ?? null,
    cardStatuses: async (wanted) => new Map(wanted.flatMap((code) => (statuses.has(code) ? [[code, statuses.get(code) as CardStatusViewRow] as const] : []))),
    mayActFor: (registrar, providerId) => {
      let answer = scope.get(providerId);
      if (!answer) scope.set(providerId, (answer = fallback.mayActFor(registrar, providerId)));
      return answer;
    },
  };
}

/**
 * The accepted rows' uses, their outbox events, and their places (R21) — what `registerIn` writes for one, here in
 * two statements for the whole batch: the uses and their outbox events in one set-based insert (the card ids the
 * rules read go straight to the outbox), then one conditional update of every event's `used` (never past its cap).
 */
async function writeUses(tx: EntityManager, registrar: Registrar, accepted: readonly { id: string; plan: NonNullable<Awaited<ReturnType<typeof checkRegistration>>['plan']> }[]): Promise<void> {
  if (!accepted.length) return;
  await new UsageRepository(tx).insertUses(
    registrar,
    accepted.map(({ id, plan }) => {
      const card = plan.cards[0] as (typeof plan.cards)[number];
      return { id, eventId: plan.event?.id ?? null, providerId: plan.providerId, eventName: plan.eventName, eventDate: plan.eventDate, eventKind: plan.eventKind, cardCode: card.code, cardKind: card.kind, childTickets: card.childTickets, groupId: null, capturedAt: null, cardId: card.cardId };
    }),
    new Date(),
  );
  const perEvent = new Map<string, number>();
  for (const { plan } of accepted) if (plan.event) perEvent.set(plan.event.id, (perEvent.get(plan.event.id) ?? 0) + 1);
  // The batch's events are locked already (in id order); an event whose places cannot all be taken fails the batch.
  const short = await new ImportRepository(tx).takePlacesOf(perEvent);
  if (short.length) throw new CapRace(`cap of ${short.join(', ')}`);
}
