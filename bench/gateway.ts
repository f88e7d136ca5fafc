/**
 * The cost of a request through our gateway (issue 12): four workloads — card status (one subgraph), the public
 * network page's query (four subgraphs), a card registration, the statistics dashboard — each sent straight to the
 * subgraph (single-subgraph operations), through our gateway and through Hive Gateway (`@graphql-hive/gateway`, a
 * real peer from npm, bench/lib/hive-gateway.ts) over the same supergraph and subgraphs, authenticating the same
 * way. Sides are interleaved in rounds; ratios are the figures to read. After the workloads, a mixed phase (all
 * four at once) through each gateway, then each gateway's resident memory.
 *
 * The system is the one `npm start` runs, in production mode (NODE_ENV=production, a fresh Ed25519 identity key
 * pair, the ops port), with demo data, on a scratch database.
 */
import { execFileSync } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { mkdirSync, readdirSync, statSync } from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import { dropRoles, type Identity } from '@kaikukanta/kit';
import { freePort } from '@kaikukanta/kit/embedded';
import { IDENTITY_HEADER, signIdentity } from '@kaikukanta/kit/identity';
import { createTestDatabase } from '@kaikukanta/kit/testing';
import { gatewayNodeOptions } from '../docker/services.ts';
import { migrateSystem } from '../scripts/lib/migrate.ts';
import { startService, stopService, waitForReady } from '../scripts/lib/processes.ts';
import { SUBGRAPHS, type SubgraphName } from '../scripts/lib/subgraphs.ts';
import { startSystem, type RunningSystem } from '../scripts/lib/system.ts';
import type { Benchmark, BenchmarkContext, BenchmarkResult } from './lib/benchmark.ts';
import { cpuMsOf, memoryOf, pidOfPort } from './lib/process.ts';
import { fixed, formatTable, median } from './lib/report.ts';
import { closedLoops, forgetLookups as startForgettingLookups, gatewayWorkloads, sendWorkload, signIn, type Caller, type Callers, type Workload } from './lib/workloads.ts';

/** Closed-loop clients per phase: each sends its next request when the last is answered. */
const CLIENTS = 16;
const PHASE_MS = 3_000;
const WARM_UP_MS = 500;
/** Rounds per workload: the sides take turns in each, so drift weighs on every side alike (`BENCH_GATEWAY_ROUNDS`). */
const ROUNDS = Number(process.env.BENCH_GATEWAY_ROUNDS ?? 2);
/** Mixed load (all four workloads at once, CLIENTS / 4 clients each) through each gateway, before memory is read. */
const MIXED_MS = Number(process.env.BENCH_GATEWAY_MIXED_MS ?? 10_000);
/** Partner keys the card-status requests take in turn (each look-up is also counted per organisation, see below). */
const KEYS = 32;

/** Codes of the demo cards, looked up in turn: no two clients ask the same in the same moment (see SESSIONS). */
let statusCodes: string[] = [];
/**
 * Sessions per person: their identities differ (the session id), so concurrent requests are distinct upstream, as
 * different people's would be. Hive deduplicates identical in-flight subgraph queries (same URL, headers and body;
 * its default); one session for 16 clients would have it answer most requests from another's fetch.
 */
const SESSIONS = CLIENTS;

/**
 * `ours` asks for a fresh answer (`Cache-Control: no-cache`); `cached` lets the anonymous response cache answer (decision
 * 0021); `relay` is the direct side's request carried by a bare HTTP relay (bench/lib/relay.ts) — the hop alone, the floor
 * of any gateway in Node.
 */
type Side = 'direct' | 'relay' | 'ours' | 'cached' | 'hive';

/** `BENCH_GATEWAY_WORKLOADS=card status,dashboard`: only those (e.g. to profile one under `BENCH_CPU_PROF=1`). */
const ONLY = process.env.BENCH_GATEWAY_WORKLOADS?.split(',').map((name) => name.trim());
const WORKLOADS: Workload[] = gatewayWorkloads(() => statusCodes).filter((workload) => !ONLY || ONLY.includes(workload.name));

/** The processes whose CPU time is read per phase. */
/**
 * `BENCH_GATEWAY_PIN=1` (Linux, `taskset`): the four subgraphs on CPU 0, everything else — both gateways, the clients
 * (this process) and PostgreSQL's processes — on CPU 1, for the run. A second reading beside the default: the
 * hop's cost when the gateway does not take its CPU from the subgraph, as with a gateway on its own host or cores.
 */
const PIN = process.env.BENCH_GATEWAY_PIN === '1';

const PROCESSES = ['ours', 'hive', 'relay', 'organizations', 'cards', 'usage', 'statistics', 'clients'] as const;
type Process = (typeof PROCESSES)[number];

interface Phase {
  workload: string;
  side: Side;
  round: number;
  ok: number;
  ms: number;
  latencies: number[];
  cpuMs: Partial<Record<Process, number>>;
}

export const gatewayBenchmark: Benchmark = {
  name: 'gateway',
  title: 'card status, the network page, a card registration and the dashboard: straight to the subgraph, through our gateway and through Hive Gateway; memory after mixed load',
  async run({ adminUrl, log }: BenchmarkContext): Promise<BenchmarkResult> {
    const db = await createTestDatabase(adminUrl, 'kk_bench');
    let system: RunningSystem | undefined;
    let hive: ReturnType<typeof startService> | undefined;
    let relay: ReturnType<typeof startService> | undefined;
    let admin: pg.Client | undefined;
    let unpin: (() => void) | undefined;
    let forgetLookups: NodeJS.Timeout | undefined;
    const loadBefore = os.loadavg();
    try {
      const started = performance.now();
      const pair = generateKeyPairSync('ed25519');
      const privatePem = pair.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
      const publicPem = pair.publicKey.export({ type: 'spki', format: 'pem' }) as string;
      const [gatewayPort, opsPort, hivePort, relayPort] = [await freePort(), await freePort(), await freePort(), await freePort()];
      const subgraphPorts = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()] as const))) as Record<SubgraphName, number>;
      const subgraphUrl = (name: SubgraphName) => `http://127.0.0.1:${subgraphPorts[name]}/graphql`;
      const { urls } = await migrateSystem(db.url);
      const env = {
        NODE_ENV: 'production',
        // A throw-away server (H4): the demo accounts sign the benchmark in.
        ALLOW_DEMO_SEED_IN_PRODUCTION: 'true',
        SEED_DEMO_DATA: 'true',
        LOG_LEVEL: 'warn',
        HOST: '127.0.0.1',
        OPS_PORT: String(opsPort),
        IDENTITY_PRIVATE_KEY: privatePem,
        IDENTITY_PUBLIC_KEY: publicPem,
        // BENCH_CPU_PROF=1: every service and Hive write a V8 CPU profile on exit (bench/.results/profiles/).
        // BENCH_HEAP_SNAPSHOT=1: our gateway writes a V8 heap snapshot to bench/.results/heap/ after the memory readings.
        ...(process.env.BENCH_CPU_PROF || process.env.BENCH_HEAP_SNAPSHOT
          ? {
              NODE_OPTIONS: [
                // Flags given to the benchmark (e.g. V8 heap sizes) stay.
                ...(process.env.NODE_OPTIONS ? [process.env.NODE_OPTIONS] : []),
                ...(process.env.BENCH_CPU_PROF ? [`--cpu-prof --cpu-prof-dir=${new URL('./.results/profiles/', import.meta.url).pathname}`] : []),
                ...(process.env.BENCH_HEAP_SNAPSHOT ? [`--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${HEAP_DIR}`] : []),
              ].join(' '),
            }
          : {}),
      };
      // Both gateways as deployed: docker/compose.yaml's V8 flags (GATEWAY_NODE_OPTIONS; empty for V8's defaults).
      const gatewayFlags = gatewayNodeOptions();
      // Hive and the relay run as our gateway does: the benchmark's own flags, then the gateway's V8 flags.
      const peerEnv = { ...process.env, ...env, NODE_OPTIONS: [env.NODE_OPTIONS, gatewayFlags].filter((flags) => flags?.trim()).join(' ') };
      system = await startSystem({ databaseUrls: urls, gatewayPort, subgraphPorts, quiet: !process.env.BENCH_LOGS, env: { ...env, GATEWAY_NODE_OPTIONS: gatewayFlags } });
      hive = startService(
        'hive',
        new URL('./lib/hive-gateway.ts', import.meta.url).pathname,
        {
          ...peerEnv,
          HIVE_PORT: String(hivePort),
          SUPERGRAPH_PATH: new URL('../schema/supergraph.graphql', import.meta.url).pathname,
          ...Object.fromEntries(SUBGRAPHS.map((name) => [`${name.toUpperCase()}_URL`, subgraphUrl(name)])),
        },
        5,
        !process.env.BENCH_LOGS,
      );
      await waitForReady(`http://127.0.0.1:${hivePort}/readiness`, hive);
      relay = startService('relay', new URL('./lib/relay.ts', import.meta.url).pathname, { ...peerEnv, RELAY_PORT: String(relayPort) }, 6, !process.env.BENCH_LOGS);
      await waitForReady(`http://127.0.0.1:${relayPort}/readiness`, relay);
      log(`system up in ${((performance.now() - started) / 1000).toFixed(1)} s (production mode; ours :${gatewayPort}, hive :${hivePort})`);

      const ours = `http://127.0.0.1:${gatewayPort}/graphql`;
      const hiveUrl = `http://127.0.0.1:${hivePort}/graphql`;
      // Card-status look-ups are limited to 600 a minute per organisation: the benchmark forgets the counts (bench/lib/workloads.ts).
      admin = new pg.Client({ connectionString: db.url });
      await admin.connect();
      statusCodes = (await admin.query<{ code: string }>('select code from cards.card order by code')).rows.map((r) => r.code);
      forgetLookups = startForgettingLookups(admin);

      const callers = await signIn(ours, admin, { sessions: SESSIONS, keys: KEYS, keyName: 'Gateway benchmark key' }, log);
      const identities = await identitiesOf(callers, subgraphPorts.organizations, privatePem);
      const signed = await signedHeaders(identities, privatePem);

      let turn = 0;
      const headersOf = (side: Side, caller: Caller, subgraph: SubgraphName | undefined, n: number): Record<string, string> => {
        if (side === 'direct' || side === 'relay') return signed.of(caller, subgraph as SubgraphName, n);
        return { 'content-type': 'application/json', ...(side === 'ours' ? { 'cache-control': 'no-cache' } : {}), ...callers.headers(caller, n) };
      };
      const send = (workload: Workload, side: Side) => async () => {
        const n = turn++;
        const url =
          side === 'direct'
            ? subgraphUrl(workload.subgraph as SubgraphName)
            : side === 'relay'
              ? `http://127.0.0.1:${relayPort}/${subgraphPorts[workload.subgraph as SubgraphName]}/graphql`
              : side === 'hive'
                ? hiveUrl
                : ours;
        await sendWorkload(url, headersOf(side, workload.caller, workload.subgraph, n), workload, n, `${workload.name} via ${side}`);
      };

      const pids: Partial<Record<Process, number>> = { ours: pidOfPort(gatewayPort), hive: pidOfPort(hivePort), relay: pidOfPort(relayPort) };
      for (const name of SUBGRAPHS) pids[name] = pidOfPort(subgraphPorts[name]);
      if (PIN) unpin = pin(SUBGRAPHS.flatMap((name) => pids[name] ?? []), [pids.ours, pids.hive, pids.relay, process.pid].flatMap((pid) => pid ?? []));
      const cpu = (): Partial<Record<Process, number>> => ({
        ...eachProcess(pids, cpuMsOf),
        clients: (process.cpuUsage().user + process.cpuUsage().system) / 1000,
      });

      // Every workload once through every side before anything is timed (plans, documents, JIT, connections).
      for (const workload of WORKLOADS) for (const side of sidesOf(workload)) await drive(CLIENTS, WARM_UP_MS, send(workload, side));

      const phases: Phase[] = [];
      for (const workload of WORKLOADS) {
        for (let round = 0; round < ROUNDS; round++) {
          for (const side of sidesOf(workload)) {
            await drive(CLIENTS, WARM_UP_MS, send(workload, side));
            const before = cpu();
            const phase = await drive(CLIENTS, PHASE_MS, send(workload, side));
            const after = cpu();
            const cpuMs = Object.fromEntries(PROCESSES.flatMap((p) => (after[p] !== undefined && before[p] !== undefined ? [[p, (after[p] as number) - (before[p] as number)]] : [])));
            phases.push({ workload: workload.name, side, round, ...phase, cpuMs });
            log(`${workload.name}, ${side} (round ${round + 1}): ${fixed(phase.ok / (phase.ms / 1000), 0)}/s, median ${fixed(median(phase.latencies))} ms`);
          }
        }
      }

      // Mixed load through each gateway, then its memory (issue 12: under 200 MiB through a bounded soak).
      const memory: Memory[] = [];
      // Issue 12, "no process grows without bound": every process's resident memory sampled through each mixed phase.
      const growth: Growth[] = [];
      // Ours as deployed: the response cache answers the anonymous network page.
      for (const [gateway, side] of [['ours', 'cached'], ['hive', 'hive']] as const) {
        const perWorkload = Math.max(1, Math.floor(CLIENTS / WORKLOADS.length));
        const sampled = sampleMemory(pids, MIXED_MS);
        const results = await Promise.all(WORKLOADS.map((workload) => drive(perWorkload, MIXED_MS, send(workload, side))));
        growth.push(...sampled.stop().map((g) => ({ ...g, through: gateway })));
        const ok = results.reduce((sum, r) => sum + r.ok, 0);
        const pid = pids[gateway];
        const mem = pid ? memoryOf(pid) : undefined;
        // Ours: what V8 holds of it (its /metrics on the ops port), to tell live heap from memory not yet returned.
        const heap = gateway === 'ours' ? await heapOf(`http://127.0.0.1:${opsPort}/metrics`) : undefined;
        memory.push({ side: gateway, perSecond: ok / (MIXED_MS / 1000), ...(mem ?? {}), ...(heap ?? {}) });
        log(`mixed load via ${gateway}: ${fixed(ok / (MIXED_MS / 1000), 0)} requests/s; RSS ${mem ? `${fixed(mem.rssMiB, 0)} MiB, peak ${fixed(mem.peakMiB, 0)} MiB` : 'not read'}`);
      }
      if (process.env.BENCH_HEAP_SNAPSHOT && pids.ours) log(`heap snapshot of ours: ${await heapSnapshotOf(pids.ours)}`);
      signed.stop();
      return report(phases, memory, growth, { before: loadBefore, after: os.loadavg() });
    } finally {
      unpin?.();
      clearInterval(forgetLookups);
      await admin?.end();
      if (hive) await stopService(hive);
      if (relay) await stopService(relay);
      await system?.stop();
      await db.drop();
      await dropRoles(adminUrl, new URL(db.url).pathname.slice(1));
    }
  },
};

const HEAP_DIR = new URL('./.results/heap/', import.meta.url).pathname;

/** Has a process started with `--heapsnapshot-signal=SIGUSR2` write a heap snapshot; the file's path once written. */
async function heapSnapshotOf(pid: number): Promise<string> {
  mkdirSync(HEAP_DIR, { recursive: true });
  const before = new Set(readdirSync(HEAP_DIR));
  process.kill(pid, 'SIGUSR2');
  let size = -1;
  for (let waited = 0; waited < 120_000; waited += 1_000) {
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const file = readdirSync(HEAP_DIR).find((name) => !before.has(name) && name.endsWith('.heapsnapshot'));
    if (!file) continue;
    const now = statSync(`${HEAP_DIR}${file}`).size;
    // Written when its size holds for a second (V8 writes it in one go, then closes it).
    if (now > 0 && now === size) return `${HEAP_DIR}${file}`;
    size = now;
  }
  return 'not written within 2 minutes';
}

function sidesOf(workload: Workload): Side[] {
  // Only the network page is an anonymous public read: the one the response cache may answer.
  return workload.subgraph ? ['direct', 'relay', 'ours', 'hive'] : ['ours', 'cached', 'hive'];
}

/** What our gateway vouches for each caller, resolved by its own compiled Authenticator (organizations' look-up). */
async function identitiesOf(callers: Callers, organizationsPort: number, privatePem: string): Promise<{ partner: Identity[]; distributor: Identity[]; analyst: Identity[]; anonymous: Identity[] }> {
  const { Authenticator } = (await import(new URL('../gateway/dist/auth/authenticate.js', import.meta.url).href)) as {
    Authenticator: new (url: string, key: unknown, cookie: unknown) => { authenticate(req: unknown): Promise<{ identity: Identity } | { error: string }> };
  };
  const { sessionCookie } = (await import(new URL('../gateway/dist/plugins/use-session-cookie.js', import.meta.url).href)) as { sessionCookie(production: boolean): unknown };
  const { parseIdentityPrivateKey } = await import('@kaikukanta/kit/identity-keys');
  const authenticator = new Authenticator(`http://127.0.0.1:${organizationsPort}/graphql`, parseIdentityPrivateKey(privatePem), sessionCookie(true));
  const identity = async (headers: Record<string, string>) => {
    const auth = await authenticator.authenticate({ headers });
    if ('error' in auth || auth.identity.kind === 'anonymous') throw new Error(`not authenticated: ${JSON.stringify(headers).slice(0, 80)}`);
    return auth.identity;
  };
  return {
    partner: await Promise.all(callers.keys.map((key) => identity({ authorization: `Bearer ${key}` }))),
    distributor: await Promise.all(callers.cookies.distributor.map((cookie) => identity({ cookie }))),
    analyst: await Promise.all(callers.cookies.analyst.map((cookie) => identity({ cookie }))),
    anonymous: [{ kind: 'anonymous' }],
  };
}

/**
 * The direct side's headers: each caller's identity signed for the subgraph as our gateway signs it, re-signed
 * every 5 s (tokens live 15 s, M1) off the timed path — so the direct side is the subgraph's own cost.
 */
async function signedHeaders(identities: Awaited<ReturnType<typeof identitiesOf>>, privatePem: string) {
  const { parseIdentityPrivateKey } = await import('@kaikukanta/kit/identity-keys');
  const key = parseIdentityPrivateKey(privatePem);
  type Table = Record<string, Record<string, string>[]>;
  const sign = async (): Promise<Table> => {
    const table: Table = {};
    for (const subgraph of ['cards', 'statistics'] as const) {
      for (const caller of ['partner', 'distributor', 'analyst', 'anonymous'] as const) {
        const list = identities[caller];
        table[`${caller}:${subgraph}`] = await Promise.all(
          list.map(async (identity) => ({ 'content-type': 'application/json', [IDENTITY_HEADER]: await signIdentity(identity, key, { audience: subgraph, clientIp: '127.0.0.1' }) })),
        );
      }
    }
    return table;
  };
  let table = await sign();
  const timer = setInterval(() => void sign().then((next) => (table = next)), 5_000);
  return {
    of: (caller: Caller, subgraph: SubgraphName, n: number) => {
      const list = table[`${caller}:${subgraph}`] as Record<string, string>[];
      return list[n % list.length] as Record<string, string>;
    },
    stop: () => clearInterval(timer),
  };
}

/** `clients` closed loops for `ms`; any failed request fails the run. */
async function drive(clients: number, ms: number, send: () => Promise<void>): Promise<Pick<Phase, 'ok' | 'ms' | 'latencies'>> {
  const latencies: number[] = [];
  const start = performance.now();
  const deadline = start + ms;
  await closedLoops(clients, () => performance.now() < deadline, send, (_, latency) => latencies.push(latency));
  return { ok: latencies.length, ms: performance.now() - start, latencies };
}

type Memory = { side: Side; perSecond: number; rssMiB?: number; peakMiB?: number; heapUsedMiB?: number; heapTotalMiB?: number; externalMiB?: number };

/** `read` of every process that has a pid, by name; a process `read` cannot tell is left out. */
function eachProcess<T>(pids: Partial<Record<Process, number>>, read: (pid: number) => T | undefined): Partial<Record<Process, T>> {
  return Object.fromEntries(Object.entries(pids).flatMap(([name, pid]) => {
    const value = pid ? read(pid) : undefined;
    return value === undefined ? [] : [[name, value]];
  })) as Partial<Record<Process, T>>;
}

/** One process's resident memory (MiB) through one mixed phase: at its start, after a tenth, at half time and at its end. */
type Growth = { process: Process; through: 'ours' | 'hive'; startMiB: number; tenthMiB: number; halfMiB: number; endMiB: number; peakMiB: number };

/**
 * Samples every process's VmRSS through a phase of `ms` (at its start, a tenth, half and the end — the first tenth is
 * warming up: caches fill, the heap sizes itself), to tell a process that settles from one that keeps growing.
 */
function sampleMemory(pids: Partial<Record<Process, number>>, ms: number): { stop(): Omit<Growth, 'through'>[] } {
  const read = () => eachProcess(pids, memoryOf);
  const start = read();
  let tenth: typeof start = {};
  let half: typeof start = {};
  const timers = [setTimeout(() => (tenth = read()), ms / 10), setTimeout(() => (half = read()), ms / 2)];
  return {
    stop: () => {
      timers.forEach(clearTimeout);
      const end = read();
      return (Object.keys(end) as Process[]).flatMap((name) => {
        const [s, t, h, e] = [start[name], tenth[name], half[name], end[name]];
        return s && t && h && e ? [{ process: name, startMiB: s.rssMiB, tenthMiB: t.rssMiB, halfMiB: h.rssMiB, endMiB: e.rssMiB, peakMiB: e.peakMiB }] : [];
      });
    },
  };
}

/** V8's heap (used, total) and external memory of our gateway, from prom-client's default metrics. */
async function heapOf(metricsUrl: string): Promise<Pick<Memory, 'heapUsedMiB' | 'heapTotalMiB' | 'externalMiB'> | undefined> {
  const text = await fetch(metricsUrl).then((res) => (res.ok ? res.text() : ''), () => '');
  const value = (name: string) => {
    const found = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];
    return found === undefined ? undefined : Number(found) / 1024 / 1024;
  };
  const heapUsedMiB = value('nodejs_heap_size_used_bytes');
  return heapUsedMiB === undefined ? undefined : { heapUsedMiB, heapTotalMiB: value('nodejs_heap_size_total_bytes'), externalMiB: value('nodejs_external_memory_bytes') };
}

function report(phases: Phase[], memory: Memory[], growth: Growth[], load: { before: number[]; after: number[] }): BenchmarkResult {
  const cells = WORKLOADS.map((workload) => {
    const side = (name: Side) => {
      const runs = phases.filter((p) => p.workload === workload.name && p.side === name);
      if (!runs.length) return undefined;
      const ok = runs.reduce((sum, p) => sum + p.ok, 0);
      const cpu = (process: Process) => (runs.every((p) => p.cpuMs[process] !== undefined) ? runs.reduce((sum, p) => sum + (p.cpuMs[process] ?? 0), 0) / Math.max(ok, 1) : null);
      return {
        perSecond: ok / (runs.reduce((sum, p) => sum + p.ms, 0) / 1000),
        medianMs: median(runs.flatMap((p) => p.latencies)),
        requests: ok,
        cpuMsPerRequest: Object.fromEntries(PROCESSES.map((p) => [p, cpu(p)])) as Record<Process, number | null>,
      };
    };
    const direct = side('direct');
    const relay = side('relay');
    const ours = side('ours');
    const hive = side('hive');
    const cached = side('cached');
    return {
      workload: workload.name,
      direct,
      relay,
      ours,
      cached,
      hive,
      cachedOverOurs: cached && ours ? cached.perSecond / ours.perSecond : null,
      oursOverDirect: direct && ours ? ours.perSecond / direct.perSecond : null,
      relayOverDirect: direct && relay ? relay.perSecond / direct.perSecond : null,
      oursOverRelay: relay && ours ? ours.perSecond / relay.perSecond : null,
      oursOverHive: ours && hive ? ours.perSecond / hive.perSecond : null,
    };
  });
  const rate = (s: { perSecond: number } | undefined) => (s ? fixed(s.perSecond, 0) : '–');
  const ms = (s: { medianMs: number } | undefined) => (s ? fixed(s.medianMs) : '–');
  const ratio = (value: number | null, aim: number) => (value === null ? '–' : `${fixed(value)}${value >= aim ? ' ✓' : ' ✗'}`);
  const cpu = (value: number | null | undefined) => (value === null || value === undefined ? '–' : fixed(value));
  const table = formatTable(
    ['workload', 'direct/s', 'relay/s', 'ours/s', 'cached/s', 'hive/s', 'ours/direct', 'relay/direct', 'ours/relay', 'ours/hive', 'cached/ours', 'direct ms', 'ours ms', 'hive ms', 'relay CPU', 'ours CPU', 'hive CPU', 'requests d+r+o+h'],
    cells.map((c) => [
      c.workload,
      rate(c.direct),
      rate(c.relay),
      rate(c.ours),
      rate(c.cached),
      rate(c.hive),
      ratio(c.oursOverDirect, 0.8),
      c.relayOverDirect === null ? '–' : fixed(c.relayOverDirect),
      c.oursOverRelay === null ? '–' : fixed(c.oursOverRelay),
      ratio(c.oursOverHive, 1),
      ratio(c.cachedOverOurs, 10),
      ms(c.direct),
      ms(c.ours),
      ms(c.hive),
      cpu(c.relay?.cpuMsPerRequest.relay),
      cpu(c.ours?.cpuMsPerRequest.ours),
      cpu(c.hive?.cpuMsPerRequest.hive),
      `${c.direct?.requests ?? 0}+${c.relay?.requests ?? 0}+${c.ours?.requests ?? 0}+${c.hive?.requests ?? 0}`,
    ]),
  );
  const others = PROCESSES.filter((p) => p !== 'ours' && p !== 'hive' && p !== 'relay');
  const perProcess = formatTable(
    ['workload', 'side', 'gateway CPU', ...others.map((p) => `${p} CPU`)],
    cells.flatMap((c) =>
      (['direct', 'relay', 'ours', 'cached', 'hive'] as const).flatMap((name) => {
        const s = c[name];
        const gateway = name === 'direct' ? null : s?.cpuMsPerRequest[name === 'hive' ? 'hive' : name === 'relay' ? 'relay' : 'ours'];
        return s ? [[c.workload, name, cpu(gateway), ...others.map((p) => cpu(s.cpuMsPerRequest[p]))]] : [];
      }),
    ),
  );
  const memoryTable = formatTable(
    ['gateway', 'mixed req/s', 'VmRSS MiB', 'VmHWM MiB', '< 200 MiB', 'heap used MiB', 'heap total MiB', 'external MiB'],
    memory.map((m) => {
      const mib = (value: number | undefined) => (value === undefined ? '–' : fixed(value, 0));
      return [m.side, fixed(m.perSecond, 0), mib(m.rssMiB), mib(m.peakMiB), m.peakMiB === undefined ? '–' : m.peakMiB < 200 ? '✓' : '✗', mib(m.heapUsedMiB), mib(m.heapTotalMiB), mib(m.externalMiB)];
    }),
  );
  const growthTable = formatTable(
    ['process', 'mixed via', 'start MiB', 'at 1/10', 'at 1/2', 'end MiB', 'peak MiB', 'end − 1/10'],
    growth.map((g) => [g.process, g.through, fixed(g.startMiB, 0), fixed(g.tenthMiB, 0), fixed(g.halfMiB, 0), fixed(g.endMiB, 0), fixed(g.peakMiB, 0), `${g.endMiB - g.tenthMiB >= 0 ? '+' : ''}${fixed(g.endMiB - g.tenthMiB, 1)}`]),
  );
  return {
    table: `${table}\n\nCPU ms per request of each process:\n\n${perProcess}\n\nMemory after the workloads and ${MIXED_MS / 1000} s of mixed load (all four at once):\n\n${memoryTable}\n\nResident memory of every process through each mixed phase (VmRSS; peak is VmHWM over the whole run):\n\n${growthTable}`,
    notes: [
      `${CLIENTS} closed-loop clients; ${ROUNDS} rounds of ${PHASE_MS / 1000} s per side and workload, sides interleaved (${WARM_UP_MS} ms warm-up each). Production mode.`,
      ...(PIN ? ['BENCH_GATEWAY_PIN: the four subgraphs ran on CPU 0, both gateways, the clients and PostgreSQL on CPU 1.'] : []),
      'direct: straight to the subgraph that owns every field, with the caller’s identity signed as our gateway signs it (signed off the timed path); ours: our gateway; hive: Hive Gateway 2.15 (bench/lib/hive-gateway.ts) authenticating with our Authenticator and signing per fetch.',
      'ours/direct is the figure to read for single-subgraph workloads (aim ≥ 0.80); ours/hive for every workload (aim ≥ 1). CPU: ms per request of the gateway process on that side (/proc).',
      'relay: the direct side’s request (identity already signed) through a bare HTTP relay (bench/lib/relay.ts: node:http and undici, nothing parsed, checked or signed) — relay/direct is what the hop alone keeps on this machine, the ceiling of ours/direct for any gateway in Node; ours/relay what our gateway’s own work costs on top.',
      'ours sends Cache-Control: no-cache (a fresh answer every time); cached is our gateway as deployed, its anonymous response cache answering the network page (decision 0021; aim ≥ 10× ours). The mixed load goes through ours as deployed.',
      `card status: partner keys of Lippupalvelu (${KEYS} in turn; the per-organisation count of look-ups is reset every 50 ms, so its limit of 600 a minute never refuses one); network page: anonymous, four subgraphs; card registration: the demo distributor (${SESSIONS} sessions), a new code each time; dashboard: the demo analyst (${SESSIONS} sessions), statistics(period: this year). Every request differs upstream (card code, session), as different callers’ would. Hive’s deduplication of identical in-flight subgraph queries is off (it keys a fetch before the identity is added, so it would share one caller’s answer with another).`,
      `Load average (1, 5, 15 min) before: ${load.before.map((l) => fixed(l)).join(' ')}, after: ${load.after.map((l) => fixed(l)).join(' ')} — a shared machine; ratios measured in the same run cancel most of it.`,
    ],
    data: { cells, memory, growth, load, phases: phases.map(({ latencies, ...p }) => ({ ...p, medianMs: median(latencies) })) },
  };
}

/** Pins `subgraphs` (every thread) to CPU 0 and `others` and PostgreSQL's processes to CPU 1; the returned call undoes it. */
function pin(subgraphs: number[], others: number[]): () => void {
  const postgres = () => execFileSync('pgrep', ['-x', 'postgres'], { encoding: 'utf8' }).split('\n').filter(Boolean).map(Number);
  const set = (pids: number[], cpus: string) => pids.forEach((pid) => execFileSync('taskset', ['-a', '-p', '-c', cpus, String(pid)], { stdio: 'ignore' }));
  set(subgraphs, '0');
  set([...others, ...postgres()], '1');
  // PostgreSQL's backends started meanwhile inherited CPU 1 from the postmaster: every one of them is given both back.
  return () => set([...others, ...postgres(), ...subgraphs].filter((pid) => { try { process.kill(pid, 0); return true; } catch { return false; } }), '0-1');
}
