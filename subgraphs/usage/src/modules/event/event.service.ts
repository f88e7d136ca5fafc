import { addDays, AppError, byKeys, isUuid, type EntityManager, type SubgraphContext } from '@kaikukanta/kit';
import type { ProviderScopeRow } from '@kaikukanta/kit/contracts';
import { capMinimum } from './cap-rules.js';
import { isActiveProvider, keeperOf, mayKeep, type EventKeeper } from './event.access.js';
import type { Event } from './event.entity.js';
import { invalidExclusionNote, invalidPeriod, providerNotFound } from './event.errors.js';
import { fromHelsinki } from './event-time.js';
import type { CreateEventInput, ExcludeEventInput, UpdateEventInput } from './event.input.js';
import type { EventKind } from './event.model.js';
import { EventRepository } from './event.repository.js';
import { checkCap, checkFields, normaliseName, parseStart, type EventDraft } from './event.rules.js';
import { CapMinimumType, EventType } from './event.type.js';
import { ProviderScopeRepository } from './provider-scope.repository.js';

const MAX_PAGE = 200;
/** `Organization.upcomingEvents`: a provider's next events, at most this many. */
const UPCOMING_PER_PROVIDER = 20;
/** 400 days and the hour a DST change may add. */
const MAX_PERIOD_MS = 400 * 86_400_000 + 3_600_000;

/**
 * Events: the offering open to card holders is public (R19), so anyone may
 * list and read them; keeping them (create, edit, exclude) is for the
 * provider, its ticket agents (R18) and culture officers (event.access.ts).
 */
export class EventService {
  readonly #repo: EventRepository;

  constructor(private readonly ctx: SubgraphContext) {
    this.#repo = new EventRepository(ctx.em);
  }

  /** A `providerId` that is not a UUID names no provider: no events, not a failed cast (L2). */
  /** Every provider's upcoming events when `providerId` is left out (GraphQL passes an omitted argument as undefined) or null. */
  async upcoming(providerId: string | null | undefined, limit: number): Promise<EventType[]> {
    if (providerId === null || providerId === undefined) return (await this.#repo.findUpcoming(undefined, new Date(), clampLimit(limit))).map(EventType.from);
    if (!isUuid(providerId)) return [];
    const rows = await this.#repo.findUpcoming([providerId], new Date(), clampLimit(limit));
    return rows.map(EventType.from);
  }

  upcomingOf(providerId: string): Promise<EventType[]> {
    return this.ctx.loaders
      .get<string, EventType[]>('event.upcomingByProvider', async (ids) => {
        const valid = [...new Set(ids.filter(isUuid).map((id) => id.toLowerCase()))];
        const byProvider = new Map<string, EventType[]>();
        for (const row of await this.#repo.findUpcomingPerProvider(valid, new Date(), UPCOMING_PER_PROVIDER)) {
          const list = byProvider.get(row.providerId);
          if (list) list.push(EventType.from(row));
          else byProvider.set(row.providerId, [EventType.from(row)]);
        }
        return ids.map((id) => byProvider.get(id.toLowerCase()) ?? []);
      })
      .load(providerId);
  }

  /** Event references from other subgraphs, one query per batch; null for an unknown or malformed id (I1). */
  reference(id: string): Promise<EventType | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.ctx.loaders
      .get<string, EventType | null>('event.byId', async (ids) => byKeys(ids, await this.#repo.findByIds(ids), (row) => row.id).map((row) => (row ? EventType.from(row) : null)))
      .load(id);
  }

  /** One provider's events on the Finnish days `fromDay`…`toDay` (both included), soonest first; a page of `limit` after `offset`. */
  async ofProvider(providerId: string, fromDay: string, toDay: string, limit: number, offset: number): Promise<EventType[]> {
    const from = fromHelsinki(`${fromDay}T00:00`);
    const to = fromHelsinki(`${addDays(toDay, 1)}T00:00`);
    if (to.getTime() <= from.getTime() || to.getTime() - from.getTime() > MAX_PERIOD_MS) throw invalidPeriod();
    if (!isUuid(providerId)) return [];
    const rows = await this.#repo.findByProvider(providerId, from, to, clampLimit(limit), Math.max(offset, 0));
    return rows.map(EventType.from);
  }

  /** R20: what the cap of such an event may be at least — for the form, before saving. Keepers of the provider only. */
  async capMinimum(providerId: string, kind: EventKind, capacity: number, guestProducer: boolean): Promise<CapMinimumType> {
    const keeper = keeperOf(this.ctx.identity);
    const scope = await this.#keptScope(this.ctx.em, keeper, providerId);
    checkFields({ name: 'x', kind, startsAt: new Date(), capacity, cap: null, guestProducer, reservationOpensDaysBefore: null, redemptionOpensMinutesBefore: null });
    return CapMinimumType.from(capMinimum({ kind, capacity, guestProducer, venueType: scope.venue_type }));
  }

  async create(input: CreateEventInput): Promise<EventType> {
    const keeper = keeperOf(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const scope = await this.#keptScope(em, keeper, input.providerId);
      const draft: EventDraft = {
        name: normaliseName(input.name),
        kind: input.kind,
        startsAt: parseStart(input.startsAt),
        capacity: input.capacity,
        cap: input.cap ?? null,
        guestProducer: input.guestProducer ?? false,
        reservationOpensDaysBefore: input.reservationOpensDaysBefore ?? null,
        redemptionOpensMinutesBefore: input.redemptionOpensMinutesBefore ?? null,
      };
      checkFields(draft);
      checkCap(draft, scope.venue_type, 0);
      const repo = new EventRepository(em);
      const event = repo.create({ id: crypto.randomUUID(), providerId: scope.organization_id, ...draft, exclusionReason: null, exclusionNote: null });
      await repo.flush();
      return EventType.from(event);
    });
  }

  /** The result is judged as a whole; the cap rules only when something they depend on changed (an old event keeps its cap). */
  async update(id: string, input: UpdateEventInput): Promise<EventType> {
    return this.#edit(id, async (event, scope) => {
      const draft: EventDraft = {
        name: input.name ? normaliseName(input.name) : event.name,
        kind: input.kind ?? event.kind,
        startsAt: input.startsAt ? parseStart(input.startsAt) : event.startsAt,
        capacity: input.capacity ?? event.capacity,
        cap: input.clearCap ? null : (input.cap ?? event.cap ?? null),
        guestProducer: input.guestProducer ?? event.guestProducer,
        reservationOpensDaysBefore: input.clearTimeLimits ? null : (input.reservationOpensDaysBefore ?? event.reservationOpensDaysBefore ?? null),
        redemptionOpensMinutesBefore: input.clearTimeLimits ? null : (input.redemptionOpensMinutesBefore ?? event.redemptionOpensMinutesBefore ?? null),
      };
      checkFields(draft);
      const capRelevant = draft.cap !== (event.cap ?? null) || draft.capacity !== event.capacity || draft.kind !== event.kind || draft.guestProducer !== event.guestProducer;
      // `used` is read under the row lock, so no registration slips in between this check and the commit (R21).
      if (capRelevant) checkCap(draft, scope.venue_type, event.used);
      Object.assign(event, draft);
    });
  }

  /** R19: out of the card offering, with a reason users see. */
  exclude(id: string, input: ExcludeEventInput): Promise<EventType> {
    const note = input.note?.trim() || null;
    if (note !== null && note.length > 300) throw invalidExclusionNote();
    return this.#edit(id, async (event) => {
      event.exclusionReason = input.reason;
      event.exclusionNote = note;
    });
  }

  /** R19: back in the card offering. */
  include(id: string): Promise<EventType> {
    return this.#edit(id, async (event) => {
      event.exclusionReason = null;
      event.exclusionNote = null;
    });
  }

  /** Loads and locks the event, checks the caller keeps its provider's events, applies `change`, saves. */
  async #edit(id: string, change: (event: Event, scope: ProviderScopeRow) => Promise<void>): Promise<EventType> {
    const keeper = keeperOf(this.ctx.identity);
    if (!isUuid(id)) throw new AppError('NOT_FOUND');
    return this.ctx.em.transactional(async (em) => {
      const repo = new EventRepository(em);
      const event = await repo.findForUpdate(id);
      if (!event) throw new AppError('NOT_FOUND');
      const scope = await new ProviderScopeRepository(em).scopeOf(event.providerId);
      if (!isActiveProvider(scope) || !(await this.#mayKeep(em, keeper, scope))) throw new AppError('FORBIDDEN');
      await change(event, scope);
      await repo.flush();
      return EventType.from(event);
    });
  }

  /** The provider's scope, when the keeper keeps its events: NOT_FOUND for no active provider, FORBIDDEN for someone else's (R18). */
  async #keptScope(em: EntityManager, keeper: EventKeeper, providerId: string): Promise<ProviderScopeRow> {
    const scope = isUuid(providerId) ? await new ProviderScopeRepository(em).scopeOf(providerId) : null;
    if (!isActiveProvider(scope)) throw providerNotFound();
    if (!(await this.#mayKeep(em, keeper, scope))) throw new AppError('FORBIDDEN');
    return scope;
  }

  #mayKeep(em: EntityManager, keeper: EventKeeper, scope: ProviderScopeRow): Promise<boolean> {
    const scopes = new ProviderScopeRepository(em);
    return mayKeep(keeper, scope, (agentId) => scopes.isClient(agentId, scope.organization_id));
  }
}

function clampLimit(limit: number): number {
  return Math.min(Math.max(limit, 1), MAX_PAGE);
}
