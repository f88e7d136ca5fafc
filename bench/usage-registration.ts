/**
 * Registrations per second (issue 9): `registerUsage` through the real gateway against the same SQL transaction
 * run straight on PostgreSQL, with 8 and 32 concurrent clients, uncontended (each client its own event) and
 * contended (every client on one capped event, R21's row lock). Aim: the gateway at least a quarter of the
 * database's own rate uncontended.
 *
 * The system is the one `npm start` runs (four subgraph processes and the gateway, demo data) on a scratch
 * database. The baseline is measured in the same run, interleaved: the registration transaction is captured once
 * as the usage subgraph's own code sends it to PostgreSQL (its compiled `registerIn`, every statement the `pg`
 * driver sends recorded with its parameters), then replayed by a driver loop on `pg` with the same number of
 * connections as clients, fresh ids, keys and cards each time. A third side, the usage subgraph called directly
 * (with a signed gateway identity), splits the time between the hops.
 *
 * Mixed (issue 12): the uncontended registrations again, while the gateway benchmark's other workloads (card status,
 * the network page, a card registration, the statistics dashboard; bench/lib/workloads.ts) run at once through the
 * gateway as background load, the same for every side: does the ratio hold when the gateway and the database are
 * busy with other work too?
 */
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { createRequire } from 'node:module';
import pg from 'pg';
import { DEMO, dropRoles, type Identity } from '@kaikukanta/kit';
import { freePort } from '@kaikukanta/kit/embedded';
import { createTestDatabase, gatewayHeaders } from '@kaikukanta/kit/testing';
import { gatewayNodeOptions } from '../docker/services.ts';
import { migrateSystem } from '../scripts/lib/migrate.ts';
import { loadSubgraph, SUBGRAPHS } from '../scripts/lib/subgraphs.ts';
import { startSystem, type RunningSystem } from '../scripts/lib/system.ts';
import type { Benchmark, BenchmarkContext, BenchmarkResult } from './lib/benchmark.ts';
import { cpuMsOf, pidOfPort } from './lib/process.ts';
import { fixed, formatTable, median } from './lib/report.ts';
import { closedLoops, forgetLookups, gatewayWorkloads, login, postGraphQL, sendWorkload, signIn, startBackground, type Background, type Callers, type Workload } from './lib/workloads.ts';

const CONCURRENCY = [8, 32] as const;
/** Timed seconds per side, mode, concurrency and round. */
const PHASE_MS = 3_000;
/** Untimed requests before each timed phase (connections, JIT, caches). */
const WARM_UP_MS = 500;
/** Rounds per cell: gateway, subgraph and database phases alternate, so drift weighs on every side alike. */
const ROUNDS = 2;
/** Cards registered for the run: clients take them in turn, so no card is used twice in a row. */
const CARDS = 4_000;
const REQUEST_TIMEOUT_MS = 15_000;

/**
 * Partner keys of Lippupalvelu the requests take in turn: each key may write 600 times in a sliding minute, so a
 * run of thousands of registrations a minute needs that many keys (as that many partner systems would have).
 */
const KEYS = 64;

/**
 * Mixed: closed-loop clients per background workload (card status, network page, card registration, dashboard),
 * all through the gateway while each side of the mixed rows is timed; each has its own session or key.
 */
const BACKGROUND_CLIENTS = 3;
/** The background workloads once through the gateway, untimed, before the first mixed phase (plans, JIT). */
const BACKGROUND_WARM_UP_MS = 1_000;

const O = DEMO.organizations;
const ADMIN = 'admin@kaikukanta.demo';
const REGISTER = 'mutation ($input: RegisterUsageInput!) { registerUsage(input: $input) { replayed usages { id } } }';

type Side = 'gateway' | 'subgraph' | 'database';
type Mode = 'uncontended' | 'contended' | 'mixed';
const MODES: readonly Mode[] = ['uncontended', 'contended', 'mixed'];

interface Phase {
  side: Side;
  mode: Mode;
  clients: number;
  ok: number;
  refused: number;
  ms: number;
  latencies: number[];
  /** CPU milliseconds each process spent in the phase (where the time goes on a CPU-bound machine). */
  cpuMs: Partial<Record<Process, number>>;
  /** Mixed: the background's answers during the timed phase, per workload (in WORKLOADS' order). */
  background?: number[];
}

/** The processes whose CPU time is read: the three a registration crosses, and this one (the clients). */
const PROCESSES = ['gateway', 'organizations', 'usage', 'clients'] as const;
type Process = (typeof PROCESSES)[number];

/** One statement of the registration transaction as the usage subgraph sent it, and the rows it touched. */
interface Statement {
  text: string;
  values: unknown[];
  rowCount: number | null;
}

/** The registration captured: its statements and the values a replay swaps for its own. */
interface Capture {
  statements: Statement[];
  key: string;
  eventId: string;
  cardCode: string;
  apiKeyId: string;
}

interface Registration {
  key: string;
  eventId: string;
  cardCode: string;
  /** Index of the partner key that sends it. */
  caller: number;
}

interface PartnerKey {
  id: string;
  secret: string;
  identity: Identity;
}

export const usageRegistration: Benchmark = {
  name: 'usage-registration',
  title: 'registerUsage per second through the gateway vs the same SQL transaction on PostgreSQL, 8 and 32 clients, uncontended, on one capped event and under the gateway benchmark’s mixed load',
  async run({ adminUrl, log }: BenchmarkContext): Promise<BenchmarkResult> {
    const db = await createTestDatabase(adminUrl, 'kk_bench');
    let system: RunningSystem | undefined;
    let admin: pg.Client | undefined;
    let forgetting: NodeJS.Timeout | undefined;
    const loadBefore = os.loadavg();
    try {
      const started = performance.now();
      const gatewayPort = await freePort();
      const subgraphPorts = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()] as const)));
      const { urls } = await migrateSystem(db.url);
      // The gateway as deployed: docker/compose.yaml's V8 flags (GATEWAY_NODE_OPTIONS; empty for V8's defaults).
      const gatewayFlags = gatewayNodeOptions();
      system = await startSystem({ databaseUrls: urls, gatewayPort, subgraphPorts, quiet: !process.env.BENCH_LOGS, env: { SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn', GATEWAY_NODE_OPTIONS: gatewayFlags } });
      const gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
      const usageUrl = `http://127.0.0.1:${subgraphPorts.usage}/graphql`;
      log(`system up in ${((performance.now() - started) / 1000).toFixed(1)} s (gateway :${gatewayPort}, usage :${subgraphPorts.usage})`);

      admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      const seeded = await seed(admin, Math.max(...CONCURRENCY));
      log(`seeded ${CARDS} cards, ${seeded.events.length} events of ${seeded.eventName} and one with a cap of ${seeded.cap}`);

      const keys = await partnerKeys(gatewayUrl);
      log(`created ${keys.length} partner keys of Lippupalvelu (CARD_STATUS_READ, USAGE_WRITE)`);
      const capture = await captureTransaction(db.url, seeded, keys[0] as PartnerKey);
      const transaction = capture.statements;
      log(`captured one registration's SQL: ${transaction.length} statements`);

      const signed = await signedIdentities(keys);
      const gatewayHeaders = keys.map((k) => ({ 'content-type': 'application/json', authorization: `Bearer ${k.secret}` }));
      let turn = 0;
      const registration = (eventId: string): Registration => {
        const n = turn++;
        return { key: `bench-${process.pid}-${n}`, eventId, cardCode: cardCode(n % CARDS), caller: n % KEYS };
      };

      const senders = {
        gateway: () => viaHttp(gatewayUrl, (caller) => gatewayHeaders[caller] as Record<string, string>),
        subgraph: () => viaHttp(usageUrl, (caller) => signed.headers[caller] as Record<string, string>),
      };
      // Every key once through each hop before anything is timed: the gateway's first look-up of a key, the
      // subgraph's first request, the JIT.
      for (const side of ['gateway', 'subgraph'] as const) {
        const send = senders[side]();
        await Promise.all(Array.from({ length: KEYS }, (_, i) => send.register(i, registration(seeded.events[i % seeded.events.length] as string))));
      }
      const pids = { gateway: pidOfPort(gatewayPort), organizations: pidOfPort(subgraphPorts.organizations as number), usage: pidOfPort(subgraphPorts.usage as number) };
      const cpu = (): Partial<Record<Process, number>> => ({
        ...Object.fromEntries(Object.entries(pids).flatMap(([name, pid]) => (pid ? [[name, cpuMsOf(pid)]] : []))),
        clients: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      });
      if (!pids.gateway || !pids.usage) log('CPU per process not read (no `ss` or /proc): the hop table shows latencies only');

      // Mixed: the gateway benchmark's workloads as background load through the gateway (bench/lib/workloads.ts), with
      // their own callers: demo card codes for the status look-ups (whose per-organisation limit is forgotten, as there).
      const statusCodes = (await admin.query<{ code: string }>(`select code from cards.card where code not like 'BENCH%' order by code`)).rows.map((r) => r.code);
      const workloads = gatewayWorkloads(() => statusCodes);
      const callers = await signIn(gatewayUrl, admin, { sessions: BACKGROUND_CLIENTS, keys: BACKGROUND_CLIENTS, keyName: 'Background key' }, log);
      forgetting = forgetLookups(admin);
      const background = backgroundLoad(gatewayUrl, workloads, callers);

      const phases: Phase[] = [];
      for (const clients of CONCURRENCY) {
        for (const mode of MODES) {
          const eventOf = (client: number) => (mode === 'contended' ? seeded.contended : (seeded.events[client] as string));
          if (mode === 'mixed') await background.warm();
          for (let round = 0; round < ROUNDS; round++) {
            for (const side of ['gateway', 'subgraph', 'database'] as const) {
              const send = side === 'database' ? await viaDatabase(db.url, capture, keys, clients) : senders[side]();
              const load = mode === 'mixed' ? background.start() : undefined;
              try {
                await drive(clients, WARM_UP_MS, (client) => send.register(client, registration(eventOf(client))));
                const before = cpu();
                const answeredBefore = load?.answered();
                const phase = await drive(clients, PHASE_MS, (client) => send.register(client, registration(eventOf(client))));
                const after = cpu();
                const answered = load && answeredBefore ? load.answered().map((n, i) => n - (answeredBefore[i] as number)) : undefined;
                const cpuMs = Object.fromEntries(PROCESSES.flatMap((name) => (after[name] !== undefined && before[name] !== undefined ? [[name, (after[name] as number) - (before[name] as number)]] : [])));
                phases.push({ side, mode, clients, ...phase, cpuMs, ...(answered ? { background: answered } : {}) });
                const rates = answered ? `; background ${answered.map((n, i) => `${workloads[i]?.name} ${fixed(n / (phase.ms / 1000), 0)}/s`).join(', ')}` : '';
                log(`${clients} clients, ${mode}, ${side} (round ${round + 1}): ${fixed(phase.ok / (phase.ms / 1000), 0)} registrations/s, median ${fixed(median(phase.latencies))} ms${rates}`);
              } finally {
                try {
                  await load?.stop();
                } finally {
                  await send.close();
                }
              }
            }
          }
        }
      }
      const deployed = await deployedCacheProbe(background, senders.gateway(), (client) => registration(seeded.events[client] as string));
      log(`mixed, network page as deployed (cached): ${fixed(deployed.registrationsPerSecond, 0)} registrations/s through the gateway; network page ${fixed(deployed.networkPerSecond, 0)}/s, ${deployed.hits} of ${deployed.networkAnswers} from the response cache`);
      signed.stop();
      await verify(admin, seeded);
      return report(phases, transaction, seeded.cap, workloads, deployed, { before: loadBefore, after: os.loadavg() });
    } finally {
      clearInterval(forgetting);
      await admin?.end();
      await system?.stop();
      await db.drop();
      await dropRoles(adminUrl, new URL(db.url).pathname.slice(1));
    }
  },
};

const cardCode = (i: number) => `BENCH${String(i).padStart(8, '0')}`;

interface Seeded {
  events: string[];
  eventName: string;
  contended: string;
  cap: number;
}

/**
 * Fresh cards (copies of a demo personal card with new codes) and events (copies of a demo event of
 * Kansallisteatteri, one of Lippupalvelu's clients, R18): one per client without a cap, and one with a cap that
 * the contended phases never reach, so every registration there queues on the same row and succeeds.
 */
async function seed(admin: pg.Client, clients: number): Promise<Seeded> {
  await admin.query(
    `insert into cards.card
     select (jsonb_populate_record(null::cards.card, to_jsonb(c) || jsonb_build_object('id', gen_random_uuid(), 'code', 'BENCH' || lpad(n::text, 8, '0')))).*
     from cards.card c cross join generate_series(0, $2 - 1) as n where c.code = $1`,
    ['AM99001001', CARDS],
  );
  await admin.query('analyze cards.card');
  // A past event the copied card was valid for (R13: the card is judged on the event's day; the demo events reach
  // eight weeks back, the card was granted a week ago), so no time limit (R22) applies either.
  const template = await admin.query<{ id: string; name: string }>(
    `select id, name from usage.event
     where provider_id = $1 and kind = 'PERFORMANCE' and cap is not null and starts_at < now()
       and starts_at >= (select granted_on + 1 from cards.card where code = $2)
     order by starts_at, id limit 1`,
    [O.kansallisteatteri, 'AM99001001'],
  );
  const source = template.rows[0];
  if (!source) throw new Error('no demo event of Kansallisteatteri to copy');
  const copy = async (cap: number | null): Promise<string> => {
    const id = randomUUID();
    await admin.query(
      `insert into usage.event
       select (jsonb_populate_record(null::usage.event, to_jsonb(e) || jsonb_build_object('id', $2::uuid, 'used', 0, 'cap', $3::int, 'capacity', 1000000))).*
       from usage.event e where e.id = $1`,
      [source.id, id, cap],
    );
    return id;
  };
  const events: string[] = [];
  for (let i = 0; i < clients; i++) events.push(await copy(null));
  const cap = 1_000_000;
  return { events, eventName: source.name, contended: await copy(cap), cap };
}

/**
 * One registration's SQL as the usage subgraph's own code sends it — the compiled write path of `registerUsage`
 * for a partner key: the per-key write count (`throttle`), then `registerIn` in one transaction — with every
 * statement the `pg` driver sends recorded with its parameters and the rows it touched: the statement log the
 * database baseline replays.
 */
async function captureTransaction(databaseUrl: string, seeded: Seeded, key: PartnerKey): Promise<Capture> {
  const root = new URL('../subgraphs/usage/dist/modules/usage/', import.meta.url);
  const service = (await import(new URL('registration.service.js', root).href)) as {
    throttle(em: unknown, registrar: unknown): Promise<void>;
    registerIn(tx: unknown, registrar: unknown, request: unknown, idempotency: unknown, locale: string): Promise<{ usageIds: string[] }>;
  };
  const { registrarOf } = (await import(new URL('registration.access.js', root).href)) as { registrarOf(identity: Identity): unknown };
  const { requestHash } = (await import(new URL('idempotency.js', root).href)) as { requestHash(operation: string, input: object): string };
  const orm = (await (await loadSubgraph('usage')).createOrm(databaseUrl)) as unknown as {
    em: { fork(): { transactional<T>(work: (tx: unknown) => Promise<T>): Promise<T> } };
    close(force?: boolean): Promise<void>;
  };
  const statements: Statement[] = [];
  // MikroORM's driver brings its own copy of pg: record what the clients of either copy send.
  const ormPg = createRequire(import.meta.resolve('@mikro-orm/postgresql'))('pg') as typeof pg;
  const prototypes = [...new Set([pg.Client.prototype, ormPg.Client.prototype])] as { query: unknown }[];
  const originals = prototypes.map((p) => p.query as (...a: unknown[]) => unknown);
  const registrar = registrarOf(key.identity);
  const idempotencyKey = 'bench-capture-0001';
  const content = { eventId: seeded.events[0] as string, cardCode: cardCode(0), childTickets: 0 };
  try {
    // Warm the ORM (metadata, first connection) outside the capture.
    await orm.em.fork().transactional(async () => undefined);
    prototypes.forEach((prototype, i) => {
      const original = originals[i] as (...a: unknown[]) => unknown;
      prototype.query = function (this: pg.Client, ...args: unknown[]) {
        const [config, values] = args as [string | { text: string; values?: unknown[] }, unknown[] | undefined];
        const statement: Statement = { text: typeof config === 'string' ? config : config.text, values: [...((typeof config === 'string' ? values : (config.values ?? values)) ?? [])], rowCount: null };
        statements.push(statement);
        const result = original.apply(this, args);
        if (result instanceof Promise) void result.then((r: { rowCount?: number | null }) => (statement.rowCount = r?.rowCount ?? null), () => undefined);
        return result;
      };
    });
    await service.throttle(orm.em, registrar);
    const request = { eventId: content.eventId, report: null, capturedAt: null, cards: [{ code: content.cardCode, childTickets: 0 }], group: false };
    await orm.em.fork().transactional((tx) => service.registerIn(tx, registrar, request, { operation: 'REGISTER', key: idempotencyKey, hash: requestHash('REGISTER', content) }, 'en'));
  } finally {
    prototypes.forEach((prototype, i) => (prototype.query = originals[i]));
    await orm.close(true);
  }
  if (!statements.some((s) => /\binsert into "?usage"?\."?usage"?\s/i.test(s.text))) throw new Error(`the captured transaction writes no use:\n${statements.map((s) => s.text).join('\n')}`);
  return { statements, key: idempotencyKey, eventId: content.eventId, cardCode: content.cardCode, apiKeyId: key.id };
}

interface Sender {
  register(client: number, registration: Registration): Promise<'ok' | 'refused'>;
  close(): Promise<void>;
}

/** KEYS partner keys of Lippupalvelu, made by the national admin through the gateway as the support service would. */
async function partnerKeys(gatewayUrl: string): Promise<PartnerKey[]> {
  const cookie = await login(gatewayUrl, ADMIN);
  const keys: PartnerKey[] = [];
  for (let i = 0; i < KEYS; i++) {
    const { data } = await postGraphQL(
      gatewayUrl,
      'mutation ($o: ID!, $n: String!) { createApiKey(organizationId: $o, name: $n, scopes: [CARD_STATUS_READ, USAGE_WRITE]) { secret apiKey { id scopes } } }',
      { o: O.lippupiste, n: `Benchmark key ${i + 1}` },
      { cookie },
    );
    const created = data.createApiKey as { secret: string; apiKey: { id: string; scopes: string[] } };
    keys.push({ id: created.apiKey.id, secret: created.secret, identity: { kind: 'apiKey', apiKeyId: created.apiKey.id, organizationId: O.lippupiste, scopes: created.apiKey.scopes } });
  }
  return keys;
}

/** Each key's identity as the gateway vouches for it to the usage subgraph, signed afresh (tokens live 15 s, M1). */
async function signedIdentities(keys: PartnerKey[]): Promise<{ headers: Record<string, string>[]; stop(): void }> {
  const sign = () => Promise.all(keys.map((k) => gatewayHeaders(k.identity, 'usage')));
  const signed = { headers: await sign(), stop: () => clearInterval(timer) };
  const timer = setInterval(() => void sign().then((headers) => (signed.headers = headers)), 5_000);
  return signed;
}

/** registerUsage over HTTP (keep-alive), to the gateway or straight to the usage subgraph; every answer checked. */
function viaHttp(url: string, headers: (caller: number) => Record<string, string>): Sender {
  return {
    async register(_client, r) {
      const res = await fetch(url, {
        method: 'POST',
        headers: headers(r.caller),
        body: JSON.stringify({ query: REGISTER, variables: { input: { idempotencyKey: r.key, eventId: r.eventId, cardCode: r.cardCode } } }),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      const body = (await res.json()) as { data?: { registerUsage: { replayed: boolean; usages: { id: string }[] } } | null; errors?: { extensions?: { code?: string } }[] };
      if (body.errors?.[0]?.extensions?.code === 'CAP_EXCEEDED') return 'refused';
      if (!body.data?.registerUsage.usages[0] || body.data.registerUsage.replayed) throw new Error(`registerUsage failed: ${JSON.stringify(body)}`);
      return 'ok';
    },
    close: async () => undefined,
  };
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/**
 * The captured statements replayed on `clients` dedicated connections. Each registration gets its own idempotency
 * key, card and event, a stand-in partner key (one of KEYS, in turn, as on the other sides), and fresh ids for every
 * UUID the capture made up (the use's id, outbox ids…); the organisation and provider stay; timestamps are now.
 * A cap update that takes no place rolls back, as the subgraph does (R21).
 */
async function viaDatabase(databaseUrl: string, capture: Capture, keys: PartnerKey[], clients: number): Promise<Sender> {
  const captured = capture.statements;
  const connections = await Promise.all(
    Array.from({ length: clients }, async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      return client;
    }),
  );
  const capturedKey = capture.key;
  const fixedIds = new Set([O.lippupiste, O.kansallisteatteri].map((id) => id.toLowerCase()));
  const statements = captured.map((s) => ({ ...s, text: toDollarParams(s.text), capUpdate: /\bupdate\s+"?usage"?\."?event"?\s+set\s+"?used"?\s*=\s*"?used"?\s*\+/i.test(s.text) }));
  const capturedEvent = capture.eventId.toLowerCase();
  const capturedCard = capture.cardCode;
  // Stand-ins for the partner keys, so the replay's write counts (usage.write_throttle) leave the real keys' alone.
  const keyIds = keys.map(() => randomUUID());
  return {
    async register(client, r) {
      const connection = connections[client] as pg.Client;
      const fresh = new Map<string, string>([
        [capturedEvent, r.eventId],
        [capture.apiKeyId.toLowerCase(), keyIds[r.caller] as string],
      ]);
      const swap = (text: string) =>
        text
          .replaceAll(capturedKey, r.key)
          .replaceAll(capturedCard, r.cardCode)
          .replace(UUID, (id) => {
            const lower = id.toLowerCase();
            if (fixedIds.has(lower)) return id;
            let next = fresh.get(lower);
            if (!next) fresh.set(lower, (next = randomUUID()));
            return next;
          });
      const now = new Date();
      const value = (v: unknown): unknown => (typeof v === 'string' ? swap(v) : v instanceof Date ? now : Array.isArray(v) ? v.map(value) : v);
      let open = false;
      try {
        for (const s of statements) {
          if (/^\s*begin/i.test(s.text)) open = true;
          // MikroORM inlines the parameters of raw statements: the values to swap are in the text as well.
          const result = await connection.query(swap(s.text), s.values.map(value));
          // The places are taken by an update of their own, or (issue 12) in the statement that writes the uses.
          if (s.capUpdate && (result.rowCount === 0 || (result.rows[0] as { taken?: number } | undefined)?.taken === 0)) {
            await connection.query('rollback');
            return 'refused';
          }
          if (s.rowCount !== null && result.rowCount !== s.rowCount && !/^\s*(begin|commit|set|savepoint|release)/i.test(s.text)) {
            throw new Error(`replayed statement touched ${result.rowCount} rows, the subgraph's ${s.rowCount}: ${s.text}`);
          }
          if (/^\s*commit/i.test(s.text)) open = false;
        }
        return 'ok';
      } catch (error) {
        if (open) await connection.query('rollback').catch(() => undefined);
        throw error;
      }
    },
    close: async () => void (await Promise.all(connections.map((c) => c.end()))),
  };
}

/** MikroORM's `?` placeholders as pg's `$n` (only outside quoted strings). */
function toDollarParams(sql: string): string {
  if (!sql.includes('?')) return sql;
  let n = 0;
  let quoted = false;
  let out = '';
  for (const ch of sql) {
    if (ch === "'") quoted = !quoted;
    out += ch === '?' && !quoted ? `$${++n}` : ch;
  }
  return out;
}


/** `clients` closed loops for `ms`: each sends the next registration when its last one is answered. */
async function drive(clients: number, ms: number, send: (client: number) => Promise<'ok' | 'refused'>): Promise<Omit<Phase, 'side' | 'mode' | 'clients' | 'cpuMs'>> {
  const latencies: number[] = [];
  let ok = 0;
  let refused = 0;
  const start = performance.now();
  const deadline = start + ms;
  await closedLoops(clients, () => performance.now() < deadline, send, (outcome, latency) => {
    latencies.push(latency);
    if (outcome === 'ok') ok++;
    else refused++;
  });
  return { ok, refused, ms: performance.now() - start, latencies };
}

interface BackgroundLoad {
  /** The background through the gateway; `deployed`: the network page without `Cache-Control: no-cache`, so the response cache may answer it. */
  start(deployed?: boolean): Background;
  /** Once, untimed, before the first mixed phase (the gateway's plans, the subgraphs' first requests). */
  warm(): Promise<void>;
  /** Network-page answers from the response cache, and all of them, of the deployed background so far. */
  cache: { hits: number; answers: number };
}

/**
 * The gateway benchmark's four workloads through the gateway, BACKGROUND_CLIENTS closed loops each, every answer
 * checked. The network page asks for a fresh answer (`Cache-Control: no-cache`, as the gateway benchmark's `ours`
 * side), so every one costs the gateway and the four subgraphs — unless `deployed`.
 */
function backgroundLoad(gatewayUrl: string, workloads: readonly Workload[], callers: Callers): BackgroundLoad {
  let turn = 0;
  let warmed = false;
  const cache = { hits: 0, answers: 0 };
  const start = (deployed = false) =>
    startBackground(workloads, BACKGROUND_CLIENTS, async (workload) => {
      const n = turn++;
      const headers = { 'content-type': 'application/json', ...(deployed ? {} : { 'cache-control': 'no-cache' }), ...callers.headers(workload.caller, n) };
      const answer = await sendWorkload(gatewayUrl, headers, workload, n, `${workload.name} (background)`);
      if (deployed && workload.caller === 'anonymous') {
        cache.answers++;
        if (answer.get('x-kaikukanta-cache') === 'hit') cache.hits++;
      }
    });
  return {
    start,
    cache,
    async warm() {
      if (warmed) return;
      warmed = true;
      const load = start();
      await new Promise((resolve) => setTimeout(resolve, BACKGROUND_WARM_UP_MS));
      await load.stop();
    },
  };
}

interface DeployedCache {
  clients: number;
  registrationsPerSecond: number;
  networkPerSecond: number;
  hits: number;
  networkAnswers: number;
  background: number[];
  ms: number;
}

/**
 * What the deployed path does: one phase of registrations through the gateway (the fewest clients, uncontended)
 * beside the background with the network page as a browser asks for it (no `Cache-Control: no-cache`), counting
 * the answers the response cache gave (`x-kaikukanta-cache: hit`). Not a side of the ratio: the gateway alone.
 */
async function deployedCacheProbe(background: BackgroundLoad, send: Sender, next: (client: number) => Registration): Promise<DeployedCache> {
  const clients = CONCURRENCY[0];
  const load = background.start(true);
  try {
    await drive(clients, WARM_UP_MS, (client) => send.register(client, next(client)));
    const before = load.answered();
    const hitsBefore = background.cache.hits;
    const answersBefore = background.cache.answers;
    const phase = await drive(clients, PHASE_MS, (client) => send.register(client, next(client)));
    const answered = load.answered().map((n, i) => n - (before[i] as number));
    const networkAnswers = background.cache.answers - answersBefore;
    return {
      clients,
      registrationsPerSecond: phase.ok / (phase.ms / 1000),
      networkPerSecond: networkAnswers / (phase.ms / 1000),
      hits: background.cache.hits - hitsBefore,
      networkAnswers,
      background: answered,
      ms: phase.ms,
    };
  } finally {
    await load.stop();
  }
}

/** R21 held under the load, and every registration the counters saw is a row. */
async function verify(admin: pg.Client, seeded: Seeded): Promise<void> {
  const { rows } = await admin.query<{ used: number; cap: number | null; uses: number }>(
    `select e.used, e.cap, (select count(*)::int from usage.usage u where u.event_id = e.id and u.cancelled_at is null) as uses from usage.event e where e.id = any($1::uuid[])`,
    [[...seeded.events, seeded.contended]],
  );
  for (const row of rows) {
    if (row.used !== row.uses || (row.cap !== null && row.used > row.cap)) throw new Error(`event counters disagree with the uses: ${JSON.stringify(row)}`);
  }
}

function report(phases: Phase[], transaction: Statement[], cap: number, workloads: readonly Workload[], deployed: DeployedCache, load: { before: number[]; after: number[] }): BenchmarkResult {
  const cells = CONCURRENCY.flatMap((clients) =>
    MODES.map((mode) => {
      const of = (side: Side) => phases.filter((p) => p.side === side && p.mode === mode && p.clients === clients);
      const side = (name: Side) => {
        const runs = of(name);
        const ok = runs.reduce((sum, p) => sum + p.ok, 0);
        const cpu = (process: Process) => (runs.every((p) => p.cpuMs[process] !== undefined) ? runs.reduce((sum, p) => sum + (p.cpuMs[process] ?? 0), 0) / Math.max(ok, 1) : null);
        return {
          perSecond: ok / (runs.reduce((sum, p) => sum + p.ms, 0) / 1000),
          medianMs: median(runs.flatMap((p) => p.latencies)),
          requests: runs.reduce((sum, p) => sum + p.ok + p.refused, 0),
          refused: runs.reduce((sum, p) => sum + p.refused, 0),
          cpuMsPerRegistration: Object.fromEntries(PROCESSES.map((process) => [process, cpu(process)])) as Record<Process, number | null>,
          /** Mixed: the background's answers per second during this side's timed phases, per workload. */
          background: runs.every((p) => p.background) ? workloads.map((_, i) => runs.reduce((sum, p) => sum + (p.background?.[i] ?? 0), 0) / (runs.reduce((sum, p) => sum + p.ms, 0) / 1000)) : null,
        };
      };
      const gateway = side('gateway');
      const subgraph = side('subgraph');
      const database = side('database');
      return { clients, mode, gateway, subgraph, database, ratio: gateway.perSecond / database.perSecond };
    }),
  );
  const table = formatTable(
    ['clients', 'mode', 'gateway/s', 'subgraph/s', 'database/s', 'gateway/database', 'db ms', 'subgraph ms', 'gateway ms', 'requests g+s+d'],
    cells.map((c) => [
      String(c.clients),
      c.mode,
      fixed(c.gateway.perSecond, 0),
      fixed(c.subgraph.perSecond, 0),
      fixed(c.database.perSecond, 0),
      `${fixed(c.ratio)}${c.mode === 'contended' ? '' : c.ratio >= 0.25 ? ' ✓' : ' ✗'}`,
      fixed(c.database.medianMs),
      fixed(c.subgraph.medianMs),
      fixed(c.gateway.medianMs),
      `${c.gateway.requests}+${c.subgraph.requests}+${c.database.requests}`,
    ]),
  );
  const cpu = (value: number | null) => (value === null ? '–' : fixed(value));
  const hops = formatTable(
    ['clients', 'mode', '+subgraph hop ms', '+gateway hop ms', 'gateway CPU', 'organizations CPU', 'usage CPU', 'clients CPU', 'via subgraph: usage CPU', 'database: clients CPU'],
    cells.map((c) => [
      String(c.clients),
      c.mode,
      fixed(c.subgraph.medianMs - c.database.medianMs),
      fixed(c.gateway.medianMs - c.subgraph.medianMs),
      cpu(c.gateway.cpuMsPerRegistration.gateway),
      cpu(c.gateway.cpuMsPerRegistration.organizations),
      cpu(c.gateway.cpuMsPerRegistration.usage),
      cpu(c.gateway.cpuMsPerRegistration.clients),
      cpu(c.subgraph.cpuMsPerRegistration.usage),
      cpu(c.database.cpuMsPerRegistration.clients),
    ]),
  );
  const mixed = cells.filter((c) => c.mode === 'mixed');
  const backgroundTable = formatTable(
    ['clients', 'side', ...workloads.map((w) => `${w.name}/s`), 'background/s', 'registrations/s'],
    mixed.flatMap((c) =>
      (['gateway', 'subgraph', 'database'] as const).map((name) => {
        const rates = c[name].background ?? [];
        return [String(c.clients), name, ...rates.map((r) => fixed(r, 0)), fixed(rates.reduce((sum, r) => sum + r, 0), 0), fixed(c[name].perSecond, 0)];
      }),
    ),
  );
  const share = deployed.networkAnswers ? deployed.hits / deployed.networkAnswers : 0;
  return {
    table: `${table}\n\nWhere the time goes (median latency added per hop; CPU ms per registration by process, through the gateway unless named):\n\n${hops}\n\nMixed: the background through the gateway while each side was timed (answers per second; ${BACKGROUND_CLIENTS} closed-loop clients per workload):\n\n${backgroundTable}`,
    notes: [
      `Closed loops: each client sends its next registerUsage when the last is answered; ${ROUNDS} rounds of ${PHASE_MS / 1000} s per side and cell, sides interleaved (${WARM_UP_MS} ms warm-up each; every key through every hop once before).`,
      `gateway: POST /graphql with ${KEYS} partner keys of Lippupalvelu taken in turn (each key may write 600 times a minute; the write count is part of every request).`,
      'subgraph: the same operation straight to the usage subgraph with each key’s identity signed as the gateway signs it (no key look-up, no query planning).',
      `database: the captured SQL (${transaction.length} statements, below: the write count, then one transaction) replayed on pg, one connection per client; the usage subgraph’s own pool holds at most 10.`,
      `uncontended: each client its own event (no cap); contended: every client on one event with a cap of ${cap} (never reached), so all queue on its row lock (R21); mixed: uncontended, while the gateway benchmark's four workloads (${workloads.map((w) => w.name).join(', ')}) run through the gateway at once, ${BACKGROUND_CLIENTS} closed-loop clients each, for every side alike (started before each side's warm-up, stopped after its timed phase).`,
      'Mixed background: card status by partner keys of Lippupalvelu (demo card codes in turn; the per-organisation look-up count forgotten every 50 ms), the network page anonymous with Cache-Control: no-cache (a fresh answer from four subgraphs every time), registerCard by the demo distributor (a new code each time), the analyst’s StatisticsDashboard for this year; each client its own session or key; every answer checked.',
      `As deployed the network page would not send no-cache, and the response cache answers it only between mutations: every mutation through the gateway empties it (decision 0021). Probe (${deployed.clients} clients registering through the gateway, ${fixed(deployed.ms / 1000, 1)} s): ${deployed.hits} of ${deployed.networkAnswers} network-page answers from the cache (${fixed(share * 100, 0)} %), network page ${fixed(deployed.networkPerSecond, 0)}/s, background ${fixed(deployed.background.reduce((sum, n) => sum + n, 0) / (deployed.ms / 1000), 0)}/s, registrations ${fixed(deployed.registrationsPerSecond, 0)}/s.`,
      'gateway/database is the figure to read (aim ≥ 0.25 uncontended, and under the mixed load). In mixed rows the CPU per registration includes the background’s work in each process. Hops are differences of medians; CPU is read from /proc for the gateway, organizations and usage processes and this one (clients); PostgreSQL’s own CPU is not counted.',
      'Every answer is checked; afterwards each event’s used counter equals its uses. Absolute figures depend on this machine and its load (the clients share its 2 cores).',
      `Load average (1, 5, 15 min) before: ${load.before.map((l) => fixed(l)).join(' ')}, after: ${load.after.map((l) => fixed(l)).join(' ')}.`,
      'Captured SQL of one registration:',
      ...transaction.map((s, i) => `  ${i + 1}. ${s.text.replace(/\s+/g, ' ').slice(0, 150)}`),
    ],
    data: { cells, phases: phases.map(({ latencies, ...p }) => ({ ...p, medianMs: median(latencies) })), background: workloads.map((w) => w.name), deployed, load, transaction: transaction.map((s) => s.text) },
  };
}
