import 'reflect-metadata';
import { addDays, type SubgraphApp } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { Dimension, Period, Scope } from '../modules/figures/figures.model.js';
import { FiguresRepository } from '../modules/figures/figures.repository.js';
import { rebuildReadModels } from '../modules/figures/rebuild.service.js';
import { daysAgo, DISTRIBUTORS, freshCode, gql, keptEvent, person, PROVIDERS, random, settled, sql, startFiguresSystem, today, type FiguresSystem } from './figures.support.js';

/**
 * R24, R25: the read models equal a direct count over the source tables after a randomised run of registrations,
 * extensions, endings, uses and cancellations made through the cards and usage subgraphs — while two statistics
 * instances read at once and one of them is stopped mid-stream and replaced (decision 0009: nothing lost, nothing
 * counted twice), and again after a rebuild from the outboxes.
 */

const SEED = Number(process.env.FIGURES_SEED ?? 20261210);
let system: FiguresSystem;
const rng = random(SEED);

beforeAll(async () => {
  system = await startFiguresSystem(inject('pgAdminUrl'));
}, 60_000);

afterAll(async () => {
  await system?.close();
});

const REGISTER_CARD = 'mutation ($input: RegisterCardInput!) { registerCard(input: $input) { id } }';
const TONGUES = ['FINNISH', 'SWEDISH', 'RUSSIAN', 'ARABIC', 'NOT_TOLD'];
const GENDERS = ['WOMAN', 'MAN', 'OTHER', 'NOT_TOLD'];
const SITUATIONS = ['UNEMPLOYED', 'PENSIONER', 'STUDENT', 'LOW_INCOME', 'SINGLE_PARENT'];

interface Card {
  id: string;
  code: string;
  distributor: (typeof DISTRIBUTORS)[number];
  grantedOn: string;
  children: number;
}

async function registerCard(): Promise<Card> {
  const distributor = rng.pick(DISTRIBUTORS);
  const code = freshCode();
  const grantedOn = daysAgo(rng.int(120, 300));
  const children = rng.int(0, 4);
  const situations = [...new Set([rng.pick(SITUATIONS), rng.pick(SITUATIONS)])];
  const background = { birthYear: rng.int(1940, 2005), postalCode: String(rng.int(10_000, 99_999)), minorChildren: children, motherTongue: rng.pick(TONGUES), gender: rng.pick(GENDERS), lifeSituations: situations };
  const res = await gql<{ registerCard: { id: string } }>(system.cards, person('DISTRIBUTOR', { organizationId: distributor.id, regionId: distributor.regionId }), REGISTER_CARD, {
    input: { code, kind: 'PERSONAL', grantedOn, background },
  }, 'cards');
  expect(res.errors).toBeUndefined();
  return { id: res.data!.registerCard.id, code, distributor, grantedOn, children };
}

async function changeCard(card: Card): Promise<void> {
  const who = person('DISTRIBUTOR', { organizationId: card.distributor.id, regionId: card.distributor.regionId });
  const roll = rng.next();
  if (roll < 0.4) await gql(system.cards, who, 'mutation ($id: ID!) { extendCard(id: $id) { id } }', { id: card.id }, 'cards');
  else if (roll < 0.7) await gql(system.cards, who, 'mutation ($id: ID!, $on: LocalDate) { endCard(id: $id, endedOn: $on) { id } }', { id: card.id, on: daysAgo(rng.int(0, 30)) }, 'cards');
  else await gql(system.cards, who, "mutation ($id: ID!) { takeCardOutOfUse(id: $id, reason: LOST) { id } }", { id: card.id }, 'cards');
}

const REGISTER_USE = 'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { usages { id } } }';
const CANCEL_USE = 'mutation ($input: CancelUsageInput!) { cancelUsage(input: $input) { usage { id } } }';

async function registerUse(cards: Card[], events: { id: string; provider: string }[], registered: { id: string; provider: string }[]): Promise<void> {
  const card = rng.pick(cards);
  const event = rng.pick(events);
  const res = await gql<{ registerUsage: { usages: { id: string }[] } }>(system.usage, person('CULTURE_PROVIDER', { organizationId: event.provider }), REGISTER_USE, {
    input: { idempotencyKey: `fig-${freshCode()}`, cardCode: card.code, childTickets: rng.int(0, Math.min(card.children, 2)), eventId: event.id },
  }, 'usage');
  // A card ended before the event's day is refused (R13): that is the source tables' truth too.
  for (const usage of res.data?.registerUsage.usages ?? []) registered.push({ id: usage.id, provider: event.provider });
}

async function cancelUse(registered: { id: string; provider: string }[]): Promise<void> {
  const index = rng.int(0, registered.length - 1);
  const [usage] = registered.splice(index, 1);
  if (!usage) return;
  // Past the cancellation window the use stays (CANCELLATION_WINDOW_CLOSED): the source tables say so too.
  await gql(system.usage, person('CULTURE_PROVIDER', { organizationId: usage.provider }), CANCEL_USE, { input: { idempotencyKey: `fig-${freshCode()}`, usageId: usage.id, reason: 'ENTERED_IN_ERROR' } }, 'usage');
}

const byKey = <T extends { key: string }>(rows: T[], pick: (row: T) => number) => Object.fromEntries(rows.map((row) => [row.key, pick(row)]).filter(([, v]) => v !== 0));
const counted = (rows: Record<string, unknown>[]) => Object.fromEntries(rows.map((r) => [String(r.key), Number(r.n)]).filter(([, v]) => v !== 0));

/** Every figure of the read models against a direct count over cards' and usage's tables. */
async function expectExact(statistics: SubgraphApp, period: Period): Promise<void> {
  const sut = new FiguresRepository(statistics.orm.em.fork());
  const src = system.cards;
  const nation: Scope = { kind: 'NATION' };
  const history = (kind: string, key: string) =>
    sql(src, `select ${key} as key, count(*) as n from cards.card_history h join cards.card c on c.id = h.card_id where h.kind = ? and h.effective_on between ? and ? group by 1`, [kind, period.from, period.to]);
  for (const [by, key] of [['REGION', 'c.region_id::text'], ['DISTRIBUTOR', 'c.distributor_id::text']] as [Dimension, string][]) {
    const rows = await sut.cards(period, nation, by);
    expect(byKey(rows, (r) => r.granted), `granted by ${by}`).toEqual(counted(await history('REGISTERED', key)));
    expect(byKey(rows, (r) => r.extended), `extended by ${by}`).toEqual(counted(await history('EXTENDED', key)));
    expect(byKey(rows, (r) => r.ended), `ended by ${by}`).toEqual(counted(await history('ENDED', key)));
    expect(byKey(rows, (r) => r.takenOutOfUse), `out of use by ${by}`).toEqual(counted(await history('TAKEN_OUT_OF_USE', key)));
    const active = await sql(src, `select ${key} as key, count(*) as n from cards.card c where granted_on <= ? and ? <= valid_until and (closed_on is null or ? < closed_on) group by 1`, [period.to, period.to, period.to]);
    expect(byKey(rows, (r) => r.active), `active by ${by}`).toEqual(counted(active));
  }
  const gender = await sql(src, `select b.gender as key, count(*) as n from cards.background b join cards.card c on c.id = b.card_id where c.granted_on between ? and ? group by 1`, [period.from, period.to]);
  expect(byKey(await sut.background(period, nation, 'GENDER'), (r) => r.value)).toEqual(counted(gender));

  const uses = (key: string) =>
    sql(
      src,
      `select ${key} as key, count(*) as n, sum(u.child_tickets) as child from usage.usage u join organizations.provider_scope p on p.organization_id = u.provider_id
        where u.cancelled_at is null and u.event_date between ? and ? group by 1`,
      [period.from, period.to],
    );
  for (const [by, key] of [['FIELD', 'p.field'], ['PROVIDER', 'u.provider_id::text'], ['MUNICIPALITY', 'p.municipality_code'], ['REGION', 'p.region_id::text'], ['MONTH', "to_char(u.event_date, 'YYYY-MM')"]] as [Dimension, string][]) {
    const rows = await sut.usage(period, nation, by);
    const direct = await uses(key);
    expect(byKey(rows, (r) => r.uses), `uses by ${by}`).toEqual(counted(direct));
    expect(byKey(rows, (r) => r.childTickets), `child tickets by ${by}`).toEqual(counted(direct.map((r) => ({ key: r.key, n: r.child }))));
  }
  const distinct = (key: string) =>
    sql(src, `select ${key} as key, count(distinct u.card_code) as n from usage.usage u join organizations.provider_scope p on p.organization_id = u.provider_id where u.cancelled_at is null and u.event_date between ? and ? group by 1`, [period.from, period.to]);
  expect(byKey(await sut.distinctCards(period, nation, null), (r) => r.value), 'distinct cards').toEqual(counted(await distinct("'TOTAL'")));
  expect(byKey(await sut.distinctCards(period, nation, 'FIELD'), (r) => r.value), 'distinct cards by field').toEqual(counted(await distinct('p.field')));
  expect(byKey(await sut.distinctCards(period, nation, 'REGION'), (r) => r.value), 'distinct cards by region').toEqual(counted(await distinct('p.region_id::text')));
}

describe('R24, R25: read models from the cards and usage outboxes', () => {
  it('R25: after a randomised run with two instances, one stopped mid-stream and replaced, every figure equals a direct count; a rebuild gives the same', async () => {
    let first = await system.startStatistics();
    const second = await system.startStatistics();
    const cards: Card[] = [];
    for (let i = 0; i < 40; i += 1) cards.push(await registerCard());
    const events = [];
    for (let i = 0; i < 12; i += 1) {
      const provider = rng.pick(PROVIDERS);
      events.push({ id: await keptEvent(system.usage, provider, daysAgo(i % 2 ? rng.int(0, 5) : rng.int(6, 100))), provider });
    }
    const registered: { id: string; provider: string }[] = [];
    for (let step = 0; step < 160; step += 1) {
      const roll = rng.next();
      if (roll < 0.08) await changeCard(rng.pick(cards));
      else if (roll < 0.2 && registered.length) await cancelUse(registered);
      else await registerUse(cards, events, registered);
      if (step === 70) {
        // Stopped mid-stream (a batch may be in flight: it commits or rolls back with its position), then replaced.
        await first.close();
        first = await system.startStatistics();
      }
    }
    await settled(first);
    await settled(second);
    expect(registered.length).toBeGreaterThan(40);
    const periods: Period[] = [
      { from: daysAgo(400), to: today() },
      { from: daysAgo(45), to: daysAgo(10) },
      { from: `${today().slice(0, 7)}-01`, to: today() },
      { from: addDays(today(), -6), to: addDays(today(), -6) },
    ];
    for (const period of periods) await expectExact(first, period);
    const rebuilt = await rebuildReadModels(first.orm.em);
    expect(rebuilt.usageEvents).toBeGreaterThan(40);
    for (const period of periods) await expectExact(second, period);
  }, 180_000);
});
