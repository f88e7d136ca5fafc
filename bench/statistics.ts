/**
 * The national statistics query (issue 10, decisions 0017 and 0019) over a year of 10 million uses and 1 million
 * cards, against the naive way — GROUP BY over the source tables — measured in the same run on the same server.
 *
 * Scratch database, filled with generate_series: `src.usage` (one row per use, as usage.usage), `src.card` (as
 * cards.card) and `src.provider` (as organizations.provider_scope); the statistics read models (usage_daily,
 * card_daily, distinct_cards) are filled from them as the outbox readers would have. Then, through the statistics
 * subgraph's HTTP endpoint as a national admin: `statistics(period: the year)` with every breakdown, served from
 * the year's published step (decision 0019) — on the replica that holds it decoded, and the first query on one that
 * loads it from the database — and one background publication of a step (read models + suppression + storing the
 * snapshot); against the same figures by the naive grouping-sets queries over the source tables (without any
 * suppression). A use's card is one of three distributors per provider (people use cards near home), so the day
 * cells stay realistic.
 */
import 'reflect-metadata';
import type { AppOptions, Env, SubgraphApp, SubgraphConfig } from '@kaikukanta/kit';
import { createTestDatabase, gatewayHeaders, postGraphQL, testConfigEnv } from '@kaikukanta/kit/testing';
import pg from 'pg';
import type { Benchmark } from './lib/benchmark.ts';
import { fixed, formatTable, median } from './lib/report.ts';

const USES = Number(process.env.BENCH_STATISTICS_USES ?? 10_000_000);
const CARDS = Number(process.env.BENCH_STATISTICS_CARDS ?? 1_000_000);
const PROVIDERS = 450;
const DISTRIBUTORS = 400;
const REGIONS = 13;
const MUNICIPALITIES = 120;
const YEAR = 2026;
const NAIVE_ROUNDS = 3;
const PUBLISH_ROUNDS = 3;
const WARM_ROUNDS = 20;

const FIGURE = '{ value suppressed }';
const ROWS = `{ key cards { granted ${FIGURE} active ${FIGURE} } usage { uses ${FIGURE} childTickets ${FIGURE} } }`;
const QUERY = `query ($period: PeriodInput!) { statistics(period: $period) { suppressedCount
  cards { granted ${FIGURE} extended ${FIGURE} ended ${FIGURE} active ${FIGURE} } usage { uses ${FIGURE} childTickets ${FIGURE} distinctCards ${FIGURE} }
  byRegion ${ROWS} byMunicipality ${ROWS} byProvider ${ROWS} byField ${ROWS} byVenueType ${ROWS} byMonth ${ROWS} byDay ${ROWS} } }`;

interface StatisticsModules {
  createApp(config: SubgraphConfig, options?: AppOptions): Promise<SubgraphApp>;
  loadConfig(env: Env): SubgraphConfig;
  forgetPublishedYears(): void;
  publishYear(em: SubgraphApp['orm']['em'], year: number, stepAt: Date): Promise<{ computedMs: number | null }>;
}

async function loadStatistics(): Promise<StatisticsModules> {
  const root = new URL('../subgraphs/statistics/dist/', import.meta.url);
  const { createApp } = (await import(new URL('app.js', root).href)) as Pick<StatisticsModules, 'createApp'>;
  const { loadConfig } = (await import(new URL('config.js', root).href)) as Pick<StatisticsModules, 'loadConfig'>;
  const { forgetPublishedYears } = (await import(new URL('modules/suppression/published-year.js', root).href)) as Pick<StatisticsModules, 'forgetPublishedYears'>;
  const { publishYear } = (await import(new URL('modules/suppression/published-steps.js', root).href)) as Pick<StatisticsModules, 'publishYear'>;
  return { createApp, loadConfig, forgetPublishedYears, publishYear };
}

const uuid = (prefix: string, n: string) => `('00000000-0000-4000-${prefix}-' || lpad((${n})::text, 12, '0'))`;

/** The source tables and the read models, as the outbox readers would have left them. */
function seedStatements(): string[] {
  const region = (d: string) => uuid('8000', `(${d}) % ${REGIONS}`);
  const municipality = (d: string) => `lpad(((${d}) % ${MUNICIPALITIES})::text, 3, '0')`;
  return [
    'create schema src',
    `create table src.provider as select p, ${uuid('9000', 'p')}::uuid as organization_id, ${region('p')} as region_id, ${municipality('p')} as municipality_code,
       'VT' || (p % 10) as venue_type, (array['CULTURE','EDUCATION','SCIENCE','SPORT'])[1 + p % 4] as field from generate_series(0, ${PROVIDERS - 1}) p`,
    // Card n belongs to distributor n % DISTRIBUTORS; granted over two years; a tenth ended after 100 days.
    `create table src.card as select n, ${uuid('a000', 'n')}::uuid as id, ${uuid('b000', `n % ${DISTRIBUTORS}`)}::uuid as distributor_id,
       ${region(`n % ${DISTRIBUTORS}`)} as region_id, ${municipality(`n % ${DISTRIBUTORS}`)} as municipality_code,
       date '${YEAR - 1}-01-01' + (n % 700) as granted_on, date '${YEAR - 1}-01-01' + (n % 700) + 364 as valid_until,
       case when n % 10 = 0 then date '${YEAR - 1}-01-01' + (n % 700) + 100 end as closed_on
     from generate_series(0, ${CARDS - 1}) n`,
    // Use i: provider i % PROVIDERS, a day of the year, a card of one of the provider's three distributors.
    `create table src.usage as select i as id, i % ${PROVIDERS} as p, date '${YEAR}-01-01' + ((i / ${PROVIDERS}) % 365)::int as event_date, case when i % 4 = 0 then 1 else 0 end as child_tickets,
       (((i * 13) % ${Math.floor(CARDS / DISTRIBUTORS)}) * ${DISTRIBUTORS} + ((i % ${PROVIDERS}) * 7 + (i / ${PROVIDERS * 365}) % 3) % ${DISTRIBUTORS}) as card_n, null::timestamptz as cancelled_at
     from generate_series(0, ${USES - 1}) i`,
    'analyze src.provider',
    'analyze src.card',
    'analyze src.usage',
    `insert into statistics.usage_daily (day, provider_id, registrar, distributor, region, municipality, venue_type, field, event_kind, card_kind, uses, child_tickets)
     select u.event_date, p.organization_id, p.organization_id::text, ${uuid('b000', `u.card_n % ${DISTRIBUTORS}`)}, p.region_id, p.municipality_code, p.venue_type, p.field, 'PERFORMANCE', 'PERSONAL', count(*), sum(u.child_tickets)
       from src.usage u join src.provider p using (p) group by 1, 2, 3, 4, 5, 6, 7, 8`,
    `insert into statistics.card_daily (day, distributor_id, region, municipality, card_kind, granted, ended, active_delta)
     select day, distributor_id, region_id, municipality_code, 'PERSONAL', sum(granted), sum(ended), sum(delta) from (
       select granted_on as day, distributor_id, region_id, municipality_code, 1 as granted, 0 as ended, 1 as delta from src.card
       union all select least(valid_until + 1, coalesce(closed_on, valid_until + 1)), distributor_id, region_id, municipality_code, 0, case when closed_on is not null then 1 else 0 end, -1 from src.card
     ) e group by 1, 2, 3, 4`,
    `insert into statistics.distinct_cards (period, period_start, scope_kind, scope_id, region, cards)
     select 'YEAR', date '${YEAR}-01-01', 'NATION', 'FI', '', count(distinct card_n) from src.usage`,
    `insert into statistics.reader_position (source, position) values ('cards', 1), ('usage', 1) on conflict (source) do update set position = excluded.position`,
    'analyze statistics.usage_daily',
    'analyze statistics.card_daily',
  ];
}

/** The naive way: the same figures straight from the source tables (one grouping-sets pass per table, no suppression). */
const NAIVE = [
  `select grouping(p.region_id, p.municipality_code, p.organization_id, p.field, p.venue_type, extract(month from u.event_date), u.event_date) as g,
          p.region_id, p.municipality_code, p.organization_id, p.field, p.venue_type, extract(month from u.event_date) as m, u.event_date, count(*), sum(u.child_tickets)
     from src.usage u join src.provider p using (p)
    where u.cancelled_at is null and u.event_date between '${YEAR}-01-01' and '${YEAR}-12-31'
    group by grouping sets ((), (p.region_id), (p.municipality_code), (p.organization_id), (p.field), (p.venue_type), (extract(month from u.event_date)), (u.event_date))`,
  `select count(distinct card_n) from src.usage where cancelled_at is null and event_date between '${YEAR}-01-01' and '${YEAR}-12-31'`,
  `select region_id, municipality_code, extract(month from granted_on) as m, count(*) filter (where granted_on between '${YEAR}-01-01' and '${YEAR}-12-31') as granted,
          count(*) filter (where closed_on between '${YEAR}-01-01' and '${YEAR}-12-31') as ended,
          count(*) filter (where granted_on <= '${YEAR}-12-31' and valid_until >= '${YEAR}-12-31' and (closed_on is null or closed_on > '${YEAR}-12-31')) as active
     from src.card group by grouping sets ((region_id), (municipality_code), (extract(month from granted_on)))`,
];

export const statisticsQuery: Benchmark = {
  name: 'statistics',
  title: `national statistics(year) over ${USES.toLocaleString('en')} uses and ${CARDS.toLocaleString('en')} cards: the published step (and one publication) vs naive GROUP BY over the source tables`,
  async run({ adminUrl, log }) {
    const db = await createTestDatabase(adminUrl, 'kk_bench_statistics');
    const modules = await loadStatistics();
    let app: SubgraphApp | undefined;
    // Its own connection: seeding and the naive queries run past the services' statement timeout.
    const client = new pg.Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('set statement_timeout = 0');
      // Steps a day apart: the bench publishes its own steps, the background one never runs during it.
      app = await modules.createApp(
        modules.loadConfig({ ...testConfigEnv(db.url), STATISTICS_PORT: '0', LOG_LEVEL: 'error', OUTBOX_POLL_INTERVAL_MS: '600000', STATISTICS_PUBLISH_INTERVAL_MS: '86400000' }),
      );
      const sql = async (text: string) => (await client.query(text)).rows as unknown[];
      let started = performance.now();
      for (const statement of seedStatements()) await sql(statement);
      const [{ n: dailyRows } = { n: '0' }] = (await sql('select count(*)::text as n from statistics.usage_daily')) as { n: string }[];
      log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s; usage_daily holds ${Number(dailyRows).toLocaleString('en')} day cells`);

      // Identity tokens are short-lived: one per request, as the gateway mints them.
      const headers = () => gatewayHeaders({ kind: 'user', userId: crypto.randomUUID(), sessionId: crypto.randomUUID(), membership: { id: crypto.randomUUID(), role: 'NATIONAL_ADMIN' } }, 'statistics');
      const period = { from: `${YEAR}-01-01`, to: `${YEAR}-12-31` };
      const ask = async () => {
        const signed = await headers();
        started = performance.now();
        const res = await postGraphQL<{ statistics: { suppressedCount: number; usage: { uses: { value: number } } } }>(app!.server.url, QUERY, { period }, signed);
        if (res.errors) throw new Error(JSON.stringify(res.errors));
        return { ms: performance.now() - started, data: res.data!.statistics };
      };
      const naive: number[] = [];
      const publish: number[] = [];
      const firstOnReplica: number[] = [];
      const warm: number[] = [];
      let answer: Awaited<ReturnType<typeof ask>>['data'] | undefined;
      for (let round = 0; round < Math.max(NAIVE_ROUNDS, PUBLISH_ROUNDS); round += 1) {
        if (round < NAIVE_ROUNDS) {
          started = performance.now();
          for (const statement of NAIVE) await sql(statement);
          naive.push(performance.now() - started);
        }
        if (round < PUBLISH_ROUNDS) {
          // An event moved a reader position since the last step: the next step computes and stores the tables.
          await sql(`update statistics.reader_position set position = position + 1 where source = 'cards'`);
          started = performance.now();
          const { computedMs } = await modules.publishYear(app.orm.em.fork(), YEAR, new Date());
          if (computedMs === null) throw new Error('the step was not computed');
          publish.push(performance.now() - started);
          // Another replica's first query after the step: it loads the stored snapshot and decodes it.
          modules.forgetPublishedYears();
          const r = await ask();
          firstOnReplica.push(r.ms);
          answer = r.data;
        }
        log(`round ${round + 1}: naive ${naive.at(-1)?.toFixed(0)} ms, publication ${publish.at(-1)?.toFixed(0)} ms, first query on a replica ${firstOnReplica.at(-1)?.toFixed(0)} ms`);
      }
      for (let round = 0; round < WARM_ROUNDS; round += 1) warm.push((await ask()).ms);
      const [{ kb } = { kb: '0' }] = (await sql(`select (octet_length(tables) / 1024)::text as kb from statistics.published_year where year = ${YEAR}`)) as { kb: string }[];
      const [n, p, f, w] = [median(naive), median(publish), median(firstOnReplica), median(warm)];
      const table = formatTable(
        ['way', 'median ms', 'naive / this'],
        [
          ['naive GROUP BY over source tables', fixed(n, 0), '1.0'],
          ['statistics query, served from the step (every query)', fixed(w, 1), fixed(n / w, 0)],
          ['statistics query, first on a replica after a step (load + decode)', fixed(f, 0), fixed(n / f, 1)],
          ['one background publication (read models + suppression + store; not a query)', fixed(p, 0), fixed(n / p, 1)],
        ],
      );
      return {
        table,
        notes: [
          `Aim: naive / statistics ≥ 50 (the national query at national load). ${USES.toLocaleString('en')} uses became ${Number(dailyRows).toLocaleString('en')} day cells; the stored step is ${Number(kb).toLocaleString('en')} KiB.`,
          `The response: ${answer?.usage.uses.value?.toLocaleString('en')} uses, ${answer?.suppressedCount} figures suppressed (R27). The naive queries apply no suppression at all.`,
          'Decision 0019: a query never computes the tables while a step of the year exists; the publication runs once per interval (15 min by default) on one replica.',
        ],
        data: { uses: USES, cards: CARDS, dayCells: Number(dailyRows), naiveMs: naive, publishMs: publish, firstOnReplicaMs: firstOnReplica, warmMs: warm, stepKiB: Number(kb), ratioWarm: n / w, ratioFirst: n / f },
      };
    } finally {
      await client.end();
      await app?.close();
      await db.drop();
    }
  },
};
