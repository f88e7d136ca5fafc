import 'reflect-metadata';
import { DEMO, normaliseCardCode } from '@kaikukanta/kit';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readCsv } from '../modules/import/parse/csv-reader.js';
import { parseReport } from '../modules/import/parse/parse-report.js';
import { recoverImports, startImportRecovery } from '../modules/import/import.recovery.js';
import { as, card, codeOf, daysFromToday, event, freshCode, gql, key, officer as officerIn, problemCodes, REGISTER, sql, startUsageSystem, usedOf, type UsageTestSystem } from './registration.support.js';
import { commit, csv, GET, preview, outcomes, settled, type ImportData } from './import.support.js';

/**
 * Sales-report imports (R17) against the usage subgraph with cards and organizations on one database: the same
 * rules as a single registration (P1), idempotent rows (re-import, overlap, two imports at once), the difference
 * a commit reports, history and the error report.
 */
const O = DEMO.organizations;
let system: UsageTestSystem;
const sut = () => system.sut;
const LIMITS = { maxFileBytes: 1e7, maxRows: 1e5, maxDecompressedBytes: 1e8, maxCompressionRatio: 200, maxCellChars: 500 };

beforeAll(async () => {
  system = await startUsageSystem(inject('pgAdminUrl'));
});

afterAll(async () => {
  await system?.close();
});

const day = daysFromToday(3);
const fi = (iso: string) => iso.split('-').reverse().map(Number).join('.');

async function usesOf(codes: readonly string[]): Promise<number> {
  const [row] = await sql<{ n: string }>(sut(), 'select count(*) as n from usage.usage where card_code = any(?::text[])', [`{${codes.join(',')}}`]);
  return Number(row?.n);
}

describe('R17: preview, commit, idempotent rows', () => {
  it('previews without registering, commits, and a re-import of the same file registers nothing', async () => {
    const codes = [await card(sut()), await card(sut()), await card(sut())];
    const file = csv([
      [` ${codes[0]?.toLowerCase().replace(/(.{4})/, '$1 ')} `, 'Kevätkonsertti', fi(day), '', 1, '', ''],
      [`*${codes[1]}*`, 'Kevätkonsertti', day, '', '', '', 'ORD-7'],
      [codes[2] as string, 'Kevätkonsertti', fi(day), '', 2, '', ''],
      ['Yhteensä', '', '', '', 3, '', ''],
    ]);
    const previewed = await preview(sut(), as.provider(), file);
    expect(previewed).toMatchObject({ status: 'PREVIEWED', totals: { rows: 3, willRegister: 3, refused: 0, totalRows: 1, adultTickets: 3, childTickets: 3 } });
    expect(await usesOf(codes as string[])).toBe(0);

    const committed = await commit(sut(), as.provider(), previewed.id);
    expect(committed).toMatchObject({ status: 'COMMITTED', totals: { registered: 3, duplicates: 0, adultTickets: 3, childTickets: 3 } });
    expect(await usesOf(codes as string[])).toBe(3);
    const outbox = await sql<{ n: string }>(sut(), "select count(*) as n from usage.outbox where usage_id in (select id from usage.usage where card_code = any(?::text[])) and type = 'USAGE_REGISTERED'", [`{${codes.join(',')}}`]);
    expect(Number(outbox[0]?.n)).toBe(3);

    // The same file again, by another person of the organisation: every row a duplicate, nothing registered.
    const again = await preview(sut(), as.provider(), file);
    expect(again.totals).toMatchObject({ willRegister: 0, duplicates: 3 });
    expect((await commit(sut(), as.provider(), again.id)).totals).toMatchObject({ registered: 0, duplicates: 3 });
    expect(await usesOf(codes as string[])).toBe(3);
  });

  it('an overlapping report registers only its new rows; two identical sales in one report stay two', async () => {
    const [a, b, c] = [await card(sut()), await card(sut()), await card(sut())];
    const first = csv([
      [a, 'Syysnäytös', fi(day), '', 0, '', ''],
      [b, 'Syysnäytös', fi(day), '', 0, '', ''],
    ]);
    await commit(sut(), as.provider(), (await preview(sut(), as.provider(), first)).id);
    // The next report repeats b, and has c twice for two different days.
    const second = csv([
      [b, 'Syysnäytös', fi(day), '', 0, '', ''],
      [c, 'Syysnäytös', fi(day), '', 0, '', ''],
      [c, 'Syysnäytös', fi(daysFromToday(4)), '', 0, '', ''],
    ]);
    const done = await commit(sut(), as.provider(), (await preview(sut(), as.provider(), second)).id);
    expect(done.totals).toMatchObject({ registered: 2, duplicates: 1 });
    expect(await usesOf([a, b, c])).toBe(4);
  });

  it('two imports of one file at the same moment — by the provider and by its ticket agent — register each row once', async () => {
    const codes = await Promise.all(Array.from({ length: 40 }, () => card(sut())));
    const file = csv(codes.map((code, i) => [code, 'Rinnakkaisnäytös', fi(day), '', i % 2, '', i % 3 === 0 ? `ORD-${i}` : '']));
    const [mine, theirs] = await Promise.all([preview(sut(), as.provider(), file), preview(sut(), as.ticketAgent(), file, { providerId: O.tampereTheatre })]);
    expect(mine.totals.willRegister).toBe(40);
    expect(theirs.totals.willRegister).toBe(40);
    const [x, y] = await Promise.all([commit(sut(), as.provider(), mine.id), commit(sut(), as.ticketAgent(), theirs.id)]);
    expect(x.totals.registered + y.totals.registered).toBe(40);
    expect(x.totals.duplicates + y.totals.duplicates).toBe(40);
    expect(await usesOf(codes)).toBe(40);
  });

  it('R21: rows beyond an event’s cap are refused CAP_EXCEEDED, the cap is never exceeded; kept events are matched by name and day', async () => {
    const eventId = await event(sut(), { cap: 2, startsAt: new Date(`${day}T16:00:00Z`), extra: { name: 'Tarkka näytös' } });
    const codes = [await card(sut()), await card(sut()), await card(sut())];
    const file = csv(codes.map((code) => [code, 'tarkka  NÄYTÖS', fi(day), '', 0, '', '']));
    const previewed = await preview(sut(), as.provider(), file);
    expect(outcomes({ ...previewed, rows: (await settled(sut(), as.provider(), previewed.id)).rows })).toEqual(['WILL_REGISTER', 'WILL_REGISTER', 'REFUSED CAP_EXCEEDED']);
    const done = await commit(sut(), as.provider(), previewed.id);
    expect(done.rows?.every((row) => row.eventId === eventId)).toBe(true);
    expect(done.totals).toMatchObject({ registered: 2, refused: 1 });
    expect(await usedOf(sut(), eventId)).toEqual({ used: 2, rows: 2 });
  });

  it('R21 over more than one batch: the preview counts its earlier batches’ rows against the cap, as the commit does; a refused row takes no place', async () => {
    const n = 1_003; // the import judges 1 000 rows a batch: lines 2–1001, then 1002–1004
    const eventId = await event(sut(), { cap: n - 3, startsAt: new Date(`${day}T16:00:00Z`), extra: { name: 'Täysi sali' } });
    // Codes that cannot resemble a personal identity code (R9: every ten-character window is checked). The first
    // version of this test used 'CB' + twelve digits of pid and clock, and for some of them dozens of its codes were
    // refused PERSONAL_DATA_REFUSED (33 refused instead of 2): a fixture that changed with the run, not the preview.
    const codes = Array.from({ length: n - 1 }, () => freshCode());
    expect(codes.filter((code) => !normaliseCardCode(code).ok)).toEqual([]);
    await sql(
      sut(),
      `insert into cards.card (id, code, kind, distributor_id, region_id, granted_on, valid_until, state, child_ticket_limit, created_at, updated_at)
       select gen_random_uuid(), code, 'PERSONAL', ?, ?, ?, ?, 'ACTIVE', 2, now(), now() from unnest(?::text[]) as code`,
      [O.tampereSocial, DEMO.regions.pirkanmaa, daysFromToday(-30), daysFromToday(300), `{${codes.join(',')}}`],
    );
    // The first batch: 999 cards and, on line 12, an identity code (refused, R9); the second batch: three cards.
    const rows: (string | number)[][] = codes.map((code) => [code, 'Täysi sali', fi(day), '', 0, '', '']);
    rows.splice(10, 0, ['131052-308T', 'Täysi sali', fi(day), '', 0, '', '']);
    const refusedLines = async (id: string) =>
      (await gql<{ usageImport: { rows: { line: number; problems: { code: string }[] }[] } }>(sut(), as.provider(), 'query ($id: ID!) { usageImport(id: $id) { rows(outcome: REFUSED, limit: 1000) { line problems { code } } } }', { id })).data?.usageImport.rows.map((row) => [row.line, ...row.problems.map((p) => p.code)]);

    const previewed = await preview(sut(), as.provider(), csv(rows));
    expect(previewed.totals).toMatchObject({ rows: n, willRegister: n - 3, refused: 3 });
    expect(await refusedLines(previewed.id)).toEqual([[12, 'PERSONAL_DATA_REFUSED'], [n, 'CAP_EXCEEDED'], [n + 1, 'CAP_EXCEEDED']]);
    expect(await usedOf(sut(), eventId)).toEqual({ used: 0, rows: 0 });

    const done = await commit(sut(), as.provider(), previewed.id);
    expect(done.totals).toMatchObject({ registered: n - 3, refused: 3 });
    expect((await settled(sut(), as.provider(), previewed.id, true)).rows).toEqual([]);
    expect(await usedOf(sut(), eventId)).toEqual({ used: n - 3, rows: n - 3 });
  });

  it('the commit judges every row again and reports what changed since the preview', async () => {
    const [stays, ends] = [await card(sut()), await card(sut())];
    const previewed = await preview(sut(), as.provider(), csv([stays, ends].map((code) => [code, 'Muuttuva maailma', fi(day), '', 0, '', ''])));
    expect(previewed.totals.willRegister).toBe(2);
    await sql(sut(), "update cards.card set state = 'ENDED', closed_on = current_date where code = ?", [ends]);
    await commit(sut(), as.provider(), previewed.id);
    const changed = await settled(sut(), as.provider(), previewed.id, true);
    expect(changed.rows?.map((row) => [row.cardCode, row.previewOutcome, row.outcome, row.problems.map((p) => p.code).join()])).toEqual([[ends, 'WILL_REGISTER', 'REFUSED', 'CARD_ENDED']]);
  });
});

describe('P1: an import row gets the very answer its single registration gets', () => {
  // Fourteen cases, each a registration and an import one after the other: well over the default timeout on a loaded machine.
  it('the same cases through registerUsage and through an import give the same outcome codes', { timeout: 90_000 }, async () => {
    const capped = await event(sut(), { cap: 1 });
    await gql(sut(), as.provider(), REGISTER, { input: { idempotencyKey: key(), eventId: capped, cardCode: await card(sut()) } });
    const course = await event(sut(), { kind: 'COURSE' });
    const excluded = await event(sut(), { extra: { exclusion_reason: 'TOURING_PRODUCTION' } }).catch(() => null);
    const cases: { name: string; code: () => Promise<string>; eventId?: string | null; children?: number; who?: 'provider' | 'agent'; providerId?: string }[] = [
      { name: 'valid', code: () => card(sut()) },
      { name: 'unknown card', code: async () => 'ZZ99999999' },
      { name: 'malformed code', code: async () => 'ÄÄ!' },
      { name: 'expired', code: () => card(sut(), { grantedOn: daysFromToday(-400), validUntil: daysFromToday(-30) }) },
      { name: 'ended', code: () => card(sut(), { state: 'ENDED', closedOn: daysFromToday(-1) }) },
      { name: 'out of use', code: () => card(sut(), { state: 'OUT_OF_USE', closedOn: daysFromToday(-1) }) },
      { name: 'too many children', code: () => card(sut(), { childTicketLimit: 1 }), children: 3 },
      { name: 'cap reached', code: () => card(sut()), eventId: capped },
      { name: 'children for a course', code: () => card(sut()), eventId: course, children: 1 },
      { name: 'community card for a course', code: () => card(sut(), { kind: 'COMMUNITY' }), eventId: course },
      { name: 'unknown event', code: () => card(sut()), eventId: '0a6c1a5e-0000-4000-8002-ffffffffffff' },
      { name: 'not the agent’s client', code: () => card(sut()), who: 'agent', providerId: O.ateneum },
      { name: 'not own event', code: () => card(sut()), providerId: O.ateneum },
      ...(excluded ? [{ name: 'excluded event', code: () => card(sut()), eventId: excluded }] : []),
    ];
    for (const c of cases) {
      const code = await c.code();
      const identity = c.who === 'agent' ? as.ticketAgent() : as.provider();
      const providerId = c.providerId ?? O.tampereTheatre;
      const single = await gql(sut(), identity, REGISTER, {
        input: { idempotencyKey: key(), cardCode: code, childTickets: c.children ?? 0, ...(c.eventId ? { eventId: c.eventId } : { report: { providerId, name: 'Vertailu', date: day } }) },
      });
      // A second card for the import (the first one is now used, which is no rule, but keeps the comparison clean).
      const importCode = c.name === 'valid' ? await c.code() : code;
      const singleCodes = single.errors ? (problemCodes(single).length ? problemCodes(single) : [codeOf(single)]) : [];
      const imported = await preview(sut(), identity, csv([[importCode, 'Vertailu', fi(day), '', c.children ?? 0, c.eventId ?? '', '']]), { providerId });
      const row = (await settled(sut(), identity, imported.id)).rows?.[0];
      expect({ case: c.name, codes: row?.problems.map((p) => p.code) ?? [] }).toEqual({ case: c.name, codes: singleCodes });
      expect(row?.outcome).toBe(singleCodes.length ? 'REFUSED' : 'WILL_REGISTER');
    }
  });
});

describe('who imports: exactly who registers (R18, decision 0013)', () => {
  it('a culture officer imports for a provider of the region; a partner key needs USAGE_WRITE; a distributor may not', async () => {
    const code = await card(sut());
    const officer = await preview(sut(), as.cultureOfficer(), csv([[code, 'Alueen näytös', fi(day), '', 0, '', '']]), { providerId: O.tampereTheatre });
    expect(officer.totals.willRegister).toBe(1);
    // Decision 0022: Tampere's officers see the import; Nokia's officer, of the same region, neither finds nor lists it.
    const IMPORT = 'query ($id: ID!) { usageImport(id: $id) { id } }';
    const HISTORY = 'query { usageImports(limit: 100) { id } }';
    expect((await gql<{ usageImport: { id: string } | null }>(sut(), as.cultureOfficer(), IMPORT, { id: officer.id })).data?.usageImport?.id).toBe(officer.id);
    expect((await gql<{ usageImport: { id: string } | null }>(sut(), officerIn(DEMO.regions.pirkanmaa, '536'), IMPORT, { id: officer.id })).data?.usageImport).toBeNull();
    expect((await gql<{ usageImports: { id: string }[] }>(sut(), officerIn(DEMO.regions.pirkanmaa, '536'), HISTORY)).data?.usageImports.map((i) => i.id)).not.toContain(officer.id);
    expect(codeOf(await gql(sut(), officerIn(DEMO.regions.pirkanmaa, '536'), 'mutation ($id: ID!) { commitUsageImport(importId: $id) { id } }', { id: officer.id }))).toBe('NOT_FOUND');
    const keyless = await preview(sut(), as.partnerKey(['CARD_STATUS_READ']), csv([[code, 'Alueen näytös', fi(day), '', 0, '', '']]), { providerId: O.tampereTheatre });
    expect(outcomes(await settled(sut(), as.partnerKey(), keyless.id))).toEqual(['REFUSED USAGE_WRITE_SCOPE_MISSING']);
    const res = await gql(sut(), as.distributor(), 'mutation ($input: PreviewUsageImportInput!) { previewUsageImport(input: $input) { id } }', { input: { fileName: 'x.csv', contentBase64: csv([]) } });
    expect(codeOf(res)).toBe('FORBIDDEN');
  });
});

describe('history, error report, template', () => {
  it('lists the organisation’s imports; the error report has the refused rows with reasons in the chosen language, formula-like text as text, ready to import again', async () => {
    const good = await card(sut());
    const file = csv([
      [good, 'Raportoitu', fi(day), '', 0, '', ''],
      ['ZZ99999998', '=HYPERLINK("http://x")', fi(day), '', 0, '', ''],
      [await card(sut()), 'Raportoitu', '31.2.2026', '', 0, '', ''],
    ]);
    const imp = await commit(sut(), as.provider(), (await preview(sut(), as.provider(), file)).id);
    expect(imp.totals).toMatchObject({ registered: 1, refused: 2 });
    const history = await gql<{ usageImports: { id: string }[] }>(sut(), as.provider(), 'query { usageImports(limit: 100) { id } }');
    expect(history.data?.usageImports.map((i) => i.id)).toContain(imp.id);
    // Another organisation sees nothing of it.
    expect((await gql<{ usageImport: unknown }>(sut(), as.otherProvider(), 'query ($id: ID!) { usageImport(id: $id) { id } }', { id: imp.id })).data?.usageImport).toBeNull();

    const report = await gql<{ usageImportErrorReport: { fileName: string; contentBase64: string } }>(
      sut(),
      as.provider(),
      'query ($id: ID!) { usageImportErrorReport(importId: $id, format: CSV, language: "sv") { fileName mediaType contentBase64 } }',
      { id: imp.id },
    );
    const text = Buffer.from(report.data?.usageImportErrorReport.contentBase64 ?? '', 'base64').toString('utf8');
    expect(text.startsWith('\uFEFFKortkod;Evenemangets namn;')).toBe(true);
    expect(text).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(text).toContain('Kortet är inte registrerat');
    expect(text).toContain('Datumet kan inte läsas');
    const reread = await readCsv(Buffer.from(report.data?.usageImportErrorReport.contentBase64 ?? '', 'base64'), LIMITS);
    expect(reread.rows.map((r) => r.cells.eventName)).toEqual(['=HYPERLINK("http://x")', 'Raportoitu']);

    const xlsx = await gql<{ usageImportErrorReport: { contentBase64: string } }>(sut(), as.provider(), 'query ($id: ID!) { usageImportErrorReport(importId: $id, format: XLSX) { contentBase64 } }', { id: imp.id });
    const parsed = await parseReport(Buffer.from(xlsx.data?.usageImportErrorReport.contentBase64 ?? '', 'base64'), LIMITS);
    expect(parsed.ok && parsed.rows.map((r) => r.cells.eventName)).toEqual(['=HYPERLINK("http://x")', 'Raportoitu']);
  });

  it('the template in fi, sv and en, xlsx and CSV, is recognised by the import itself', async () => {
    for (const language of ['fi', 'sv', 'en']) {
      for (const format of ['XLSX', 'CSV']) {
        const res = await gql<{ usageImportTemplate: { fileName: string; contentBase64: string } }>(sut(), as.ticketAgent(), 'query ($f: UsageImportFileFormat!, $l: String) { usageImportTemplate(format: $f, language: $l) { fileName contentBase64 } }', { f: format, l: language });
        const parsed = await parseReport(Buffer.from(res.data?.usageImportTemplate.contentBase64 ?? '', 'base64'), LIMITS);
        expect(parsed).toMatchObject({ ok: true, rows: [], columns: ['cardCode', 'eventName', 'eventDate', 'eventTime', 'childTickets', 'eventReference', 'orderReference'] });
      }
    }
  });

  it('a refused file ends FAILED with its reason; an identity code in a cell is neither stored nor echoed (R9)', async () => {
    const failed = await preview(sut(), as.provider(), Buffer.from('a;b\n1;2\n').toString('base64'));
    expect(failed).toMatchObject({ status: 'FAILED', failure: { code: 'NO_HEADER_ROW' } });
    const imp = await preview(sut(), as.provider(), csv([['131052-308T', 'Näytös', fi(day), '', 0, '', '']]));
    const rows = (await settled(sut(), as.provider(), imp.id)).rows;
    expect(rows?.[0]).toMatchObject({ cardCode: '', outcome: 'REFUSED' });
    const stored = await sql(sut(), "select 1 from usage.usage_import_row where card_code like '%308T%'");
    expect(stored).toEqual([]);
  });
});


describe('R17: an import a stopped process left PREVIEWING or COMMITTING', () => {
  const unseen = (id: string, status: string, ago = '10 minutes') => sql(sut(), `update usage.usage_import set status = ?, job_seen_at = now() - ?::interval where id = ?`, [status, ago, id]);
  const read = async (id: string, locale: string) => (await gql<{ usageImport: ImportData }>(sut(), as.provider(), GET, { id }, locale)).data?.usageImport;

  it('on start a preview no process sees fails PREVIEW_INTERRUPTED (fi/sv/en) without its rows; a commit goes back to PREVIEWED, COMMIT_INTERRUPTED, and the next commit registers each remaining row once; another live process’s import is left alone', async () => {
    const left = await preview(sut(), as.provider(), csv([[await card(sut()), 'Keskeytynyt', fi(day), '', 0, '', '']]));
    await unseen(left.id, 'PREVIEWING');
    // Another replica's job, seen a moment ago.
    const live = await preview(sut(), as.provider(), csv([[await card(sut()), 'Elävä', fi(day), '', 0, '', '']]));
    await unseen(live.id, 'PREVIEWING', '1 second');
    // A commit that died after its first batch: row 1 REGISTERED with its use and key, row 2 not yet.
    const [a, b] = [await card(sut()), await card(sut())];
    const rows = [[a, 'Puolivalmis', fi(day), '', 1, '', ''], [b, 'Puolivalmis', fi(day), '', 0, '', '']];
    const half = await preview(sut(), as.provider(), csv(rows));
    const firstBatch = await commit(sut(), as.provider(), (await preview(sut(), as.provider(), csv(rows.slice(0, 1)))).id);
    expect(firstBatch.totals.registered).toBe(1);
    await sql(
      sut(),
      `update usage.usage_import_row r set outcome = 'REGISTERED', usage_id = f.usage_id, event_id = f.event_id from usage.usage_import_row f
        where f.usage_import_id = ? and r.usage_import_id = ? and r.line = f.line`,
      [firstBatch.id, half.id],
    );
    await unseen(half.id, 'COMMITTING');

    const stop = await startImportRecovery(sut().orm.em, sut().logger, { beatMs: 600_000, staleMs: 30_000 });
    await stop();

    const messages = await Promise.all(['fi', 'sv', 'en'].map((locale) => read(left.id, locale)));
    expect(messages.map((m) => [m?.status, m?.failure?.code, m?.totals.rows, m?.rows?.length])).toEqual(Array(3).fill(['FAILED', 'PREVIEW_INTERRUPTED', 0, 0]));
    expect(new Set(messages.map((m) => m?.failure?.message)).size).toBe(3);
    expect(messages[0]?.failure?.message).toMatch(/uudelleen/);

    const interrupted = await read(half.id, 'en');
    expect(interrupted).toMatchObject({ status: 'PREVIEWED', failure: { code: 'COMMIT_INTERRUPTED' }, totals: { registered: 1, willRegister: 1 } });
    const finished = await commit(sut(), as.provider(), half.id);
    expect(finished).toMatchObject({ status: 'COMMITTED', failure: null, totals: { registered: 2, duplicates: 0 } });
    expect(await usesOf([a, b])).toBe(2);

    expect((await sql<{ status: string }>(sut(), 'select status from usage.usage_import where id = ?', [live.id]))[0]?.status).toBe('PREVIEWING');
    // Once that process is no longer seen either, its import is recovered too — by one sweeper only.
    await unseen(live.id, 'PREVIEWING');
    const sweeps = await Promise.all([recoverImports(sut().orm.em, 30_000), recoverImports(sut().orm.em, 30_000)]);
    expect(sweeps.flatMap((s) => s.failedPreviews).filter((id) => id === live.id)).toEqual([live.id]);
  });
});
