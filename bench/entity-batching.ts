/**
 * Entity references are batched (ARCHITECTURE: "one query per batch, never one
 * per entity"): the cards subgraph resolves `Organization { registeredCardCount }`
 * for N representations in one `_entities` request with one SQL statement.
 *
 * Baseline, measured in the same run against the same server: the same N
 * representations as N separate `_entities` requests of one each — what the
 * gateway would pay if references were not batched. Figures are per
 * representation, and the ratio baseline/batched is what to read.
 */
import 'reflect-metadata';
import type { AppOptions, Env, SubgraphApp, SubgraphConfig } from '@kaikukanta/kit';
import { createTestDatabase, gatewayHeaders, testConfigEnv } from '@kaikukanta/kit/testing';
import type { Benchmark, BenchmarkContext, BenchmarkResult } from './lib/benchmark.ts';
import { fixed, formatTable, median } from './lib/report.ts';

const SIZES = [1, 10, 100, 500] as const;
/** Batched requests per size. */
const ROUNDS = 15;
/** Single-representation requests per size: N, but at least MIN_SINGLES (a steadier median on a shared machine)… */
const MIN_SINGLES = 25;
/** …and at most MAX_SINGLES: at N = 500, 100 of its 500 single requests are timed (each serves one representation). */
const MAX_SINGLES = 100;
const WARM_UP = 10;
const REQUEST_TIMEOUT_MS = 10_000;
/** Organisations outside the measured ones, so the count query has to pick its rows from a larger table. */
const OTHER_ORGANISATIONS = 1_500;

const QUERY = 'query ($r: [_Any!]!) { _entities(representations: $r) { ... on Organization { id registeredCardCount } } }';

interface CardsModules {
  createApp(config: SubgraphConfig, options?: AppOptions): Promise<SubgraphApp>;
  loadConfig(env: Env): SubgraphConfig;
}

/** The compiled cards subgraph (bench runs on plain Node: `npm run build:server` first). */
async function loadCards(): Promise<CardsModules> {
  const root = new URL('../subgraphs/cards/dist/', import.meta.url);
  const { createApp } = (await import(new URL('app.js', root).href)) as Pick<CardsModules, 'createApp'>;
  const { loadConfig } = (await import(new URL('config.js', root).href)) as Pick<CardsModules, 'loadConfig'>;
  return { createApp, loadConfig };
}

const organizationId = (i: number) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
/** Organisation i of the measured ones has i % 5 cards: some have none, as in real pages. */
const expectedCount = (i: number) => i % 5;

async function seed(app: SubgraphApp, measured: number): Promise<number> {
  const rows: { n: string }[] = await app.orm.em.getConnection().execute(`
    with inserted as (
      insert into "cards"."card" ("id", "code", "kind", "distributor_id", "granted_on", "valid_until", "state", "child_ticket_limit", "created_at", "updated_at")
      select gen_random_uuid(), 'BENCH' || lpad((row_number() over ())::text, 10, '0'), 'PERSONAL',
             ('00000000-0000-4000-8000-' || lpad(o::text, 12, '0'))::uuid, current_date, current_date + 364, 'ACTIVE', 0, now(), now()
      from generate_series(0, ${measured + OTHER_ORGANISATIONS - 1}) as o
      cross join lateral generate_series(1, case when o < ${measured} then o % 5 else 2 end) as c
      returning 1
    )
    select count(*)::text as n from inserted`);
  await app.orm.em.getConnection().execute('analyze "cards"."card"');
  return Number(rows[0]?.n ?? 0);
}

interface Sample {
  ms: number;
  statements: number;
}

interface SizeFigures {
  n: number;
  batched: { requests: number; medianMs: number; statementsMax: number };
  baseline: { requests: number; medianMs: number; statementsMax: number };
  /** Median time per representation, in microseconds. */
  batchedUsPerRepresentation: number;
  baselineUsPerRepresentation: number;
  ratio: number;
}

export const entityBatching: Benchmark = {
  name: 'entity-batching',
  title: 'Organization.registeredCardCount for N representations: one batched _entities request vs N separate ones',
  async run({ adminUrl, log }: BenchmarkContext): Promise<BenchmarkResult> {
    const cards = await loadCards();
    const db = await createTestDatabase(adminUrl, 'kk_bench');
    const sql = { count: 0 };
    let app: SubgraphApp | undefined;
    try {
      app = await cards.createApp(cards.loadConfig({ ...testConfigEnv(db.url), CARDS_PORT: '0' }), { onQuery: () => void sql.count++ });
      const url = app.server.url;
      const measured = Math.max(...SIZES);
      log(`seeded ${await seed(app, measured)} cards for ${measured + OTHER_ORGANISATIONS} organisations`);

      /** One `_entities` request; checks every answer, so a broken batch cannot look fast. */
      const request = async (ids: readonly number[], headers: Record<string, string>): Promise<Sample> => {
        sql.count = 0;
        const started = performance.now();
        const res = await fetch(url, {
          method: 'POST',
          headers,
          body: JSON.stringify({ query: QUERY, variables: { r: ids.map((i) => ({ __typename: 'Organization', id: organizationId(i) })) } }),
          signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
        });
        const body = (await res.json()) as { data?: { _entities: { id: string; registeredCardCount: number }[] }; errors?: { message: string }[] };
        const sample = { ms: performance.now() - started, statements: sql.count };
        if (body.errors?.length || !body.data) throw new Error(`_entities failed: ${JSON.stringify(body.errors)}`);
        body.data._entities.forEach((entity, k) => {
          const i = ids[k] as number;
          if (entity.id !== organizationId(i) || entity.registeredCardCount !== expectedCount(i)) {
            throw new Error(`wrong answer for organisation ${i}: ${JSON.stringify(entity)}, expected ${expectedCount(i)} cards`);
          }
        });
        return sample;
      };

      // Identity tokens live 15 s (M1): sign a fresh one for each round, outside the timed request.
      const headers = () => gatewayHeaders({ kind: 'anonymous' }, 'cards');
      for (let i = 0; i < WARM_UP; i++) {
        const warmHeaders = await headers();
        await request(range(100), warmHeaders);
        await request([i], warmHeaders);
      }

      const figures: SizeFigures[] = [];
      for (const n of SIZES) {
        const ids = range(n);
        const singles = Math.min(Math.max(n, MIN_SINGLES), MAX_SINGLES);
        const perRound = Math.ceil(singles / ROUNDS);
        const batched: Sample[] = [];
        const baseline: Sample[] = [];
        // Interleaved, so drift on a shared machine weighs on both sides alike.
        for (let round = 0; round < ROUNDS; round++) {
          const signed = await headers();
          batched.push(await request(ids, signed));
          for (let k = round * perRound; k < Math.min((round + 1) * perRound, singles); k++) baseline.push(await request([k % n], signed));
        }
        const batchedMs = median(batched.map((s) => s.ms));
        const singleMs = median(baseline.map((s) => s.ms));
        figures.push({
          n,
          batched: { requests: batched.length, medianMs: batchedMs, statementsMax: Math.max(...batched.map((s) => s.statements)) },
          baseline: { requests: baseline.length, medianMs: singleMs, statementsMax: Math.max(...baseline.map((s) => s.statements)) },
          batchedUsPerRepresentation: (batchedMs / n) * 1000,
          baselineUsPerRepresentation: singleMs * 1000,
          ratio: singleMs / (batchedMs / n),
        });
      }
      return report(figures);
    } finally {
      await app?.close();
      await db.drop();
    }
  },
};

function range(n: number): number[] {
  return Array.from({ length: n }, (_, i) => i);
}

function report(figures: SizeFigures[]): BenchmarkResult {
  const table = formatTable(
    ['N', 'batched ms/req', 'batched µs/rep', 'baseline µs/rep', 'baseline/batched', 'SQL/batched req', 'SQL for N separate', 'requests b+s'],
    figures.map((f) => [
      String(f.n),
      fixed(f.batched.medianMs),
      fixed(f.batchedUsPerRepresentation, 0),
      fixed(f.baselineUsPerRepresentation, 0),
      `${fixed(f.ratio, 1)}×`,
      String(f.batched.statementsMax),
      String(f.n * f.baseline.statementsMax),
      `${f.batched.requests}+${f.baseline.requests}`,
    ]),
  );
  return {
    table,
    notes: [
      'Medians over interleaved requests to the cards subgraph on 127.0.0.1 (HTTP keep-alive, anonymous gateway identity).',
      'µs/rep: median request latency divided by the representations it resolves; baseline = one representation per request.',
      'SQL: most statements seen in one request (MikroORM onQuery); N separate requests cost N times one.',
      ...SIZES.filter((n) => n > MAX_SINGLES).map((n) => `Baseline at N = ${n}: ${MAX_SINGLES} of its ${n} single requests are timed (a bounded run).`),
      'Absolute times depend on the machine and its load; compare the ratio, which both sides share.',
    ],
    data: figures,
  };
}
