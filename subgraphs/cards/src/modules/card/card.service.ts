import { AppError, byKeys, isUuid, todayInFinland, type EntityManager, type SubgraphContext } from '@kaikukanta/kit';
import { UniqueConstraintViolationException } from '@mikro-orm/postgresql';
import { BackgroundEntity } from '../background/background.entity.js';
import { BackgroundType } from '../background/background.type.js';
import { validBackground } from '../background/background.validation.js';
import { appendAllToOutbox, type OutboxAppend } from '../outbox/outbox.js';
import { BackgroundReadService } from '../read-audit/background-read.service.js';
import { canManage, mayCountCardsOf, requireListScope, requireRegistrar } from './card.access.js';
import { normaliseCardCode } from './card-code.js';
import { CardEntity, CardHistoryEntity, type Card } from './card.entity.js';
import {
  backgroundNotAllowed,
  backgroundRequired,
  cardAlreadyRegistered,
  cardNotActive,
  invalidCardCode,
  invalidClosingDate,
  invalidExtension,
  invalidGrantDate,
  invalidRenewalDate,
  invalidTrialEnd,
} from './card.errors.js';
import type { CardFilter, RegisterCardInput } from './card.input.js';
import { COMMUNITY_CHILD_TICKET_LIMIT, type HistoryKind, type OutOfUseReason } from './card.model.js';
import { CardRepository } from './card.repository.js';
import { CardHistoryEntryType, CardPageType, CardType } from './card.type.js';
import { addDays, lastValidDay } from './validity.js';

const PAGE_MAX = 200;

const clampDay = (day: string, first: string, last: string) => (day < first ? first : day > last ? last : day);

/** Registration, validity changes and distributor views of cards (R1–R10). */
export class CardService {
  readonly #repo: CardRepository;

  constructor(private readonly ctx: SubgraphContext) {
    this.#repo = new CardRepository(ctx.em);
  }

  /** R1–R5, R8–R10: registers a card for the caller's organisation, with background data for a personal card. */
  async register(input: RegisterCardInput): Promise<CardType> {
    const owner = requireRegistrar(this.ctx.identity);
    const normalised = normaliseCardCode(input.code);
    if (!normalised.ok) throw invalidCardCode(normalised.problem);
    const today = todayInFinland();
    const grantedOn = input.grantedOn ?? today;
    // A card granted earlier may be registered late (it does not work until then, R3), but not one already expired:
    // granted twelve months ago, its last valid day was yesterday (R5).
    if (grantedOn > today || lastValidDay(grantedOn) < today) throw invalidGrantDate();
    if (input.trialEndsOn && (input.trialEndsOn < grantedOn || input.trialEndsOn > lastValidDay(grantedOn) || input.trialEndsOn < today)) throw invalidTrialEnd();
    const personal = input.kind === 'PERSONAL';
    if (personal && !input.background) throw backgroundRequired();
    if (!personal && input.background) throw backgroundNotAllowed();
    const background = input.background ? validBackground(input.background, grantedOn) : null;

    try {
      return await this.ctx.em.transactional(async (em) => {
        if (await new CardRepository(em).codeExists(normalised.code)) throw cardAlreadyRegistered();
        const card = em.create(CardEntity, {
          id: crypto.randomUUID(),
          code: normalised.code,
          kind: input.kind,
          distributorId: owner.distributorId,
          regionId: owner.regionId,
          grantedOn,
          trialEndsOn: input.trialEndsOn ?? null,
          validUntil: lastValidDay(grantedOn, input.trialEndsOn),
          state: 'ACTIVE',
          childTicketLimit: background ? background.minorChildren : COMMUNITY_CHILD_TICKET_LIMIT,
        });
        if (background) em.create(BackgroundEntity, { card, ...background });
        await appendAllToOutbox(em, [{ ...this.record(em, card, 'REGISTERED', grantedOn), background }]);
        return CardType.from(card, today);
      });
    } catch (error) {
      // Two registrations of one code at once: the unique index decides, the loser hears it plainly.
      if (error instanceof UniqueConstraintViolationException) throw cardAlreadyRegistered();
      throw error;
    }
  }

  /** R6: a new last valid day, no new card; by default twelve months from the renewal date. */
  async extend(cardId: string, renewedOnInput?: string | null, validUntilInput?: string | null): Promise<CardType> {
    const today = todayInFinland();
    return this.change(cardId, (em, card) => {
      if (card.state !== 'ACTIVE') throw cardNotActive();
      const renewedOn = renewedOnInput ?? today;
      if (renewedOn > today || renewedOn < card.grantedOn) throw invalidRenewalDate();
      const validUntil = validUntilInput ?? lastValidDay(renewedOn);
      if (validUntil <= card.validUntil || validUntil > lastValidDay(renewedOn)) throw invalidExtension();
      card.validUntil = validUntil;
      return this.record(em, card, 'EXTENDED', renewedOn);
    });
  }

  /** R6: ends the validity; from `endedOn` (default today) the card cannot be used. */
  async end(cardId: string, endedOnInput?: string | null): Promise<CardType> {
    return this.change(cardId, (em, card) => this.close(em, card, 'ENDED', endedOnInput ?? todayInFinland(), null));
  }

  /** R6: takes the card out of use (lost, stolen, …) from `on` (default today). */
  async takeOutOfUse(cardId: string, reason: OutOfUseReason, onInput?: string | null): Promise<CardType> {
    return this.change(cardId, (em, card) => this.close(em, card, 'TAKEN_OUT_OF_USE', onInput ?? todayInFinland(), reason));
  }

  /** R10: ends every active community card of an organisation at once; returns how many. */
  async endCommunityCards(organizationId: string, endedOnInput?: string | null): Promise<number> {
    const scope = requireListScope(this.ctx.identity);
    // A distributor ends its own organisation's cards only; refused before looking, so the answer
    // says nothing about whether another organisation has community cards.
    if ('distributorId' in scope && scope.distributorId !== organizationId) throw new AppError('FORBIDDEN');
    if (!isUuid(organizationId)) return 0;
    const endedOn = endedOnInput ?? todayInFinland();
    return this.ctx.em.transactional(async (em) => {
      const cards = await new CardRepository(em).activeCommunityCards(organizationId, 'regionId' in scope ? scope.regionId : undefined);
      if (cards.some((card) => !canManage(this.ctx.identity, card))) throw new AppError('FORBIDDEN');
      // Each card ends within its own validity: one that expired before `endedOn` ends the day after its last
      // valid day, so an old, never-ended card cannot block ending all the others.
      const events = cards.map((card) => this.close(em, card, 'ENDED', clampDay(endedOn, card.grantedOn, addDays(card.validUntil, 1)), null));
      // L4: every change first, then one append, so the outbox lock (held to commit) covers only that insert.
      await appendAllToOutbox(em, events);
      return cards.length;
    });
  }

  async list(filter: CardFilter | null | undefined, limit: number, offset: number): Promise<CardPageType> {
    const scope = requireListScope(this.ctx.identity);
    const today = todayInFinland();
    let codePrefix: string | undefined;
    if (filter?.code?.trim()) {
      const normalised = normaliseCardCode(filter.code, { prefix: true });
      if (!normalised.ok) throw invalidCardCode(normalised.problem);
      codePrefix = normalised.code;
    }
    const { rows, total } = await this.#repo.list(
      scope,
      {
        today,
        ...(codePrefix ? { codePrefix } : {}),
        ...(typeof filter?.usable === 'boolean' ? { usable: filter.usable } : {}),
        ...(typeof filter?.expiringWithinDays === 'number' ? { expiringWithinDays: Math.max(0, Math.min(filter.expiringWithinDays, 366)) } : {}),
        ...(filter?.kind ? { kind: filter.kind } : {}),
      },
      Math.min(Math.max(limit, 1), PAGE_MAX),
      Math.max(offset, 0),
    );
    return Object.assign(new CardPageType(), { items: rows.map((row) => CardType.from(row, today)), total });
  }

  /** Cards registered by the caller's own organisation (distributor staff only). */
  async myOrganizationsCards(limit: number): Promise<CardType[]> {
    const scope = requireListScope(this.ctx.identity);
    if (!('distributorId' in scope)) throw new AppError('FORBIDDEN');
    const rows = await this.#repo.findByDistributor(scope.distributorId, Math.min(Math.max(limit, 1), PAGE_MAX));
    return rows.map((row) => CardType.from(row));
  }

  /** One card by id or code; NOT_FOUND for a card outside the caller's scope, with no hint that it exists. */
  async get(ref: { id?: string | null; code?: string | null }): Promise<CardType> {
    requireListScope(this.ctx.identity);
    let card: Card | null = null;
    if (ref.id) card = await this.load(ref.id);
    else if (ref.code) {
      const normalised = normaliseCardCode(ref.code);
      if (!normalised.ok) throw invalidCardCode(normalised.problem);
      card = await this.#repo.findByCode(normalised.code);
    }
    if (!card || !canManage(this.ctx.identity, card)) throw new AppError('NOT_FOUND');
    return CardType.from(card);
  }

  /** For entity references from other subgraphs: null where the caller may not see the card. */
  async reference(id: string): Promise<CardType | null> {
    const card = await this.load(id);
    return card && canManage(this.ctx.identity, card) ? CardType.from(card) : null;
  }

  /** R6: the history, batched over all cards of a response. */
  async history(card: CardType): Promise<CardHistoryEntryType[]> {
    if (!canManage(this.ctx.identity, { distributorId: card.distributor.id, regionId: card.regionId })) throw new AppError('FORBIDDEN');
    const rows = await this.ctx.loaders
      .get<string, CardHistoryEntryType[]>('card.history', async (ids) => {
        const all = await this.#repo.historyOf(ids);
        const byCard = Map.groupBy(all, (row) => row.card.id);
        return ids.map((id) => (byCard.get(id) ?? []).map(CardHistoryEntryType.from));
      })
      .load(card.id);
    return rows;
  }

  /**
   * R8/R29: background data, only for the registering organisation, its region's responsible person and national admins.
   * M5: every card whose data is returned is recorded as read, one INSERT per batch, before the data leaves.
   */
  async background(card: CardType): Promise<BackgroundType | null> {
    if (!canManage(this.ctx.identity, { distributorId: card.distributor.id, regionId: card.regionId })) throw new AppError('FORBIDDEN');
    if (card.kind !== 'PERSONAL') return null;
    const row = await this.ctx.loaders
      .get<string, BackgroundType | null>('card.background', async (ids) => {
        const rows = await this.#repo.backgroundOf(ids);
        await new BackgroundReadService(this.ctx).record(rows.map((row) => row.card.id));
        return byKeys(ids, rows, (row) => row.card.id).map((row) => (row ? BackgroundType.from(row) : null));
      })
      .load(card.id);
    return row;
  }

  /**
   * How many cards an organisation has registered; an aggregate, batched over
   * all organisations of a page. R27 (decision 0012): exact for callers scoped
   * to the organisation, null for everyone else — a per-unit count is never
   * public, so no published set of figures holds a small cell to subtract.
   * Checked before counting: an out-of-scope caller costs no query.
   */
  async registeredCount(organizationId: string, organizationRegionId: string | null): Promise<number | null> {
    if (!mayCountCardsOf(this.ctx.identity, { organizationId, regionId: organizationRegionId })) return null;
    return this.ctx.loaders
      .get<string, number>('card.countByDistributor', async (ids) => {
        const counts = await this.#repo.countByDistributors(ids);
        return ids.map((id) => counts.get(id) ?? 0);
      })
      .load(organizationId);
  }

  private load(id: string): Promise<Card | null> {
    if (!isUuid(id)) return Promise.resolve(null);
    return this.ctx.loaders
      .get<string, Card | null>('card.byId', async (ids) => byKeys(ids, await this.#repo.findByIds(ids), (row) => row.id))
      .load(id);
  }

  /** Loads and locks a card the caller manages, lets `apply` change it, and appends the event it returns — all in one transaction. */
  private async change(cardId: string, apply: (em: EntityManager, card: Card) => OutboxAppend): Promise<CardType> {
    requireListScope(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const card = isUuid(cardId) ? await new CardRepository(em).lock(cardId) : null;
      if (!card || !canManage(this.ctx.identity, card)) throw new AppError('NOT_FOUND');
      await appendAllToOutbox(em, [apply(em, card)]);
      return CardType.from(card);
    });
  }

  private close(em: EntityManager, card: Card, kind: 'ENDED' | 'TAKEN_OUT_OF_USE', on: string, reason: OutOfUseReason | null): OutboxAppend {
    // An end set for a later day still lets the card work until then; it may be brought forward, or the
    // card taken out of use at once when it is lost in the meantime (R6).
    const pendingEnd = card.state === 'ENDED' && Boolean(card.closedOn) && (card.closedOn as string) > todayInFinland();
    if (card.state !== 'ACTIVE' && !pendingEnd) throw cardNotActive();
    if (pendingEnd && on >= (card.closedOn as string)) throw cardNotActive();
    // From `on` the card does not work; `on` may not precede the grant nor lie beyond the day after validity.
    if (on < card.grantedOn || on > addDays(card.validUntil, 1)) throw invalidClosingDate(kind === 'ENDED' ? 'endedOn' : 'on');
    card.state = kind === 'ENDED' ? 'ENDED' : 'OUT_OF_USE';
    card.closedOn = on;
    card.outOfUseReason = reason;
    return this.record(em, card, kind, on, reason);
  }

  /** R6: the history row of a change, in the change's transaction; returns the outbox event for the caller to append. */
  private record(em: EntityManager, card: Card, kind: HistoryKind, effectiveOn: string, reason: OutOfUseReason | null = null): OutboxAppend {
    const actor = this.ctx.identity.kind === 'user' ? this.ctx.identity : null;
    em.create(CardHistoryEntity, {
      id: crypto.randomUUID(),
      card,
      kind,
      effectiveOn,
      validUntil: card.validUntil,
      outOfUseReason: reason,
      actorUserId: actor?.userId ?? null,
      actorOrganizationId: actor?.membership?.organizationId ?? null,
    });
    return { card, type: kind, effectiveOn };
  }
}
