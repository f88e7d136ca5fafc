import { randomUUID } from 'node:crypto';
import type { EntityManager, Identity, Locale } from '@kaikukanta/kit';
import { registeringScope, registrarOf, type Registrar } from './registration.access.js';
import { idempotencyKeyReused, problem, problemMessage, registrationRefused, writesThrottled } from './registration.errors.js';
import type { CheckUsageInput, RegisterGroupVisitInput, RegisterUsageInput } from './usage.input.js';
import { UsageCheckType, UsageProblemType } from './usage.type.js';
import { checkRegistration, readLookups, repositoryLookups, requestedCodes, type RegistrationRequest } from './registration.rules.js';
import { requestHash, validKey } from './idempotency.js';
import type { UsageRecord, WriteOperation } from './usage.model.js';
import { UsageRepository, type KeyClaim, type NewUse } from './usage.repository.js';
import { WRITES_PER_MINUTE, WriteThrottleRepository } from './write-throttle.repository.js';

/** What every write needs: a fresh entity manager, who acts (as the gateway vouches), and the caller's language. */
export interface WriteScope {
  em: EntityManager;
  identity: Identity;
  locale: Locale;
}

/** A registration's answer: the uses written (or, on a retry, written by the first request). */
export interface Registered {
  usages: UsageRecord[];
  groupId: string | null;
  /** True when an earlier request with the same idempotency key wrote them. */
  replayed: boolean;
}

/**
 * Registers uses (R11–R22): thin entry points over one core. Each entry point opens one transaction and in it
 * claims the idempotency key, runs the rules (`checkRegistration`, P1), takes the cap places with a conditional
 * update (R21), writes the uses and appends them to the outbox — all or nothing, a group visit included (R14).
 */
export class RegistrationService {
  constructor(private readonly scope: WriteScope) {}

  /** One use with one card. */
  register(input: RegisterUsageInput): Promise<Registered> {
    const { idempotencyKey, ...content } = input;
    return this.#write('REGISTER', idempotencyKey, content, { ...targetOf(input), cards: [{ code: input.cardCode, childTickets: input.childTickets }], group: false });
  }

  /** R14: the staff's community card and every member's card for one event, all or nothing. */
  registerGroup(input: RegisterGroupVisitInput): Promise<Registered> {
    const { idempotencyKey, ...content } = input;
    const cards = [
      { code: input.staffCardCode, childTickets: input.staffChildTickets, member: -1 },
      ...input.members.map((member, i) => ({ code: member.cardCode, childTickets: member.childTickets, member: i })),
    ];
    return this.#write('REGISTER_GROUP', idempotencyKey, content, { ...targetOf(input), cards, group: true });
  }

  /** The rules without writing: what a venue or partner learns before it sells (R29: usable, kind, last valid day, child tickets). */
  async check(input: CheckUsageInput): Promise<UsageCheckType> {
    const registrar = registrarOf(this.scope.identity);
    await throttle(this.scope.em, registrar);
    const request: RegistrationRequest = { ...targetOf(input), cards: [{ code: input.cardCode, childTickets: input.childTickets }] };
    // One statement reads all the rules need (a snapshot of its own): no transaction to open and close around it.
    const em = this.scope.em.fork();
    const { problems, plan } = await checkRegistration(em, registrar, request, new Date(), await readsOf(em, registrar, request, null));
    const card = plan?.cards[0];
    return Object.assign(new UsageCheckType(), {
      usable: problems.length === 0,
      problems: problems.map((p) => UsageProblemType.from(p, problemMessage(p, this.scope.locale))),
      cardKind: card?.kind ?? null,
      lastValidDay: card?.lastValidDay ?? null,
      childTicketLimit: card?.childTicketLimit ?? null,
    });
  }

  async #write(operation: WriteOperation, key: string, content: object, request: RegistrationRequest): Promise<Registered> {
    const registrar = registrarOf(this.scope.identity);
    validKey(key);
    await throttle(this.scope.em, registrar);
    const hash = requestHash(operation, content);
    const result = await this.scope.em.fork().transactional((tx) => registerIn(tx, registrar, request, { operation, key, hash }, this.scope.locale));
    if (!result.replayed) return result;
    return { ...result, usages: await new UsageRepository(this.scope.em.fork()).findUsages(result.usageIds) };
  }
}

/** The event of an input: kept or reported (R17); `checkRegistration` refuses both or neither. */
function targetOf(input: Pick<RegisterUsageInput, 'eventId' | 'report' | 'capturedAt'>): Pick<RegistrationRequest, 'eventId' | 'report' | 'capturedAt'> {
  return { eventId: input.eventId ?? null, report: input.report ? { ...input.report } : null, capturedAt: input.capturedAt ?? null };
}

/**
 * Writes and checks are held to a rate: 600 a minute per partner key, and as many per organisation for its staff
 * together — a box office's busiest door stays far below, while trying codes to learn which cards exist (every
 * refusal tells CARD_NOT_REGISTERED apart, R29) would take days.
 */
export async function throttle(em: EntityManager, registrar: Registrar): Promise<void> {
  const { writes, secondsLeft } = await new WriteThrottleRepository(em.fork()).count(registrar.apiKeyId ?? registrar.keyOwner);
  if (writes > WRITES_PER_MINUTE) throw writesThrottled(secondsLeft);
}

/** The rules' look-ups for one request, read in one statement — with the claim of its key when `claim` is given. */
async function readsOf(em: EntityManager, registrar: Registrar, request: RegistrationRequest, claim: KeyClaim | null) {
  const asked = { eventId: request.eventId ?? null, reportedProviderId: request.report?.providerId ?? null, codes: requestedCodes(request) };
  const reads = await new UsageRepository(em).claimAndRead(claim, registrar, asked);
  return Object.assign(readLookups(reads, asked, repositoryLookups(em)), { claimed: reads.claimed });
}

/**
 * The registration core, inside the caller's transaction `tx` (P1: the entry point chooses the boundary). Throws
 * the refusal, so the transaction rolls back and leaves nothing — not even the idempotency key. Two statements
 * between the transaction's begin and commit (issue 12): the key's claim with every read of the rules, then the
 * uses, their outbox events and the cap places together.
 */
export async function registerIn(
  tx: EntityManager,
  registrar: Registrar,
  request: RegistrationRequest,
  idempotency: { operation: WriteOperation; key: string; hash: string },
  locale: Locale,
): Promise<{ usageIds: string[]; usages: UsageRecord[]; groupId: string | null; replayed: boolean }> {
  // The answer's ids are made up front, so the key is claimed with them in one statement.
  const usageIds = request.cards.map(() => randomUUID());
  const groupId = request.group ? randomUUID() : null;
  // First, so a concurrent duplicate waits on the key's primary key and then finds this request's answer.
  const lookups = await readsOf(tx, registrar, request, { owner: registrar.keyOwner, key: idempotency.key, operation: idempotency.operation, requestHash: idempotency.hash, usageIds, groupId });
  const repo = new UsageRepository(tx);
  if (!lookups.claimed) {
    const stored = await repo.findKey(registrar.keyOwner, idempotency.key);
    if (!stored || stored.operation !== idempotency.operation || stored.requestHash !== idempotency.hash) throw idempotencyKeyReused();
    return { usageIds: stored.usageIds, usages: [], groupId: stored.groupId, replayed: true };
  }
  const { problems, plan } = await checkRegistration(tx, registrar, request, new Date(), lookups);
  if (!plan) throw registrationRefused(problems, locale, { group: request.group });
  const registeredAt = new Date();
  const uses: NewUse[] = plan.cards.map((card, i) => ({
    id: usageIds[i] as string,
    eventId: plan.event?.id ?? null,
    providerId: plan.providerId,
    eventName: plan.eventName,
    eventDate: plan.eventDate,
    eventKind: plan.eventKind,
    cardCode: card.code,
    cardKind: card.kind,
    childTickets: card.childTickets,
    groupId,
    capturedAt: request.capturedAt ?? null,
    // The card ids the rules read with the cards' status go to the outbox (R25), never to the answer (R29).
    cardId: card.cardId,
  }));
  // R21: the cap is held here, by the database, for every card holder of the request at once, in the statement that
  // writes the uses — the last before the commit, so the event row's lock is held shortest.
  if (!(await repo.insertUses(registrar, uses, registeredAt, plan.event ? { eventId: plan.event.id, n: uses.length } : null))) {
    throw registrationRefused([problem('CAP_EXCEEDED', 'eventId')], locale, { group: request.group });
  }
  const usages: UsageRecord[] = uses.map(({ cardId: _cardId, eventId, ...use }) => ({ ...use, event: eventId ? { id: eventId } : null, ...registeringScope(registrar), registeredAt }));
  return { usageIds, usages, groupId, replayed: false };
}
