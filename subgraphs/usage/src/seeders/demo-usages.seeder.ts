import { setTimeout as sleep } from 'node:timers/promises';
import { addDays, AGENT_CLIENT_VIEW, AppError, cardProblemOn, CARDS_STATUS_VIEW, DEMO, todayInFinland, type CardStatusViewRow, type EntityManager, type Identity, type Role } from '@kaikukanta/kit';
import { CancellationService } from '../modules/usage/cancellation.service.js';
import { RegistrationService, type WriteScope } from '../modules/usage/registration.service.js';
import { CANCEL_WINDOW_DAYS, type CancelReason } from '../modules/usage/usage.model.js';
import { UsageRepository } from '../modules/usage/usage.repository.js';
import type { PastDemoEvent } from './demo.seeder.js';

const O = DEMO.organizations;
const U = DEMO.users;

/** The 52 demo cards of the cards subgraph's seed (AM99001000–AM99001051). */
export const DEMO_CARD_CODES = Array.from({ length: 52 }, (_, i) => `AM9900${String(1000 + i)}`);

/** The demo ticket agent's partner key (organizations' demo-people seed). */
const DEMO_API_KEY_ID = '0a6c1a5e-0000-4000-8000-000000000601';

/** A demo account acting in one of its memberships (ids as organizations' demo-people seed makes them). */
function member(userId: string, membership: number, role: Role, scope: { organizationId?: string; regionId?: string; municipalityCode?: string }): Identity {
  return { kind: 'user', userId, sessionId: '0a6c1a5e-0000-4000-8000-000000000700', membership: { id: `${userId.slice(0, 24)}${String(membership).padStart(12, '0')}`, role, ...scope } };
}

/** Who registers (R18): a provider at its own door, the ticket agent (its staff or its partner system) for its clients, Tampere's culture officer (decision 0022) for the town's courses. */
const REGISTRARS = {
  ateneum: member(U.multi, 571, 'CULTURE_PROVIDER', { organizationId: O.ateneum }),
  agent: member(U.ticketAgent, 550, 'TICKET_AGENT', { organizationId: O.lippupiste }),
  agentSystem: { kind: 'apiKey', apiKeyId: DEMO_API_KEY_ID, organizationId: O.lippupiste, regionId: DEMO.regions.uusimaa, scopes: ['CARD_STATUS_READ', 'USAGE_WRITE'] } satisfies Identity,
  officer: member(U.cultureOfficer, 580, 'CULTURE_OFFICER', { regionId: DEMO.regions.pirkanmaa, municipalityCode: '837' }),
} as const;
type RegistrarName = keyof typeof REGISTRARS;

/**
 * How each programme line (demo.seeder.ts, by index) sells to card holders: uses per event, who registers, how
 * often a card with children brings them, which use is cancelled when the event is still within the cancellation
 * window. Lines left out take no card uses in the demo: Vaasa's venues have no demo account, the touring
 * production is excluded (R19). Tampere's theatre sells through Lippupalvelu here, so its own box office list
 * starts empty (the browser tests register there).
 */
const SALES: Record<number, { uses: [number, number]; by: readonly RegistrarName[]; children: number; cancel?: CancelReason }> = {
  0: { uses: [4, 10], by: ['agent', 'agentSystem'], children: 0.3, cancel: 'TICKET_RETURNED' },
  1: { uses: [5, 12], by: ['ateneum'], children: 0.5 },
  2: { uses: [3, 9], by: ['agent', 'agentSystem'], children: 0.4 },
  3: { uses: [1, 2], by: ['officer'], children: 0 },
  4: { uses: [4, 10], by: ['agent', 'agentSystem'], children: 0.8, cancel: 'ENTERED_IN_ERROR' },
  7: { uses: [2, 7], by: ['agent'], children: 0.1 },
  8: { uses: [0, 2], by: ['agentSystem'], children: 0.2 },
  10: { uses: [0, 1], by: ['officer'], children: 0 },
  11: { uses: [5, 12], by: ['agent', 'agentSystem'], children: 0.6 },
};

export interface DemoUsageSummary {
  /** Uses the plan holds for the past events. */
  planned: number;
  registered: number;
  /** Already there: the idempotency key answered an earlier start's use. */
  replayed: number;
  cancelled: number;
  /** Refused (an event or card changed since an earlier start) or already cancelled by an earlier start. */
  skipped: number;
}

/** One planned use. */
export interface PlannedUse {
  key: string;
  eventId: string;
  cardCode: string;
  childTickets: number;
  capturedAt: Date;
  registrar: RegistrarName;
  cancel: { key: string; reason: CancelReason } | null;
}

/** mulberry32 over an FNV-1a hash of the seed text: the same plan for the same event at every start. */
function random(seed: string): () => number {
  let a = 2166136261;
  for (const char of seed) a = Math.imul(a ^ char.charCodeAt(0), 16777619);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The plan: for each past event, a number of distinct demo cards valid on its day (R13) — personal cards only for
 * courses (R12) — never more than its cap (R21), child tickets within each card's allowance (R11b) and none for
 * courses (R12), captured when the event started. A pure function of the events, the cards and today (which
 * events are still within the cancellation window), so a restart asks for the same uses with the same keys.
 */
export function planDemoUsages(events: readonly PastDemoEvent[], cards: readonly CardStatusViewRow[], today = todayInFinland()): PlannedUse[] {
  return events.flatMap((event) => {
    const sales = SALES[event.line];
    if (!sales || event.excluded) return [];
    const next = random(event.id);
    const pick = (n: number) => Math.floor(next() * n);
    const usable = cards.filter((card) => cardProblemOn(card, event.day) === null && (event.kind !== 'COURSE' || card.kind === 'PERSONAL'));
    // Fisher–Yates with the event's own sequence: distinct cards, one use each.
    const shuffled = [...usable].sort((a, b) => (a.code < b.code ? -1 : 1));
    for (let i = shuffled.length - 1; i > 0; i -= 1) {
      const j = pick(i + 1);
      [shuffled[i], shuffled[j]] = [shuffled[j] as CardStatusViewRow, shuffled[i] as CardStatusViewRow];
    }
    const [min, max] = sales.uses;
    const count = Math.min(min + pick(max - min + 1), event.cap ?? Infinity, shuffled.length);
    const cancellable = sales.cancel && addDays(event.day, CANCEL_WINDOW_DAYS) >= today && count >= 2;
    const line = event.line.toString(16).padStart(2, '0');
    return shuffled.slice(0, count).map((card, i): PlannedUse => {
      const limit = event.kind === 'COURSE' || card.kind === 'COMMUNITY' ? 0 : card.child_ticket_limit;
      const childTickets = limit > 0 && next() < sales.children ? 1 + pick(limit) : 0;
      const registrar = sales.by[pick(sales.by.length)] as RegistrarName;
      return {
        key: `demo-usage-${line}-${event.day}-${i}`,
        eventId: event.id,
        cardCode: card.code,
        childTickets,
        capturedAt: event.startsAt,
        registrar,
        cancel: cancellable && i === count - 1 ? { key: `demo-cancel-${line}-${event.day}-${i}`, reason: sales.cancel as CancelReason } : null,
      };
    });
  });
}

/**
 * Past uses for the demo (issue 9: statistics have something to show), through the write path every registration
 * takes — `RegistrationService.register` and `CancellationService.cancel`: the rules, the cap, the outbox — with
 * deterministic idempotency keys, so a restart replays every use instead of adding one.
 *
 * The four services start in parallel (`npm start`), so this waits for the cards' and the network's demo seeds to
 * be visible (the views exist, the migrate step made them); without those views (a test of usage alone) it does
 * nothing.
 */
export async function seedDemoUsages(em: EntityManager, events: readonly PastDemoEvent[], options: { waitMs?: number } = {}): Promise<DemoUsageSummary> {
  const summary: DemoUsageSummary = { planned: 0, registered: 0, replayed: 0, cancelled: 0, skipped: 0 };
  const cards = await demoCards(em, options.waitMs ?? 20_000);
  if (!cards.length) return summary;
  const plan = planDemoUsages(events, cards);
  summary.planned = plan.length;
  const scopes = Object.fromEntries(Object.entries(REGISTRARS).map(([name, identity]) => [name, { em, identity, locale: 'fi' } satisfies WriteScope])) as Record<RegistrarName, WriteScope>;
  for (const use of plan) {
    const scope = scopes[use.registrar];
    const result = await refusedAsNull(() =>
      new RegistrationService(scope).register({ idempotencyKey: use.key, eventId: use.eventId, cardCode: use.cardCode, childTickets: use.childTickets, capturedAt: use.capturedAt }),
    );
    const usage = result?.usages[0];
    if (!result || !usage) {
      summary.skipped += 1;
      continue;
    }
    if (result.replayed) summary.replayed += 1;
    else summary.registered += 1;
    if (!use.cancel) continue;
    const cancelled = await refusedAsNull(() => new CancellationService(scope).cancel(use.cancel?.key as string, { usageId: usage.id, reason: use.cancel?.reason as CancelReason }));
    if (!cancelled) summary.skipped += 1;
    else if (!cancelled.replayed) summary.cancelled += 1;
  }
  return summary;
}

/** A refusal (a coded AppError: the rules, a reused key, the cancellation window) answers null; anything else is a fault and thrown. */
async function refusedAsNull<T>(write: () => Promise<T>): Promise<T | null> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof AppError) return null;
    throw error;
  }
}

/** The demo cards' status rows once the cards' and the network's seeds are visible; none when their views are missing or time runs out. */
async function demoCards(em: EntityManager, waitMs: number): Promise<CardStatusViewRow[]> {
  const [views] = await em.execute<{ cards: string | null; clients: string | null }[]>('select to_regclass(?) as cards, to_regclass(?) as clients', [
    `"${CARDS_STATUS_VIEW.schema}"."${CARDS_STATUS_VIEW.view}"`,
    `"${AGENT_CLIENT_VIEW.schema}"."${AGENT_CLIENT_VIEW.view}"`,
  ]);
  if (!views?.cards || !views.clients) return [];
  const repo = new UsageRepository(em);
  for (const deadline = Date.now() + waitMs; ; await sleep(100)) {
    const [linked] = await em.execute<{ n: number }[]>(`select count(*)::int as n from "${AGENT_CLIENT_VIEW.schema}"."${AGENT_CLIENT_VIEW.view}" where agent_id = ?`, [O.lippupiste]);
    const cards = (linked?.n ?? 0) > 0 ? [...(await repo.cardStatuses(DEMO_CARD_CODES)).values()] : [];
    if (cards.length) return cards;
    if (Date.now() >= deadline) return [];
  }
}
