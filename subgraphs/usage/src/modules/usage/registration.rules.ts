import { addDays, cardProblemOn, normaliseCardCode, todayInFinland, type CardDayProblem, type CardStatusViewRow, type EntityManager } from '@kaikukanta/kit';
import type { EventKind } from '../event/event.model.js';
import { redemptionOpensAt, reservationOpensAt } from '../event/time-limits.js';
import { providerProblem, scopeProblem, type Registrar } from './registration.access.js';
import { problem, type ProblemCode, type RegistrationProblem } from './registration.errors.js';
import { ScopeRepository } from './scope.repository.js';
import { CAPTURED_AT_TOLERANCE_MS, GROUP_MEMBERS, type CardKind } from './usage.model.js';
import { UsageRepository, type EventRow, type RegistrationReads } from './usage.repository.js';

/** An event named by a sales report where the registry keeps none (R17). */
export interface ReportedEvent {
  providerId: string;
  name: string;
  /** Finnish calendar day (decision 0006). */
  date: string;
  kind: EventKind;
}

/** One card of a registration; a group visit (R14) has a staff card and its members' cards. */
export interface CardRequest {
  code: string;
  childTickets: number;
  /** Index in the group's members; -1 for the staff card; undefined for a single use. */
  member?: number;
}

export interface RegistrationRequest {
  eventId?: string | null;
  report?: ReportedEvent | null;
  cards: readonly CardRequest[];
  /** R14: true for a group visit: the first card is the staff's community card, the rest its members'. */
  group?: boolean;
  /** R16: when the use was captured offline, as the device says. */
  capturedAt?: Date | null;
}

/** What a registration writes once no rule refuses it. */
export interface RegistrationPlan {
  event: EventRow | null;
  providerId: string;
  eventName: string;
  eventDate: string;
  eventKind: EventKind;
  /** `cardId` is for usage's outbox only (R25), never shown to venues (R29). */
  cards: { code: string; cardId: string; kind: CardKind; childTickets: number; childTicketLimit: number; lastValidDay: string | null; member?: number }[];
}

export type RuleResult = { problems: RegistrationProblem[]; plan: RegistrationPlan | null };

/**
 * What the rules read, in the caller's transaction. Every entry point reads through the repositories; a sales-report
 * import (R17) passes look-ups it loaded for a whole batch of rows at once — the same rows, the same rules.
 */
export interface RuleLookups {
  event(id: string): Promise<EventRow | null>;
  cardStatuses(codes: readonly string[]): Promise<Map<string, CardStatusViewRow>>;
  mayActFor(registrar: Registrar, providerId: string): Promise<boolean>;
}

export function repositoryLookups(em: EntityManager): RuleLookups {
  const usage = new UsageRepository(em);
  const scope = new ScopeRepository(em);
  return { event: (id) => usage.findEvent(id), cardStatuses: (codes) => usage.cardStatuses(codes), mayActFor: (registrar, providerId) => scope.mayActFor(registrar, providerId) };
}

/**
 * Issue 12: the look-ups of one registration answered from `UsageRepository.claimAndRead` (one statement for the
 * event, R18's answer and the cards); anything that statement did not ask is asked of `fallback`.
 */
export function readLookups(reads: RegistrationReads, asked: { eventId: string | null; codes: readonly string[] }, fallback: RuleLookups): RuleLookups {
  const codes = new Set(asked.codes);
  return {
    event: (id) => (id === asked.eventId ? Promise.resolve(reads.event) : fallback.event(id)),
    cardStatuses: (wanted) =>
      wanted.every((code) => codes.has(code))
        ? Promise.resolve(new Map(wanted.flatMap((code) => (reads.statuses.has(code) ? [[code, reads.statuses.get(code) as CardStatusViewRow] as const] : []))))
        : fallback.cardStatuses(wanted),
    mayActFor: (registrar, providerId) =>
      reads.mayAct !== null && providerId.toLowerCase() === reads.scopeProviderId ? Promise.resolve(reads.mayAct) : fallback.mayActFor(registrar, providerId),
  };
}

/** R2: the distinct card codes of a request that are codes at all, normalised exactly as the cards subgraph stores them. */
export function requestedCodes(request: Pick<RegistrationRequest, 'cards'>): string[] {
  return [...new Set(request.cards.flatMap((card) => {
    const normalised = normaliseCardCode(card.code);
    return normalised.ok ? [normalised.code] : [];
  }))];
}

const CARD_PROBLEM: Record<CardDayProblem, ProblemCode> = {
  NOT_YET_VALID: 'CARD_NOT_YET_VALID',
  EXPIRED: 'CARD_EXPIRED',
  ENDED: 'CARD_ENDED',
  OUT_OF_USE: 'CARD_OUT_OF_USE',
};

/**
 * The registration rules (P1): every entry point — single use, group visit, check, later import rows — runs this
 * one function in its own transaction, and it returns every problem it finds rather than throwing on the first,
 * so a group visit can answer per card (R14) and a check can list them all. Reads only; the cap it reports is
 * advisory, the conditional update at write time decides (R21).
 *
 * The card is judged for the event's day, not the day of sending (R13, R16): a use captured offline and sent
 * later is accepted if the card was valid then.
 */
export async function checkRegistration(
  em: EntityManager,
  registrar: Registrar,
  request: RegistrationRequest,
  now: Date = new Date(),
  lookups: RuleLookups = repositoryLookups(em),
): Promise<RuleResult> {
  const problems: RegistrationProblem[] = [];
  const scope = scopeProblem(registrar);
  if (scope) return { problems: [scope], plan: null };

  if (request.capturedAt && request.capturedAt.getTime() > now.getTime() + CAPTURED_AT_TOLERANCE_MS) problems.push(problem('CAPTURED_AT_IN_FUTURE', 'capturedAt'));

  // The event: kept (eventId) or reported (name, date, provider), never both.
  let event: EventRow | null = null;
  let target: Omit<RegistrationPlan, 'cards' | 'event'>;
  if (request.eventId && !request.report) {
    event = await lookups.event(request.eventId);
    if (!event) return { problems: [problem('EVENT_NOT_FOUND', 'eventId')], plan: null };
    target = { providerId: event.providerId, eventName: event.name, eventDate: todayInFinland(event.startsAt), eventKind: event.kind };
  } else if (request.report && !request.eventId) {
    target = { providerId: request.report.providerId, eventName: request.report.name, eventDate: request.report.date, eventKind: request.report.kind };
  } else {
    return { problems: [problem('INVALID_REPORTED_EVENT', 'eventId')], plan: null };
  }
  // R18: an unknown event and one of a provider outside the registrar's scope answer alike, in that order.
  const outOfScope = await providerProblem(registrar, target.providerId, lookups.mayActFor);
  if (outOfScope) return { problems: [outOfScope], plan: null };
  if (event) problems.push(...eventProblems(event, request.capturedAt ?? now));

  if (request.group && (request.cards.length - 1 < GROUP_MEMBERS.min || request.cards.length - 1 > GROUP_MEMBERS.max)) problems.push(problem('GROUP_SIZE', 'members'));

  // R2: normalised exactly as the cards subgraph stores codes.
  const codes = request.cards.map((card) => normaliseCardCode(card.code));
  const statuses = await lookups.cardStatuses(requestedCodes(request));
  const seen = new Set<string>();
  const cards: RegistrationPlan['cards'] = [];
  request.cards.forEach((card, i) => {
    const field = card.member === undefined ? 'cardCode' : card.member < 0 ? 'staffCardCode' : `members.${card.member}.cardCode`;
    const ticketsField = card.member === undefined ? 'childTickets' : card.member < 0 ? 'staffChildTickets' : `members.${card.member}.childTickets`;
    const at = (code: ProblemCode, f = field) => problems.push(problem(code, f, card.member));
    const normalised = codes[i];
    if (!normalised?.ok) return at('INVALID_CARD_CODE');
    if (seen.has(normalised.code)) return at('DUPLICATE_CARD');
    seen.add(normalised.code);
    const status = statuses.get(normalised.code);
    // R3: unregistered cards do not work at venues.
    if (!status) return at('CARD_NOT_REGISTERED');
    const before = problems.length;
    cardProblems(status, card, target, request.group ? (card.member ?? 0) < 0 : undefined).forEach((code) => at(code, code.includes('CHILD') ? ticketsField : field));
    if (problems.length === before) {
      cards.push({ code: normalised.code, cardId: status.card_id, kind: status.kind, childTickets: card.childTickets, childTicketLimit: status.child_ticket_limit, lastValidDay: lastValidDay(status), ...(card.member === undefined ? {} : { member: card.member }) });
    }
  });

  // R21, advisory: the conditional update at write time is what holds the cap under concurrency.
  if (event && event.cap !== null && event.used + request.cards.length > event.cap) problems.push(problem('CAP_EXCEEDED', 'eventId'));

  return problems.length ? { problems, plan: null } : { problems, plan: { event, ...target, cards } };
}

/**
 * R19: an excluded event takes no card. R22: reservations and redemption open at the provider's limits; a use is
 * judged at the moment it was captured (R16: offline, the device's time), so a late upload of a door sale is not
 * refused for being sent after the event, nor an early one let through for being sent late.
 */
function eventProblems(event: EventRow, at: Date): RegistrationProblem[] {
  if (event.excluded) return [{ ...problem('EVENT_EXCLUDED', 'eventId'), ...(event.exclusionReason ? { reason: event.exclusionReason } : {}) }];
  // Decision 0014: open when every limit is — the later of the two instants, which the refusal names.
  const opens = [reservationOpensAt(event.startsAt, event.reservationOpensDaysBefore), redemptionOpensAt(event.startsAt, event.redemptionOpensMinutesBefore)]
    .filter((instant) => instant !== null)
    .reduce<Date | null>((latest, instant) => (latest && latest.getTime() >= instant.getTime() ? latest : instant), null);
  return opens && at.getTime() < opens.getTime() ? [{ ...problem('OUTSIDE_TIME_LIMITS', 'eventId'), opensAt: opens.toISOString() }] : [];
}

/** R11, R11b, R12, R13 for one registered card; `staff` is set for a group visit's cards (true for the staff card). */
function cardProblems(status: CardStatusViewRow, card: CardRequest, target: { eventDate: string; eventKind: EventKind }, staff: boolean | undefined): ProblemCode[] {
  const found: ProblemCode[] = [];
  // R13, decision 0006: valid on the event's day; ended or out of use from `closed_on`.
  const day = cardProblemOn(status, target.eventDate);
  if (day) found.push(CARD_PROBLEM[day]);
  // R14, R10: the staff use their organisation's community card; every member their own personal card.
  if (staff === true && status.kind !== 'COMMUNITY') found.push('GROUP_STAFF_CARD_NOT_COMMUNITY');
  if (staff === false && status.kind !== 'PERSONAL') found.push('GROUP_MEMBER_CARD_NOT_PERSONAL');
  // R12: no child tickets for course places; no community card for a course at all.
  if (target.eventKind === 'COURSE' && status.kind === 'COMMUNITY') found.push('COMMUNITY_CARD_FOR_COURSE');
  if (!Number.isInteger(card.childTickets) || card.childTickets < 0) found.push('INVALID_CHILD_TICKETS');
  else if (target.eventKind === 'COURSE' && card.childTickets > 0) found.push('CHILD_TICKETS_FOR_COURSE');
  // R11b: the registry is the authority on the number of the holder's minor children.
  else if (card.childTickets > status.child_ticket_limit) found.push('TOO_MANY_CHILD_TICKETS');
  return found;
}

/** Decision 0006: the card's last valid day as the view tells it (the day before `closed_on`, or `valid_until`). */
function lastValidDay(status: CardStatusViewRow): string | null {
  if (!status.closed_on) return status.valid_until;
  const before = addDays(status.closed_on, -1);
  if (before < status.granted_on) return null;
  return before < status.valid_until ? before : status.valid_until;
}
