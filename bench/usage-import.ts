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
        ],
      );
      const memory = formatTable(['process', 'peak RSS MB'], Object.entries(peaks).map(([name, mb]) => [name, mb === null ? 'n/a' : fixed(mb, 0)]));
      return {
        table: `${table}\n\n${memory}`,
        notes: [
          `aim: import ≥ 1/5 of the bulk insert (ratio ≥ 0.20); peak RSS of each process < 512 MB`,
          'peak RSS is VmHWM from /proc (the usage subgraph includes its parse worker); n/a where the pid could not be found',
        ],
        data: { rows: ROWS, fileBytes: file.length, previewMs: t1 - t0, commitMs: t2 - t1, statisticsCatchUpMs: t3 - t2, bulkMs, indexedBulkMs: indexedMs, importRate, bulkRate, ratio: importRate / bulkRate, peakRssMb: peaks },
      };
    } finally {
      await admin.end().catch(() => undefined);
      await system?.stop();
      await db.drop();
      await dropRoles(adminUrl, new URL(db.url).pathname.slice(1));
    }
  },
};

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

