import 'reflect-metadata';
import { cardProblemOn, DEMO, todayInFinland, type CardStatusViewRow, type Identity, type SubgraphApp } from '@kaikukanta/kit';
import { createTestDatabase, testConfigEnv, type TestDatabase } from '@kaikukanta/kit/testing';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
// Organizations and cards with their demo seeds, as `npm start` runs them (see registration.support.ts).
/* eslint-disable no-restricted-imports */
import { createApp as createCardsApp } from '../../../cards/src/app.js';
import { loadConfig as loadCardsConfig } from '../../../cards/src/config.js';
import { createApp as createOrganizationsApp } from '../../../organizations/src/app.js';
import { loadConfig as loadOrganizationsConfig } from '../../../organizations/src/config.js';
/* eslint-enable no-restricted-imports */
import { createApp } from '../app.js';
import { loadConfig } from '../config.js';
import { checkRegistration } from '../modules/usage/registration.rules.js';
import { registrarOf } from '../modules/usage/registration.access.js';
import { UsageRepository } from '../modules/usage/usage.repository.js';
import { DEMO_CARD_CODES, seedDemoUsages, type DemoUsageSummary } from '../seeders/demo-usages.seeder.js';
import { seedDemoEventRows, type PastDemoEvent } from '../seeders/demo.seeder.js';
import { sql } from './registration.support.js';

/**
 * Issue 9: the demo seed registers past uses through the write path (rules, cap, outbox) with deterministic
 * idempotency keys, so a second start adds nothing. Organizations and cards with their demo seeds, usage beside them.
 */

let db: TestDatabase;
const apps: SubgraphApp[] = [];
let system: { sut: SubgraphApp };
let past: PastDemoEvent[];
const runs: DemoUsageSummary[] = [];
const counts: Record<string, number>[] = [];

type Row = {
  id: string;
  event_id: string;
  card_code: string;
  card_kind: string;
  child_tickets: number;
  event_date: string;
  event_kind: string;
  captured_at: Date;
  cancelled_at: Date | null;
  registering_organization_id: string | null;
  registering_region_id: string | null;
  provider_id: string;
};

async function tableCounts(): Promise<Record<string, number>> {
  const [row] = await sql<Record<string, number>>(
    system.sut,
    `select (select count(*)::int from usage.usage) as usages, (select count(*)::int from usage.outbox) as outbox,
            (select count(*)::int from usage.event) as events, (select count(*)::int from usage.idempotency_key) as keys,
            (select coalesce(sum(used), 0)::int from usage.event) as used, (select count(*)::int from usage.usage where cancelled_at is not null) as cancelled`,
  );
  return row as Record<string, number>;
}

beforeAll(async () => {
  db = await createTestDatabase(inject('pgAdminUrl'), 'kk_test_demo_usages');
  apps.push(await createOrganizationsApp(loadOrganizationsConfig({ ...testConfigEnv(db.url), ORGANIZATIONS_PORT: '0', SEED_DEMO_DATA: 'true' })));
  apps.push(await createCardsApp(loadCardsConfig({ ...testConfigEnv(db.url), CARDS_PORT: '0', SEED_DEMO_DATA: 'true' })));
  // Usage without its seed: the test runs the seed itself, twice, as two starts would.
  system = { sut: await createApp(loadConfig({ ...testConfigEnv(db.url), USAGE_PORT: '0', LOG_LEVEL: 'silent' })) };
  apps.push(system.sut);
  for (let run = 0; run < 2; run += 1) {
    const started = Date.now();
    const em = system.sut.orm.em.fork();
    past = await seedDemoEventRows(em);
    runs.push(await seedDemoUsages(em, past, { waitMs: 0 }));
    counts.push(await tableCounts());
    console.log(`demo usages run ${run + 1}: ${Date.now() - started} ms`, runs[run], counts[run]);
  }
}, 120_000);

afterAll(async () => {
  for (const app of apps.reverse()) await app.close();
  await db?.drop();
});

describe('demo usages (issue 9)', () => {
  it('registers a few hundred past uses on the first start, a couple cancelled, and nothing refused', () => {
    const [first] = runs as [DemoUsageSummary];
    expect(first.planned).toBeGreaterThanOrEqual(200);
    expect(first).toMatchObject({ registered: first.planned, replayed: 0, skipped: 0 });
    expect(first.cancelled).toBeGreaterThanOrEqual(1);
    expect(counts[0]).toMatchObject({ usages: first.planned, cancelled: first.cancelled, used: first.planned - first.cancelled });
  });

  it('a second start on the same database adds no row: every key answers the first start’s use', () => {
    const [first, second] = runs as [DemoUsageSummary, DemoUsageSummary];
    expect(second).toEqual({ planned: first.planned, registered: 0, replayed: first.planned, cancelled: 0, skipped: 0 });
    expect(counts[1]).toEqual(counts[0]);
  });

  it('the outbox holds one event per use and one per cancellation, with the card id', async () => {
    const events = await sql<{ type: string; n: number; without_card: number }>(
      system.sut,
      `select type, count(*)::int as n, count(*) filter (where card_id is null)::int as without_card from usage.outbox group by type order by type`,
    );
    expect(events).toEqual([
      { type: 'USAGE_CANCELLED', n: counts[0]?.cancelled, without_card: 0 },
      { type: 'USAGE_REGISTERED', n: counts[0]?.usages, without_card: 0 },
    ]);
    const unmatched = await sql(system.sut, `select u.id from usage.usage u left join usage.outbox o on o.usage_id = u.id and o.type = 'USAGE_REGISTERED' where o.id is null`);
    expect(unmatched).toEqual([]);
  });

  it('every seeded use keeps the rules: past events, valid card on the day (R13), child tickets within the allowance (R11b), none for courses (R12), caps (R21), R18 registrars', async () => {
    const rows = await sql<Row>(
      system.sut,
      `select id, event_id, card_code, card_kind, child_tickets, event_date::text as event_date, event_kind, captured_at, cancelled_at,
              registering_organization_id, registering_region_id, provider_id from usage.usage`,
    );
    const statuses = await new UsageRepository(system.sut.orm.em.fork()).cardStatuses(DEMO_CARD_CODES);
    const pastIds = new Set(past.map((e) => e.id));
    for (const row of rows) {
      const card = statuses.get(row.card_code) as CardStatusViewRow;
      expect(card, row.card_code).toBeDefined();
      expect(pastIds.has(row.event_id)).toBe(true);
      expect(row.event_date < todayInFinland()).toBe(true);
      expect(cardProblemOn(card, row.event_date), `${row.card_code} on ${row.event_date}`).toBeNull();
      expect(row.child_tickets).toBeLessThanOrEqual(card.child_ticket_limit);
      if (row.event_kind === 'COURSE') expect([row.child_tickets, row.card_kind]).toEqual([0, 'PERSONAL']);
    }
    // One use per card per event; the kinds, children and registrars the demo should show.
    expect(new Set(rows.map((r) => `${r.event_id}/${r.card_code}`)).size).toBe(rows.length);
    expect(rows.filter((r) => r.child_tickets > 0).length).toBeGreaterThanOrEqual(20);
    expect(new Set(rows.map((r) => r.event_kind))).toEqual(new Set(['PERFORMANCE', 'DAY_TICKET', 'COURSE']));
    expect(new Set(rows.map((r) => r.registering_organization_id ?? r.registering_region_id)).size).toBe(3);
    expect(rows.filter((r) => r.registering_organization_id === r.provider_id).length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.card_code)).size).toBeGreaterThanOrEqual(30);

    // R21: no event above its cap, and `used` is exactly its uses not cancelled.
    const events = await sql<{ id: string; cap: number | null; used: number; held: number }>(
      system.sut,
      `select e.id, e.cap, e.used, (select count(*)::int from usage.usage u where u.event_id = e.id and u.cancelled_at is null) as held from usage.event e`,
    );
    for (const event of events) {
      expect(event.used, event.id).toBe(event.held);
      if (event.cap !== null) expect(event.used).toBeLessThanOrEqual(event.cap);
    }
  });

  it('the rules function itself accepts each seeded use again for its registrar on a fresh event state (re-check with checkRegistration)', async () => {
    const rows = await sql<Row & { registered_by_user_id: string | null; api_key_id: string | null }>(
      system.sut,
      `select id, event_id, card_code, child_tickets, captured_at, registering_organization_id, registering_region_id, registered_by_user_id, api_key_id from usage.usage`,
    );
    const em = system.sut.orm.em.fork();
    await em.transactional(async (tx) => {
      // Caps aside (checked above), so every use is judged as it was when registered: the event emptied inside this rolled-back transaction.
      await tx.execute('update usage.event set used = 0');
      for (const row of rows) {
        const user = (membership: Extract<Identity, { kind: 'user' }>['membership']): Identity => ({ kind: 'user', userId: row.registered_by_user_id as string, sessionId: row.id, ...(membership ? { membership } : {}) });
        const identity: Identity =
          row.api_key_id !== null
            ? { kind: 'apiKey', apiKeyId: row.api_key_id, organizationId: row.registering_organization_id as string, scopes: ['USAGE_WRITE'] }
            : row.registering_region_id
              ? user({ id: row.id, role: 'CULTURE_OFFICER', regionId: row.registering_region_id, municipalityCode: '837' })
              : user({ id: row.id, role: row.registered_by_user_id === DEMO.users.ticketAgent ? 'TICKET_AGENT' : 'CULTURE_PROVIDER', organizationId: row.registering_organization_id as string });
        const { problems } = await checkRegistration(tx, registrarOf(identity), { eventId: row.event_id, cards: [{ code: row.card_code, childTickets: row.child_tickets }], capturedAt: new Date(row.captured_at) });
        expect(problems, `${row.id}`).toEqual([]);
      }
      throw new RollBack();
    }).catch((error: unknown) => {
      if (!(error instanceof RollBack)) throw error;
    });
  });
});

class RollBack extends Error {}
