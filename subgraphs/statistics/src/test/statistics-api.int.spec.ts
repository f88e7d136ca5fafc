import 'reflect-metadata';
import { DEMO, type Identity, type Role, type SubgraphApp } from '@kaikukanta/kit';
import { gatewayHeaders, gatewayToken, postGraphQL } from '@kaikukanta/kit/testing';
import { createClient } from 'graphql-ws';
import { WebSocket } from 'ws';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { FiguresRepository } from '../modules/figures/figures.repository.js';
import { nextStep } from '../modules/suppression/published-steps.js';
import { daysAgo, DISTRIBUTORS, freshCode, gql, keptEvent, person, PROVIDERS, random, settled, sql, startFiguresSystem, today, type FiguresSystem } from './figures.support.js';

/**
 * Issue 10's statistics API: who reads which figures (R25, R26, decision 0013), small cells suppressed in every
 * response and never recoverable from its totals (R27, decision 0017), the same figures as a direct count where
 * published, and the yearly report with exactly yearlyFigures' numbers.
 */

const R = DEMO.regions;
const O = DEMO.organizations;
const YEAR = Number(today().slice(0, 4));
const YEAR_PERIOD = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
let system: FiguresSystem;
let sut: SubgraphApp;
const rng = random(20261202);

const FIGURE = '{ value suppressed }';
const CARDS = `{ granted ${FIGURE} extended ${FIGURE} ended ${FIGURE} takenOutOfUse ${FIGURE} active ${FIGURE} }`;
const USAGE = `{ uses ${FIGURE} adultTickets ${FIGURE} childTickets ${FIGURE} distinctCards ${FIGURE} }`;
const ROWS = `{ key cards ${CARDS} usage ${USAGE} }`;
const STATISTICS = `query ($scope: StatisticsScopeInput, $period: PeriodInput!) { statistics(scope: $scope, period: $period) {
  scopeKind scopeId suppressionApplied suppressedCount cards ${CARDS} usage ${USAGE}
  byRegion ${ROWS} byMunicipality ${ROWS} byProvider ${ROWS} byField ${ROWS} byVenueType ${ROWS} byMonth ${ROWS} byDay ${ROWS}
  background(dimension: GENDER) { key cards ${FIGURE} } } }`;
const YEARLY = `query ($year: Int!, $regionId: ID) { yearlyFigures(year: $year, regionId: $regionId) {
  year regionId cardsRegistered ${FIGURE} cardsUsed ${FIGURE} uses ${FIGURE} childTickets ${FIGURE} municipalities byField { field adultTickets ${FIGURE} childTickets ${FIGURE} } } }`;
const REPORT = 'query ($year: Int!, $regionId: ID, $format: StatisticsReportFormat!) { yearlyReport(year: $year, regionId: $regionId, format: $format) { filename mimeType base64 } }';

interface Figure {
  value: number | null;
  suppressed: boolean;
}
type Stats = Record<string, unknown> & { suppressionApplied: boolean; suppressedCount: number; usage: Record<string, Figure | null>; cards: Record<string, Figure | null> | null };

const nationalAdmin = () => person('NATIONAL_ADMIN');
const TAMPERE = '837';
const NOKIA = '536';
/** A culture officer of Pirkanmaa for one municipality (decision 0022); `null`: an identity without one. */
function officer(municipalityCode: string | null = TAMPERE): Identity {
  const who = person('CULTURE_OFFICER', { regionId: R.pirkanmaa });
  return who.kind === 'user' && who.membership && municipalityCode ? { ...who, membership: { ...who.membership, municipalityCode } } : who;
}
const anonymous: Identity = { kind: 'anonymous' };

async function ask<T = { statistics: Stats }>(identity: Identity, query: string, variables: Record<string, unknown>, language = 'fi') {
  return postGraphQL<T>(sut.server.url, query, variables, { ...(identity.kind === 'anonymous' ? {} : await gatewayHeaders(identity, 'statistics')), 'accept-language': language });
}

beforeAll(async () => {
  system = await startFiguresSystem(inject('pgAdminUrl'));
  sut = await system.startStatistics();
  const cards: { code: string; children: number }[] = [];
  for (let i = 0; i < 14; i += 1) {
    const distributor = rng.pick(DISTRIBUTORS);
    const code = freshCode();
    const children = rng.int(0, 3);
    const background = { birthYear: rng.int(1940, 2005), postalCode: String(rng.int(10_000, 99_999)), minorChildren: children, motherTongue: 'FINNISH', gender: rng.pick(['WOMAN', 'MAN', 'NOT_TOLD']), lifeSituations: ['PENSIONER'] };
    const res = await gql(system.cards, person('DISTRIBUTOR', { organizationId: distributor.id, regionId: distributor.regionId }), 'mutation ($input: RegisterCardInput!) { registerCard(input: $input) { id } }', {
      input: { code, kind: 'PERSONAL', grantedOn: daysAgo(rng.int(120, 300)), background },
    }, 'cards');
    expect(res.errors).toBeUndefined();
    cards.push({ code, children });
  }
  const events = [];
  for (const provider of PROVIDERS) events.push({ provider, id: await keptEvent(system.usage, provider, daysAgo(rng.int(1, 60))) });
  for (let i = 0; i < 60; i += 1) {
    // Skewed: the first providers get most uses, the last few only a handful (small cells to suppress).
    const event = events[Math.min(events.length - 1, Math.floor(rng.next() ** 2 * events.length))]!;
    const card = rng.pick(cards);
    await gql(system.usage, person('CULTURE_PROVIDER', { organizationId: event.provider }), 'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { usages { id } } }', {
      input: { idempotencyKey: `api-${freshCode()}`, cardCode: card.code, childTickets: rng.int(0, Math.min(card.children, 2)), eventId: event.id },
    }, 'usage');
  }
  await settled(sut);
}, 120_000);

afterAll(async () => {
  await system?.close();
});

const someday = { from: daysAgo(40), to: daysAgo(3) };

describe('Issue 10: statistics API — access (R25, R26, decision 0013)', () => {
  const regional = (role: Role, regionId: string) => person(role, { regionId });
  const cases: [string, () => Identity, Record<string, unknown> | null, Record<string, string>, 'ok' | 'FORBIDDEN' | 'UNAUTHENTICATED'][] = [
    ['national admin: the nation', nationalAdmin, null, YEAR_PERIOD, 'ok'],
    ['national admin: any region', nationalAdmin, { kind: 'REGION', id: R.uusimaa }, YEAR_PERIOD, 'ok'],
    ['national admin: any provider', nationalAdmin, { kind: 'PROVIDER', id: O.tampereTheatre }, YEAR_PERIOD, 'ok'],
    ['national analyst: the nation', () => person('ANALYST'), { kind: 'NATION' }, YEAR_PERIOD, 'ok'],
    ['regional analyst: own region', () => regional('ANALYST', R.pirkanmaa), { kind: 'REGION', id: R.pirkanmaa }, YEAR_PERIOD, 'ok'],
    ['regional analyst: not the nation', () => regional('ANALYST', R.pirkanmaa), { kind: 'NATION' }, YEAR_PERIOD, 'FORBIDDEN'],
    ['responsible person: own region by default', () => regional('REGION_ADMIN', R.pirkanmaa), null, YEAR_PERIOD, 'ok'],
    ['responsible person: not another region', () => regional('REGION_ADMIN', R.pirkanmaa), { kind: 'REGION', id: R.uusimaa }, YEAR_PERIOD, 'FORBIDDEN'],
    ['responsible person: not a provider of the region as a scope', () => regional('REGION_ADMIN', R.pirkanmaa), { kind: 'PROVIDER', id: O.tampereTheatre }, YEAR_PERIOD, 'FORBIDDEN'],
    ['culture officer: their municipality by default', () => officer(), null, YEAR_PERIOD, 'ok'],
    ['culture officer: their municipality', () => officer(), { kind: 'MUNICIPALITY', id: TAMPERE }, YEAR_PERIOD, 'ok'],
    ['culture officer: not another municipality of the region', () => officer(), { kind: 'MUNICIPALITY', id: NOKIA }, YEAR_PERIOD, 'FORBIDDEN'],
    ['culture officer: not the region as a whole', () => officer(), { kind: 'REGION', id: R.pirkanmaa }, YEAR_PERIOD, 'FORBIDDEN'],
    ['culture officer: not another region', () => officer(), { kind: 'REGION', id: R.ostrobothnia }, YEAR_PERIOD, 'FORBIDDEN'],
    ['culture officer: not the nation', () => officer(), { kind: 'NATION' }, YEAR_PERIOD, 'FORBIDDEN'],
    ['culture officer: not a provider of the municipality as a scope', () => officer(), { kind: 'PROVIDER', id: O.tampereTheatre }, YEAR_PERIOD, 'FORBIDDEN'],
    ['culture officer without a municipality: nothing', () => officer(null), null, YEAR_PERIOD, 'FORBIDDEN'],
    ['distributor: cards it granted', () => person('DISTRIBUTOR', { organizationId: O.tampereSocial }), { kind: 'DISTRIBUTOR', id: O.tampereSocial }, YEAR_PERIOD, 'ok'],
    ['distributor: not another distributor', () => person('DISTRIBUTOR', { organizationId: O.tampereSocial }), { kind: 'DISTRIBUTOR', id: O.helsinkiSocial }, YEAR_PERIOD, 'FORBIDDEN'],
    ['distributor: not its region', () => person('DISTRIBUTOR', { organizationId: O.tampereSocial }), { kind: 'REGION', id: R.pirkanmaa }, YEAR_PERIOD, 'FORBIDDEN'],
    ['provider: its own usage, any range', () => person('CULTURE_PROVIDER', { organizationId: O.tampereTheatre }), null, someday, 'ok'],
    ['provider: not another provider', () => person('CULTURE_PROVIDER', { organizationId: O.tampereTheatre }), { kind: 'PROVIDER', id: O.ateneum }, YEAR_PERIOD, 'FORBIDDEN'],
    ['provider: not the nation', () => person('CULTURE_PROVIDER', { organizationId: O.tampereTheatre }), { kind: 'NATION' }, YEAR_PERIOD, 'FORBIDDEN'],
    ['ticket agent: usage it registered, any range', () => person('TICKET_AGENT', { organizationId: O.lippupiste }), { kind: 'REGISTRAR', id: O.lippupiste }, someday, 'ok'],
    ['ticket agent: not its clients as providers', () => person('TICKET_AGENT', { organizationId: O.lippupiste }), { kind: 'PROVIDER', id: O.kansallisteatteri }, YEAR_PERIOD, 'FORBIDDEN'],
    ['anonymous: nothing', () => anonymous, null, YEAR_PERIOD, 'UNAUTHENTICATED'],
  ];
  it.each(cases)('R25: statistics — %s', async (_, who, scope, period, expected) => {
    const res = await ask(who(), STATISTICS, { scope, period });
    if (expected === 'ok') expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    else expect(res.errors?.[0]?.extensions?.code).toBe(expected);
  });

  it('R26: yearlyFigures — the nation for national roles, a region for its own roles only; FORBIDDEN otherwise', async () => {
    const code = async (who: Identity, regionId?: string) => (await ask(who, YEARLY, { year: YEAR, regionId }, 'fi')).errors?.[0]?.extensions?.code ?? 'ok';
    expect(await code(nationalAdmin())).toBe('ok');
    expect(await code(person('ANALYST'), R.ostrobothnia)).toBe('ok');
    expect(await code(person('REGION_ADMIN', { regionId: R.pirkanmaa }))).toBe('ok');
    expect(await code(person('REGION_ADMIN', { regionId: R.pirkanmaa }), R.uusimaa)).toBe('FORBIDDEN');
    expect(await code(person('DISTRIBUTOR', { organizationId: O.tampereSocial }))).toBe('FORBIDDEN');
    expect(await code(person('CULTURE_PROVIDER', { organizationId: O.tampereTheatre }))).toBe('FORBIDDEN');
    // A culture officer's municipality is a row of the region's tables, not a publication of its own (decision 0022).
    expect(await code(officer())).toBe('FORBIDDEN');
    expect(await code(officer(), R.pirkanmaa)).toBe('FORBIDDEN');
  });

  it('decision 0022: a culture officer gets their municipality’s row of the region’s published tables — its totals, months and its own providers’ rows, as the region shows them — and nothing else', async () => {
    const stats = async (who: Identity, scope: Record<string, unknown> | null) => {
      const res = await ask(who, STATISTICS, { scope, period: YEAR_PERIOD });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data!.statistics as Stats & Record<'byRegion' | 'byMunicipality' | 'byProvider' | 'byField' | 'byVenueType' | 'byMonth' | 'byDay' | 'background', { key: string; cards?: unknown; usage?: unknown }[]>;
    };
    const own = await stats(officer(), null);
    const region = await stats(person('REGION_ADMIN', { regionId: R.pirkanmaa }), null);
    const municipalityRow = region.byMunicipality.find((r) => r.key === TAMPERE);
    expect(municipalityRow, 'the seeded uses reach Tampere').toBeDefined();
    expect(own).toMatchObject({ scopeKind: 'MUNICIPALITY', scopeId: TAMPERE, suppressionApplied: true });
    // The municipality's totals are its cells in the region's table, suppressed as the region publishes them.
    expect({ cards: own.cards, usage: own.usage }).toEqual({ cards: municipalityRow!.cards, usage: municipalityRow!.usage });
    // Its months are the same cells as the national row's months (one line ties them: one pattern).
    const national = await stats(nationalAdmin(), { kind: 'MUNICIPALITY', id: TAMPERE });
    expect(own.byMonth).toEqual(national.byMonth);
    expect(own.byMonth.length).toBeGreaterThan(0);
    // Providers: only Tampere's, each exactly its row of the region's table.
    const tampere = new Set<string>([O.tampereTheatre, O.tampereOpisto, O.tampereSciencecentre]);
    expect(own.byProvider.length).toBeGreaterThan(0);
    for (const row of own.byProvider) {
      expect(tampere.has(row.key), row.key).toBe(true);
      expect(row).toEqual(region.byProvider.find((r) => r.key === row.key));
    }
    // Nothing about the rest of the region, and no table the region does not publish.
    for (const empty of ['byRegion', 'byMunicipality', 'byField', 'byVenueType', 'byDay', 'background'] as const) expect(own[empty], empty).toEqual([]);
    // Days are published for the nation and regions only (decision 0017).
    const day = await ask(officer(), STATISTICS, { scope: null, period: { from: daysAgo(3), to: daysAgo(3) } });
    expect(day.errors?.[0]?.extensions?.code).toBe('STATISTICS_PERIOD_NOT_PUBLISHED');
  });

  it('rebuildStatistics: national admins only', async () => {
    const mutation = 'mutation { rebuildStatistics { cardEvents usageEvents } }';
    expect((await ask(person('ANALYST'), mutation, {})).errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const res = await ask<{ rebuildStatistics: { usageEvents: number } }>(nationalAdmin(), mutation, {});
    expect(res.errors).toBeUndefined();
    expect(res.data!.rebuildStatistics.usageEvents).toBeGreaterThan(0);
  });
});

function figuresOf(value: unknown, out: Figure[] = []): Figure[] {
  if (Array.isArray(value)) value.forEach((v) => figuresOf(v, out));
  else if (value && typeof value === 'object') {
    if ('suppressed' in value && 'value' in value) out.push(value as Figure);
    else Object.values(value).forEach((v) => figuresOf(v, out));
  }
  return out;
}

describe('R27: suppression in responses (decision 0017)', () => {
  it('R27: every published figure is 0 or at least 5; a suppressed one has no value; the response counts them', async () => {
    for (const [who, scope] of [[nationalAdmin(), null], [person('REGION_ADMIN', { regionId: R.pirkanmaa }), null]] as const) {
      const res = await ask(who, STATISTICS, { scope, period: YEAR_PERIOD });
      expect(res.errors).toBeUndefined();
      const s = res.data!.statistics;
      expect(s.suppressionApplied).toBe(true);
      const all = figuresOf(s);
      for (const f of all) expect(f.suppressed ? f.value === null : f.value === 0 || f.value! >= 5, JSON.stringify(f)).toBe(true);
      expect(all.some((f) => f.suppressed)).toBe(true);
    }
  });

  it('R27: a table never shows exactly one suppressed cell next to its total (the region and provider rows against the total)', async () => {
    const s = (await ask(nationalAdmin(), STATISTICS, { period: YEAR_PERIOD })).data!.statistics as unknown as Record<string, { usage: { uses: Figure } }[]> & { usage: { uses: Figure } };
    for (const table of ['byRegion', 'byProvider', 'byField', 'byMunicipality', 'byMonth']) {
      const hidden = s[table]!.filter((r) => r.usage.uses.suppressed).length + (s.usage.uses.suppressed ? 1 : 0);
      expect(hidden, table).not.toBe(1);
    }
  });

  it('R27: suppressed figures only for calendar years, months and days; a provider’s own usage for any range', async () => {
    const res = await ask(nationalAdmin(), STATISTICS, { period: someday });
    expect(res.errors?.[0]?.extensions?.code).toBe('STATISTICS_PERIOD_NOT_PUBLISHED');
    const halfYear = await ask(nationalAdmin(), STATISTICS, { period: { from: `${YEAR}-01-01`, to: `${YEAR}-06-30` } });
    expect(halfYear.errors?.[0]?.extensions?.code).toBe('STATISTICS_PERIOD_NOT_PUBLISHED');
    const month = await ask(nationalAdmin(), STATISTICS, { period: { from: `${YEAR}-02-01`, to: `${YEAR}-02-28` } });
    expect(month.errors).toBeUndefined();
    const own = await ask(person('CULTURE_PROVIDER', { organizationId: O.tampereTheatre }), STATISTICS, { period: someday });
    expect(own.data!.statistics.suppressionApplied).toBe(false);
    expect(figuresOf(own.data!.statistics).every((f) => !f.suppressed)).toBe(true);
  });
});

describe('R25: the same figures as a direct count', () => {
  const direct = async (where: string, params: unknown[]) =>
    (await sql<{ n: string; child: string; cards: string }>(system.usage, `select count(*) as n, coalesce(sum(child_tickets), 0) as child, count(distinct card_code) as cards from usage.usage u where cancelled_at is null and ${where}`, params))[0]!;

  it('R25: a provider’s own usage over any range equals the uses, child tickets and distinct cards in usage.usage', async () => {
    for (const provider of PROVIDERS) {
      const res = await ask(person('CULTURE_PROVIDER', { organizationId: provider }), STATISTICS, { period: someday });
      const count = await direct('provider_id = ? and event_date between ? and ?', [provider, someday.from, someday.to]);
      const usage = res.data!.statistics.usage;
      expect([usage.uses?.value, usage.childTickets?.value, usage.distinctCards?.value]).toEqual([Number(count.n), Number(count.child), Number(count.cards)]);
    }
  });

  it('R25: every figure the nation’s year publishes equals the read models’ (FiguresRepository, held to direct counts by figures.int.spec.ts) and the source tables', async () => {
    const s = (await ask(nationalAdmin(), STATISTICS, { period: YEAR_PERIOD })).data!.statistics as unknown as Record<string, { key: string; usage: Record<string, Figure> | null; cards: Record<string, Figure> | null }[]> & Stats;
    const figures = new FiguresRepository(sut.orm.em.fork());
    const nation = { kind: 'NATION' as const };
    const check = (f: Figure | null | undefined, expected: number, label: string) => {
      if (f && !f.suppressed) expect(f.value, label).toBe(expected);
    };
    const [total] = await figures.usage(YEAR_PERIOD, nation, null);
    check(s.usage.uses, total?.uses ?? 0, 'uses');
    check(s.usage.childTickets, total?.childTickets ?? 0, 'child tickets');
    const count = await direct('event_date between ? and ?', [YEAR_PERIOD.from, YEAR_PERIOD.to]);
    check(s.usage.uses, Number(count.n), 'uses (source)');
    for (const [table, by] of [['byField', 'FIELD'], ['byProvider', 'PROVIDER'], ['byRegion', 'REGION'], ['byMonth', 'MONTH']] as const) {
      const rows = new Map((await figures.usage(YEAR_PERIOD, nation, by)).map((r) => [r.key, r]));
      for (const row of s[table]!) check(row.usage?.uses, rows.get(row.key)?.uses ?? 0, `${table} ${row.key}`);
    }
    const cards = new Map((await figures.cards(YEAR_PERIOD, nation, 'REGION')).map((r) => [r.key, r]));
    for (const row of s.byRegion!) check(row.cards?.granted, cards.get(row.key)?.granted ?? 0, `granted ${row.key}`);
  });
});

describe('R25: distinct cards per row (decision 0017: primary suppression only)', () => {
  const distinctBy = async (key: string, where: string, params: unknown[]) =>
    new Map(
      (
        await sql<{ key: string; n: string }>(
          system.usage,
          `select ${key} as key, count(distinct u.card_code) as n from usage.usage u join organizations.provider_scope p on p.organization_id = u.provider_id
            where u.cancelled_at is null and ${where} group by 1`,
          params,
        )
      ).map((r) => [r.key, Number(r.n)]),
    );

  it('R25, R27: every breakdown row of the nation’s year carries its distinct cards — the direct count, hidden exactly when 1–4; none by venue type', async () => {
    const s = (await ask(nationalAdmin(), STATISTICS, { period: YEAR_PERIOD })).data!.statistics as unknown as Record<string, { key: string; usage: { distinctCards: Figure | null } }[]>;
    const inYear: [string, unknown[]] = ['u.event_date between ? and ?', [YEAR_PERIOD.from, YEAR_PERIOD.to]];
    let compared = 0;
    for (const [table, key] of [['byRegion', 'p.region_id::text'], ['byMunicipality', 'p.municipality_code'], ['byProvider', 'u.provider_id::text'], ['byField', 'p.field'], ['byMonth', "to_char(u.event_date, 'YYYY-MM')"]] as const) {
      const direct = await distinctBy(key, ...inYear);
      expect(s[table]!.length, table).toBeGreaterThan(0);
      for (const row of s[table]!) {
        const n = direct.get(row.key) ?? 0;
        expect(row.usage.distinctCards, `${table} ${row.key}`).toEqual({ value: n >= 1 && n <= 4 ? null : n, suppressed: n >= 1 && n <= 4 });
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(10);
    for (const row of s.byVenueType!) expect(row.usage.distinctCards).toBeNull();
  });

  it('R25: a region’s rows (municipalities, providers, fields) and a provider’s own months over any range carry the direct count', async () => {
    const s = (await ask(person('REGION_ADMIN', { regionId: R.pirkanmaa }), STATISTICS, { period: YEAR_PERIOD })).data!.statistics as unknown as Record<string, { key: string; usage: { distinctCards: Figure | null } }[]>;
    for (const [table, key] of [['byMunicipality', 'p.municipality_code'], ['byProvider', 'u.provider_id::text'], ['byField', 'p.field']] as const) {
      const direct = await distinctBy(key, 'p.region_id = ? and u.event_date between ? and ?', [R.pirkanmaa, YEAR_PERIOD.from, YEAR_PERIOD.to]);
      for (const row of s[table]!) {
        const n = direct.get(row.key) ?? 0;
        if (!row.usage.distinctCards?.suppressed) expect(row.usage.distinctCards?.value, `${table} ${row.key}`).toBe(n);
      }
    }
    const own = (await ask(person('CULTURE_PROVIDER', { organizationId: O.tampereTheatre }), STATISTICS, { period: someday })).data!.statistics as unknown as Record<string, { key: string; usage: { distinctCards: Figure | null } }[]>;
    const months = await distinctBy("to_char(u.event_date, 'YYYY-MM')", 'u.provider_id = ? and u.event_date between ? and ?', [O.tampereTheatre, someday.from, someday.to]);
    expect(own.byMonth!.length).toBeGreaterThan(0);
    for (const row of own.byMonth!) expect(row.usage.distinctCards?.value, row.key).toBe(months.get(row.key));
  });
});

describe('R26: the yearly report', () => {
  it('R26: the workbook (fi) and the CSV (sv, Accept-Language) carry exactly yearlyFigures’ numbers', async () => {
    const who = person('REGION_ADMIN', { regionId: R.pirkanmaa });
    const yearly = (await ask<{ yearlyFigures: { uses: Figure; childTickets: Figure; cardsRegistered: Figure; cardsUsed: Figure; municipalities: number; byField: { field: string; adultTickets: Figure; childTickets: Figure }[] } }>(who, YEARLY, { year: YEAR })).data!.yearlyFigures;
    const shown = (f: Figure) => (f.suppressed ? '..' : f.value);
    const xlsx = (await ask<{ yearlyReport: { filename: string; mimeType: string; base64: string } }>(who, REPORT, { year: YEAR, format: 'XLSX' }, 'fi')).data!.yearlyReport;
    expect(xlsx.filename).toMatch(/\.xlsx$/);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
    const sheet = book.worksheets[0]!;
    const byLabel = new Map<string, unknown[]>();
    sheet.eachRow((row) => {
      const values = (row.values as unknown[]).slice(1);
      byLabel.set(String(values[0]), values.slice(1));
    });
    expect(byLabel.get('Käyttökerrat')?.[0]).toEqual(shown(yearly.uses));
    expect(byLabel.get('Lasten liput')?.[0]).toEqual(shown(yearly.childTickets));
    expect(byLabel.get('Rekisteröidyt kortit')?.[0]).toEqual(shown(yearly.cardsRegistered));
    expect(byLabel.get('Käytetyt kortit')?.[0]).toEqual(shown(yearly.cardsUsed));
    expect(byLabel.get('Mukana olevat kunnat')?.[0]).toEqual(yearly.municipalities);
    const culture = yearly.byField.find((f) => f.field === 'CULTURE')!;
    expect(byLabel.get('Kulttuuri')).toEqual([shown(culture.adultTickets), shown(culture.childTickets)]);

    const csv = (await ask<{ yearlyReport: { filename: string; base64: string } }>(who, REPORT, { year: YEAR, format: 'CSV' }, 'sv')).data!.yearlyReport;
    const text = Buffer.from(csv.base64, 'base64').toString('utf8');
    expect(text).toContain(`"Användningar";${shown(yearly.uses) === '..' ? '".."' : shown(yearly.uses)}`);
    expect(text).toContain(`"Kultur";`);
  });

  it('R26: text a spreadsheet would run as a formula is written as text (= + - @)', async () => {
    for (const evil of ['=HYPERLINK("http://x")', '+1', '-2+3', '@SUM(A1)']) {
      const csv = (await ask<{ yearlyReport: { base64: string } }>(nationalAdmin(), REPORT, { year: YEAR, regionId: evil, format: 'CSV' }, 'en')).data!.yearlyReport;
      const text = Buffer.from(csv.base64, 'base64').toString('utf8');
      expect(text).toContain(`"'${evil.replaceAll('"', '""')}"`);
      const xlsx = (await ask<{ yearlyReport: { base64: string } }>(nationalAdmin(), REPORT, { year: YEAR, regionId: evil, format: 'XLSX' }, 'en')).data!.yearlyReport;
      const book = new ExcelJS.Workbook();
      await book.xlsx.load(Buffer.from(xlsx.base64, 'base64') as unknown as ArrayBuffer);
      const cell = book.worksheets[0]!.getRow(2).getCell(2);
      expect(cell.type).toBe(ExcelJS.ValueType.String);
      expect(cell.value).toBe(`'${evil}`);
    }
  });
});

describe('R27: suppressed figures published in steps (decision 0019)', () => {
  const STEP = 5_000;
  const STEPPED = STATISTICS.replace('scopeKind scopeId', 'publishedAt scopeKind scopeId');
  type Stepped = Stats & { publishedAt: string | null };
  const askAt = async (app: SubgraphApp, who: Identity, period = YEAR_PERIOD) => {
    const res = await postGraphQL<{ statistics: Stepped }>(app.server.url, STEPPED, { period }, await gatewayHeaders(who, 'statistics'));
    expect(res.errors).toBeUndefined();
    return res.data!.statistics;
  };
  /** The figures without the time they are as of (a step's on one instance, the moment asked on a per-event one). */
  const figures = ({ publishedAt: _, ...rest }: Stepped) => rest;
  let stepped: SubgraphApp;

  it('decision 0019: a second instance serves fresh figures after the first ran a rebuild (the rebuild generation is in the published step’s identity)', async () => {
    await settled(sut);
    const [{ n }] = (await sql<{ n: string }>(system.usage, 'select count(*) as n from usage.usage where cancelled_at is null and event_date between ? and ?', [YEAR_PERIOD.from, YEAR_PERIOD.to])) as [{ n: string }];
    // The second instance's published step is computed from read models that a rebuild will correct.
    // The period's smallest cell, chosen by value: a row picked by its place on disk (`limit 1` alone) differed from
    // run to run, and on some rows 1 000 more set off secondary suppression up to the national total (failed once in
    // CI; the largest cell does it every time). Raising a small cell out of suppression leaves the total published.
    await sql(
      sut,
      `update statistics.usage_daily set uses = uses + 1000
        where ctid = (select ctid from statistics.usage_daily where day between ? and ? and uses > 0 order by uses, day, provider_id, registrar, distributor limit 1)`,
      [YEAR_PERIOD.from, YEAR_PERIOD.to],
    );
    stepped = await system.startStatistics({ STATISTICS_PUBLISH_INTERVAL_MS: String(STEP) });
    expect((await askAt(stepped, nationalAdmin())).usage.uses).toEqual({ value: Number(n) + 1000, suppressed: false });
    const rebuilt = await ask(nationalAdmin(), 'mutation { rebuildStatistics { usageEvents } }', {});
    expect(rebuilt.errors).toBeUndefined();
    // Same reader positions as before the rebuild: only the generation tells the second instance its step is stale.
    const fresh = await askAt(stepped, nationalAdmin());
    expect(fresh.usage.uses).not.toEqual({ value: Number(n) + 1000, suppressed: false });
    expect(figures(fresh)).toEqual(figures(await askAt(sut, nationalAdmin())));
  }, 60_000);

  it('R27: with a cadence, a use leaves a responsible person’s figures as they were until the next step and shows after it; the provider’s own figures show it at once', async () => {
    const regional = person('REGION_ADMIN', { regionId: R.pirkanmaa });
    const provider = person('CULTURE_PROVIDER', { organizationId: O.tampereTheatre });
    const day = daysAgo(2).startsWith(String(YEAR)) ? daysAgo(2) : today();
    const code = freshCode();
    const card = await gql(system.cards, person('DISTRIBUTOR', { organizationId: O.tampereSocial, regionId: R.pirkanmaa }), 'mutation ($input: RegisterCardInput!) { registerCard(input: $input) { id } }', {
      input: { code, kind: 'PERSONAL', grantedOn: daysAgo(200), background: { birthYear: 1970, postalCode: '33100', minorChildren: 0, lifeSituations: ['PENSIONER'] } },
    }, 'cards');
    expect(card.errors).toBeUndefined();
    let checked = false;
    for (let attempt = 0; attempt < 3 && !checked; attempt += 1) {
      const event = await keptEvent(system.usage, O.tampereTheatre, day);
      await settled(stepped);
      // Start just after a step, once it is published with everything so far.
      const step = nextStep(Date.now(), STEP);
      await new Promise((resolve) => setTimeout(resolve, step - Date.now() + 100));
      await expect.poll(async () => Date.parse((await askAt(stepped, regional)).publishedAt!), { timeout: 10_000 }).toBeGreaterThanOrEqual(step);
      const before = await askAt(stepped, regional);
      const ownBefore = await askAt(stepped, provider);
      expect(Date.parse(before.publishedAt!) % STEP).toBe(0);
      expect(ownBefore.publishedAt).toBeNull();

      const res = await gql(system.usage, provider, 'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { usages { id } } }', { input: { idempotencyKey: `step-${freshCode()}`, cardCode: code, eventId: event } }, 'usage');
      expect(res.errors).toBeUndefined();
      await settled(stepped);
      const own = await askAt(stepped, provider);
      const still = await askAt(stepped, regional);
      expect(own.usage.uses!.value).toBe(ownBefore.usage.uses!.value! + 1);
      // Applying the use outlasted the step (another file's open transaction can hold the readers back, decision
      // 0015): nothing to compare within one step, so again from the next one.
      if (still.publishedAt !== before.publishedAt) continue;
      // The same step shows exactly the same figures, the use registered and counted.
      expect(still).toEqual(before);
      checked = true;

      await expect.poll(async () => (await askAt(stepped, regional)).publishedAt, { timeout: 3 * STEP }).not.toBe(before.publishedAt);
      // The new step: what the per-event instance shows now (the use included), no longer the step before it.
      const after = await askAt(stepped, regional);
      expect(figures(after)).not.toEqual(figures(before));
      expect(figures(after)).toEqual(figures(await askAt(sut, regional)));
    }
    expect(checked).toBe(true);
  }, 60_000);

  it('decision 0019: statisticsPublished tells a statistics reader each step’s time (a multiple of the interval); anonymous callers are refused', async () => {
    const subscribe = async (who: Identity) => {
      const client = createClient({ url: stepped.server.url.replace(/^http/, 'ws'), webSocketImpl: WebSocket, retryAttempts: 0, connectionParams: async () => ({ identity: await gatewayToken(who, 'statistics') }) });
      const outcome = Promise.withResolvers<{ at: string } | { code: unknown }>();
      client.subscribe<{ statisticsPublished: { at: string } }>(
        { query: 'subscription { statisticsPublished { at } }' },
        {
          next: (result) => {
            const at = result.data?.statisticsPublished.at;
            if (result.errors) outcome.resolve({ code: result.errors[0]?.extensions?.code });
            // Another instance in this process (per event) may tell its own steps: wait for this one's.
            else if (at && Date.parse(at) % STEP === 0) outcome.resolve({ at });
          },
          error: (error) => outcome.resolve({ code: (error as { extensions?: { code?: unknown } }[])[0]?.extensions?.code ?? error }),
          complete: () => undefined,
        },
      );
      const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 3 * STEP).unref());
      try {
        return await Promise.race([outcome.promise, timeout]);
      } finally {
        await client.dispose();
      }
    };
    expect(await subscribe(person('REGION_ADMIN', { regionId: R.pirkanmaa }))).toMatchObject({ at: expect.any(String) });
    expect(await subscribe(anonymous)).toEqual({ code: 'UNAUTHENTICATED' });
  }, 60_000);
});
