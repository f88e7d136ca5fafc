/**
 * A 100 000-row sales report imported end to end (issue 11, R17): the xlsx uploaded through the real gateway as
 * Lippupalvelu's clerk for TTT, previewed (parsed in the usage subgraph's worker, every row judged) and committed
 * (every row judged again and registered, outbox included), against a plain bulk insert of the same 100 000 rows
 * into a copy of usage.usage in the same run (`insert … select from jsonb_to_recordset`, 10 000 rows a statement).
 * Aim: the import at least 1/5 of the bulk insert's rows/s. Peak RSS (VmHWM) of every process involved: the
 * gateway, the four subgraphs (the usage subgraph's parse worker included) and this bench process. Aim: each
 * under 512 MB.
 *
 * The file is larger than the default upload limit (1.4 MiB within the gateway's 2 MiB body), so this run raises
 * BODY_LIMIT_BYTES and IMPORT_MAX_FILE_BYTES together, as an operator would for agencies' year-end reports.
 */
import { randomUUID } from 'node:crypto';
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import pg from 'pg';
import { addDays, DEMO, dropRoles, todayInFinland } from '@kaikukanta/kit';
import { freePort } from '@kaikukanta/kit/embedded';
import { createTestDatabase } from '@kaikukanta/kit/testing';
import { migrateSystem } from '../scripts/lib/migrate.ts';
import { SUBGRAPHS } from '../scripts/lib/subgraphs.ts';
import { startSystem, type RunningSystem } from '../scripts/lib/system.ts';
import type { Benchmark, BenchmarkContext, BenchmarkResult } from './lib/benchmark.ts';
import { memoryOf, pidOfPort } from './lib/process.ts';
import { fixed, formatTable } from './lib/report.ts';

const ROWS = 100_000;
const EVENTS = 40;
const O = DEMO.organizations;
const CLERK = 'lipunvalitys@kaikukanta.demo';
const MB = 1024 * 1024;

export const usageImport: Benchmark = {
  name: 'usage-import',
  title: 'a 100 000-row xlsx sales report through the gateway (preview + commit) vs a plain bulk insert of the same rows; peak RSS per process',
  async run({ adminUrl, log }: BenchmarkContext): Promise<BenchmarkResult> {
    const db = await createTestDatabase(adminUrl, 'kk_bench_import');
    let system: RunningSystem | undefined;
    const admin = new pg.Client({ connectionString: db.url });
    try {
      const gatewayPort = await freePort();
      const subgraphPorts = Object.fromEntries(await Promise.all(SUBGRAPHS.map(async (name) => [name, await freePort()] as const)));
      const { urls } = await migrateSystem(db.url);
      system = await startSystem({
        databaseUrls: urls,
        gatewayPort,
        subgraphPorts,
        quiet: !process.env.BENCH_LOGS,
        env: { SEED_DEMO_DATA: 'true', LOG_LEVEL: 'warn', BODY_LIMIT_BYTES: String(24 * MB), IMPORT_MAX_FILE_BYTES: String(16 * MB), IMPORT_ANSWER_WITHIN_MS: '500' },
      });
      const graphqlUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
      await admin.connect();

      const day = addDays(todayInFinland(), 10);
      const codes = Array.from({ length: ROWS }, (_, i) => `BI${String(i).padStart(8, '0')}`);
      await admin.query(
        `insert into cards.card (id, code, kind, distributor_id, region_id, granted_on, valid_until, state, child_ticket_limit, created_at, updated_at)
         select gen_random_uuid(), code, 'PERSONAL', $1, $2, $3, $4, 'ACTIVE', 3, now(), now() from unnest($5::text[]) as code`,
        [O.tampereSocial, DEMO.regions.pirkanmaa, addDays(todayInFinland(), -30), addDays(todayInFinland(), 300), codes],
      );
      // Half the rows name kept events (matched by name and day, their caps counted), half events the registry keeps none of.
      for (let e = 0; e < EVENTS / 2; e++) {
        await admin.query(
          `insert into usage.event (id, provider_id, name, kind, starts_at, cap, capacity, created_at, updated_at) values ($1, $2, $3, 'PERFORMANCE', $4, null, 100000, now(), now())`,
          [randomUUID(), O.tampereTheatre, `Pidetty näytös ${e}`, new Date(`${day}T16:00:00Z`)],
        );
      }
      const rows = codes.map((code, i) => [code, i % 2 ? `Pidetty näytös ${i % (EVENTS / 2)}` : `Raportoitu näytös ${i % (EVENTS / 2)}`, day, i % 3]);
      const file = await xlsx(rows as (string | number)[][]);
      log(`${ROWS} cards and ${EVENTS / 2} kept events seeded; the report is ${fixed(file.length / MB)} MiB of xlsx`);

      const cookie = await login(graphqlUrl);
      const pids = Object.fromEntries(['gateway', ...SUBGRAPHS].map((name) => [name, pidOfPort(name === 'gateway' ? gatewayPort : (subgraphPorts[name as keyof typeof subgraphPorts] as number))]));

      const t0 = performance.now();
      const started = await gql<{ previewUsageImport: { id: string } }>(graphqlUrl, cookie, 'mutation ($input: PreviewUsageImportInput!) { previewUsageImport(input: $input) { id } }', {
        input: { fileName: 'vuosiraportti.xlsx', contentBase64: file.toString('base64'), providerId: O.tampereTheatre },
      });
      const id = started.previewUsageImport.id;
      const previewed = await settle(graphqlUrl, cookie, id);
      const t1 = performance.now();
      await gql(graphqlUrl, cookie, 'mutation ($id: ID!) { commitUsageImport(importId: $id) { id } }', { id });
      const committed = await settle(graphqlUrl, cookie, id);
      const t2 = performance.now();
      log(`preview ${fixed((t1 - t0) / 1000)} s (${JSON.stringify(previewed.totals)}), commit ${fixed((t2 - t1) / 1000)} s (${JSON.stringify(committed.totals)})`);
      if (committed.totals.registered !== ROWS) throw new Error(`registered ${committed.totals.registered} of ${ROWS}`);
      // Statistics' usage reader applies the 100 000 events after the commit: its peak memory is measured once it has.
      const caughtUp = await statisticsCaughtUp(admin);
      const t3 = performance.now();
      log(`statistics applied every event ${fixed((t3 - t2) / 1000)} s after the commit${caughtUp ? '' : ' (NOT within 10 minutes)'}`);

      // Baseline: the same rows, as finished uses, into a copy of usage.usage — no parsing, no rules, no keys. The
      // aim's baseline is the bare table; the same insert into a copy with usage.usage's indexes is shown beside it.
      const bulk = async (table: string, like: string): Promise<number> => {
        await admin.query(`create table public.${table} (like usage.usage ${like})`);
        const start = performance.now();
        for (let from = 0; from < ROWS; from += 10_000) {
          const chunk = rows.slice(from, from + 10_000).map(([code, name, date, children]) => ({ id: randomUUID(), code, name, date, children }));
          await admin.query(
            `insert into public.${table} (id, provider_id, event_name, event_date, event_kind, card_code, card_kind, child_tickets, registering_organization_id, registered_by_user_id, registered_at)
             select r.id, $1, r.name, r.date, 'PERFORMANCE', r.code, 'PERSONAL', r.children, $2, $3, now() from jsonb_to_recordset($4::jsonb) as r(id uuid, code text, name text, date date, children int)`,
            [O.tampereTheatre, O.lippupiste, randomUUID(), JSON.stringify(chunk)],
          );
        }
        return performance.now() - start;
      };
      const bulkMs = await bulk('bench_usage', 'including defaults');
      const indexedMs = await bulk('bench_usage_indexed', 'including defaults including indexes');
      const importRate = ROWS / ((t2 - t0) / 1000);
      const bulkRate = ROWS / (bulkMs / 1000);
      const floor = await writeFloor(admin, rows as [string, string, string, number][], indexedMs, file);

      const peaks = Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, pid ? (memoryOf(pid)?.peakMiB ?? null) : null]));
      peaks.bench = process.resourceUsage().maxRSS / 1024;
      const table = formatTable(
        ['side', 'seconds', 'rows/s', 'ratio'],
        [
          ['import: preview (upload, parse, judge)', fixed((t1 - t0) / 1000), fixed(ROWS / ((t1 - t0) / 1000), 0), ''],
          ['import: commit (judge again, register)', fixed((t2 - t1) / 1000), fixed(ROWS / ((t2 - t1) / 1000), 0), ''],
          ['import end to end', fixed((t2 - t0) / 1000), fixed(importRate, 0), fixed(importRate / bulkRate)],
          ['plain bulk insert (baseline)', fixed(bulkMs / 1000), fixed(bulkRate, 0), '1.00'],
          ['  the same into a copy with usage.usage’s indexes', fixed(indexedMs / 1000), fixed(ROWS / (indexedMs / 1000), 0), `import ÷ it: ${fixed(importRate / (ROWS / (indexedMs / 1000)))}`],
          ['statistics caught up after the commit (not in the ratio)', fixed((t3 - t2) / 1000), '', ''],
          ['floor: what any import must write, as bulk statements¹', fixed(floor.totalMs / 1000), fixed(ROWS / (floor.totalMs / 1000), 0), `${fixed(bulkMs / floor.totalMs)}; import ÷ it: ${fixed(floor.totalMs / (t2 - t0))}`],
          ...floor.parts.map(([label, ms]) => [`  ${label}`, fixed(ms / 1000), '', '']),
          ...floor.beside.map(([label, ms]) => [`  not in the floor: ${label}`, fixed(ms / 1000), '', '']),
        ],
      );
      const memory = formatTable(['process', 'peak RSS MB'], Object.entries(peaks).map(([name, mb]) => [name, mb === null ? 'n/a' : fixed(mb, 0)]));
      return {
        table: `${table}\n\n${memory}`,
        notes: [
          `aim: import ≥ 1/5 of the bulk insert (ratio ≥ 0.20); peak RSS of each process < 512 MB`,
          '¹ floor: the rows every import of this report writes whatever its design, each as bulk statements of 10 000 rows into a copy (with its indexes) of its table — the uses, their outbox events (statistics in real time), the rows\' idempotency keys (R17: never a row twice), the report\'s rows with their outcomes (the preview, its filters and the error report read them). No parsing, judging, round trips or concurrency: its ratio is the most any design could reach against the same baseline on this machine. Beside it, what this design also does and another might avoid or overlap: rewriting the rows\' outcomes at commit, and parsing the file (here once, in this process).',
          'peak RSS is VmHWM from /proc (the usage subgraph includes its parse worker); n/a where the pid could not be found',
        ],
        data: { rows: ROWS, fileBytes: file.length, previewMs: t1 - t0, commitMs: t2 - t1, statisticsCatchUpMs: t3 - t2, bulkMs, indexedBulkMs: indexedMs, floorMs: floor.totalMs, floorParts: Object.fromEntries(floor.parts), besideFloor: Object.fromEntries(floor.beside), importRate, bulkRate, ratio: importRate / bulkRate, peakRssMb: peaks },
      };
    } finally {
      await admin.end().catch(() => undefined);
      await system?.stop();
      await db.drop();
      await dropRoles(adminUrl, new URL(db.url).pathname.slice(1));
    }
  },
};

/**
 * The least any import of this report must write, whatever its design: the same rows, as bulk statements of 10 000
 * (one `jsonb_to_recordset` parameter each), into copies of the tables they go to with those tables' indexes — the
 * uses (measured already: `indexedMs`), their outbox events (statistics in real time), an idempotency key per row (R17:
 * never a row twice), the report's rows with their outcomes (the preview, its filters and the error report read
 * them). No judging, no round trips. Beside it (`beside`, not in the floor): the commit's rewrite of the outcomes
 * and one parse of the file, which another design might avoid or overlap with the writes.
 */
async function writeFloor(admin: pg.Client, rows: readonly [string, string, string, number][], indexedMs: number, file: Buffer): Promise<{ totalMs: number; parts: [string, number][]; beside: [string, number][] }> {
  // The usage subgraph's own compiled parser (what its parse worker runs), as the gateway benchmark loads the gateway's.
  const { parseReport } = (await import(new URL('../subgraphs/usage/dist/modules/import/parse/parse-report.js', import.meta.url).href)) as {
    parseReport(bytes: Uint8Array, limits: unknown, sink: (rows: unknown[]) => Promise<void>): Promise<{ ok: boolean; problem?: string }>;
  };
  const { loadImportConfig } = (await import(new URL('../subgraphs/usage/dist/modules/import/import.model.js', import.meta.url).href)) as { loadImportConfig(env: Record<string, string>): object };
  const parts: [string, number][] = [['uses (the copy with indexes above)', indexedMs]];
  const timed = async (label: string, table: string, like: string, statement: string, row: (r: (typeof rows)[number], i: number) => Record<string, unknown>, extra: unknown[] = []) => {
    await admin.query(`create table public.${table} (like ${like} including defaults including indexes including constraints)`);
    const start = performance.now();
    for (let from = 0; from < rows.length; from += 10_000) {
      const chunk = rows.slice(from, from + 10_000).map((r, i) => row(r, from + i));
      await admin.query(statement.replaceAll('$table', `public.${table}`), [...extra, JSON.stringify(chunk)]);
    }
    parts.push([label, performance.now() - start]);
  };
  const importId = randomUUID();
  const owner = O.tampereTheatre;
  await timed(
    'outbox events',
    'bench_outbox',
    'usage.outbox',
    `insert into $table (type, usage_id, event_id, provider_id, registering_organization_id, event_date, event_kind, card_kind, child_tickets, occurred_at, card_id)
     select 'USAGE_REGISTERED', r.id, null, $1, $2, r.date, 'PERFORMANCE', 'PERSONAL', r.children, now(), r.card from jsonb_to_recordset($3::jsonb) as r(id uuid, date date, children int, card uuid)`,
    ([, , date, children]) => ({ id: randomUUID(), date, children, card: randomUUID() }),
    [owner, O.lippupiste],
  );
  await timed(
    'idempotency keys',
    'bench_keys',
    'usage.idempotency_key',
    `insert into $table (organization_id, key, operation, request_hash, usage_ids, group_id, created_at)
     select $1, r.key, 'REGISTER', r.hash, array[r.id], null, now() from jsonb_to_recordset($2::jsonb) as r(key text, hash text, id uuid)`,
    ([code, name, date, children], i) => ({ key: `import:${String(i).padStart(64, '0')}`.slice(0, 100), hash: `${code}${name}${date}${children}`.padEnd(64, '0').slice(0, 64), id: randomUUID() }),
    [owner],
  );
  const importRow = ([code, name, date, children]: (typeof rows)[number], i: number) => ({ line: i + 2, code, name, date, children, key: `import:${i}`, hash: String(i).padStart(64, '0') });
  await timed(
    'report rows (preview)',
    'bench_import_row',
    'usage.usage_import_row',
    `insert into $table (usage_import_id, line, card_code, event_name, event_date_text, event_time_text, child_tickets_text, event_reference, order_reference, row_key,
                         row_hash, event_date, event_time, readable, event_id, preview_outcome, outcome, problems, child_tickets)
     select $1, r.line, r.code, r.name, r.date, '', r.children::text, '', '', r.key, r.hash, r.date::date, null, true, null, 'WILL_REGISTER', 'WILL_REGISTER', '[]', r.children
       from jsonb_to_recordset($2::jsonb) as r(line int, code text, name text, date text, children int, key text, hash text)`,
    importRow,
    [importId],
  );
  const updateStart = performance.now();
  for (let from = 0; from < rows.length; from += 10_000) {
    const chunk = rows.slice(from, from + 10_000).map((_, i) => ({ line: from + i + 2, usage_id: randomUUID() }));
    await admin.query(
      `update public.bench_import_row r set outcome = 'REGISTERED', usage_id = v.usage_id from jsonb_to_recordset($2::jsonb) as v(line int, usage_id uuid) where r.usage_import_id = $1 and r.line = v.line`,
      [importId, JSON.stringify(chunk)],
    );
  }
  const beside: [string, number][] = [['rewriting the report rows\' outcomes (commit)', performance.now() - updateStart]];
  const parseStart = performance.now();
  const parsed = await parseReport(new Uint8Array(file), { ...loadImportConfig({ IMPORT_MAX_FILE_BYTES: String(16 * MB) }) }, async () => undefined);
  if (!parsed.ok) throw new Error(`the report did not parse: ${parsed.problem}`);
  beside.push(['parsing the file once', performance.now() - parseStart]);
  return { totalMs: parts.reduce((sum, [, ms]) => sum + ms, 0), parts, beside };
}

async function xlsx(rows: readonly (string | number)[][]): Promise<Buffer> {
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise((resolve) => sink.on('end', resolve));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
  const sheet = workbook.addWorksheet('Myynti');
  sheet.addRow(['Korttikoodi', 'Tapahtuman nimi', 'Tapahtuman päivä', 'Lasten liput']).commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  await workbook.commit();
  await done;
  return Buffer.concat(chunks);
}

async function gql<T>(url: string, cookie: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data as T;
}

async function login(url: string): Promise<string> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { activeMembership { role } } }', variables: { e: CLERK, p: DEMO.password } }),
  });
  return (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
}

type Totals = { rows: number; willRegister: number; registered: number; duplicates: number; refused: number };

async function settle(url: string, cookie: string, id: string): Promise<{ status: string; totals: Totals }> {
  for (;;) {
    const { usageImport } = await gql<{ usageImport: { status: string; failure: { code: string } | null; totals: Totals } }>(
      url,
      cookie,
      'query ($id: ID!) { usageImport(id: $id) { status failure { code } totals { rows willRegister registered duplicates refused } } }',
      { id },
    );
    if (usageImport.failure) throw new Error(`import failed: ${usageImport.failure.code}`);
    if (usageImport.status !== 'PREVIEWING' && usageImport.status !== 'COMMITTING') return usageImport;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Until statistics' usage reader has applied the outbox's last transaction (decision 0015: positions are xids). */
async function statisticsCaughtUp(admin: pg.Client): Promise<boolean> {
  for (const deadline = Date.now() + 600_000; Date.now() < deadline; ) {
    const { rows } = await admin.query<{ done: boolean }>(
      `select coalesce((select position from statistics.reader_position where source = 'usage'), 0) >= (select max(xid)::text::bigint from usage.outbox) as done`,
    );
    if (rows[0]?.done) return true;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return false;
}

