import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import { addDays, DEMO, todayInFinland } from '@kaikukanta/kit';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { gatewayRequest, startE2ESystem, type E2ESystem } from './support.ts';

/**
 * Sales-report imports through the real gateway (R17): Lippupalvelu's clerk downloads the template, fills it in
 * Excel for TTT (a client), previews, commits, imports the same file again (nothing twice), downloads the error
 * report; its partner key does the same by API; a file beyond the body limit is refused by the gateway itself.
 */
const O = DEMO.organizations;
let sut: E2ESystem;
let db: pg.Client;
let clerk: Record<string, string>;
const partner = { authorization: `Bearer ${DEMO.apiKey}` };

const gql = <T = Record<string, unknown>>(query: string, variables: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  gatewayRequest<T>(sut.graphqlUrl, query, variables, { 'accept-language': 'fi', ...headers });

const IMPORT = 'id status failure { code } totals { rows willRegister registered duplicates refused adultTickets childTickets } rows(limit: 50) { line outcome problems { code message } }';
type Import = { id: string; status: string; failure: { code: string } | null; totals: Record<string, number>; rows: { line: number; outcome: string; problems: { code: string; message: string }[] }[] };

async function settle(id: string, headers: Record<string, string>): Promise<Import> {
  for (let i = 0; i < 300; i++) {
    const res = await gql<{ usageImport: Import }>(`query ($id: ID!) { usageImport(id: $id) { ${IMPORT} } }`, { id }, headers);
    expect(res.errors).toBeUndefined();
    const current = res.data?.usageImport as Import;
    if (current.status !== 'PREVIEWING' && current.status !== 'COMMITTING') return current;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('import did not settle');
}

async function previewAndCommit(file: Buffer, headers: Record<string, string>): Promise<{ previewed: Import; committed: Import }> {
  const res = await gql<{ previewUsageImport: { id: string } }>(
    'mutation ($input: PreviewUsageImportInput!) { previewUsageImport(input: $input) { id } }',
    { input: { fileName: 'myynti.xlsx', contentBase64: file.toString('base64'), providerId: O.tampereTheatre } },
    headers,
  );
  expect(res.errors).toBeUndefined();
  const id = res.data?.previewUsageImport.id as string;
  const previewed = await settle(id, headers);
  expect((await gql('mutation ($id: ID!) { commitUsageImport(importId: $id) { id } }', { id }, headers)).errors).toBeUndefined();
  return { previewed, committed: await settle(id, headers) };
}

let serial = 0;
async function card(): Promise<string> {
  serial += 1;
  const code = `E2EI${String(process.pid % 1000).padStart(3, '0')}${String(serial).padStart(4, '0')}`;
  await db.query(
    `insert into cards.card (id, code, kind, distributor_id, region_id, granted_on, valid_until, state, child_ticket_limit, created_at, updated_at)
     values ($1, $2, 'PERSONAL', $3, $4, $5, $6, 'ACTIVE', 2, now(), now())`,
    [randomUUID(), code, O.tampereSocial, DEMO.regions.pirkanmaa, addDays(todayInFinland(), -30), addDays(todayInFinland(), 300)],
  );
  return code;
}

beforeAll(async () => {
  sut = await startE2ESystem(inject('pgAdminUrl'));
  db = new pg.Client({ connectionString: sut.db.url });
  await db.connect();
  const res = await gql('mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { activeMembership { role } } }', { e: 'lipunvalitys@kaikukanta.demo', p: DEMO.password });
  expect(res.errors).toBeUndefined();
  clerk = { cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
});

afterAll(async () => {
  await db?.end();
  await sut?.teardown();
});

describe('R17: a ticket agency’s sales report through the gateway', () => {
  it('template → filled in → preview → commit → the same file again registers nothing → error report in Finnish', async () => {
    const template = await gql<{ usageImportTemplate: { fileName: string; contentBase64: string } }>('query { usageImportTemplate(format: XLSX) { fileName contentBase64 } }', {}, clerk);
    expect(template.data?.usageImportTemplate.fileName).toBe('kaikukortti-myyntiraportti.xlsx');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(Buffer.from(template.data?.usageImportTemplate.contentBase64 ?? '', 'base64') as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0] as ExcelJS.Worksheet;
    const day = addDays(todayInFinland(), 5);
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    const codes = [await card(), await card()];
    sheet.addRow([codes[0], 'Myyntiraportin näytös', new Date(Date.UTC(y, m - 1, d)), '19:00', 1, '', 'LP-1001']);
    sheet.addRow([` ${codes[1]?.toLowerCase()} `, 'Myyntiraportin näytös', `${d}.${m}.${y}`, '', { formula: '1-1', result: 0 }, '', '']);
    sheet.addRow(['XX00000001', 'Myyntiraportin näytös', day, '', 0, '', '']);
    sheet.addRow(['Yhteensä', '', '', '', 1, '', '']);
    const file = Buffer.from(await workbook.xlsx.writeBuffer());

    const first = await previewAndCommit(file, clerk);
    expect(first.previewed).toMatchObject({ status: 'PREVIEWED', totals: { rows: 3, willRegister: 2, refused: 1, adultTickets: 2, childTickets: 1 } });
    expect(first.committed).toMatchObject({ status: 'COMMITTED', totals: { registered: 2, refused: 1 } });
    expect(first.committed.rows.find((r) => r.outcome === 'REFUSED')?.problems[0]).toMatchObject({ code: 'CARD_NOT_REGISTERED', message: expect.stringContaining('Korttia ei ole rekisteröity') });

    // The partner system imports the same report: every row a duplicate, nothing registered twice.
    const again = await previewAndCommit(file, partner);
    expect(again.committed.totals).toMatchObject({ registered: 0, duplicates: 2, refused: 1 });
    const { rows } = await db.query('select count(*)::int as n from usage.usage where card_code = any($1)', [codes]);
    expect(rows[0].n).toBe(2);

    const report = await gql<{ usageImportErrorReport: { contentBase64: string } }>('query ($id: ID!) { usageImportErrorReport(importId: $id, format: CSV) { contentBase64 } }', { id: first.committed.id }, clerk);
    const text = Buffer.from(report.data?.usageImportErrorReport.contentBase64 ?? '', 'base64').toString('utf8');
    expect(text).toContain('Korttikoodi;Tapahtuman nimi');
    expect(text).toContain('XX00000001');
    expect(text).toContain('Korttia ei ole rekisteröity');

    const history = await gql<{ usageImports: { id: string }[] }>('query { usageImports { id } }', {}, clerk);
    expect(history.data?.usageImports.map((i) => i.id)).toEqual(expect.arrayContaining([first.committed.id, again.committed.id]));
  });

  it('a file over the gateway’s body limit is refused before it reaches the usage subgraph; a file over the import limit ends FAILED', async () => {
    const huge = await gql('mutation ($input: PreviewUsageImportInput!) { previewUsageImport(input: $input) { id } }', { input: { fileName: 'x.csv', contentBase64: 'A'.repeat(3 * 1024 * 1024) } }, clerk);
    expect(huge.status).toBe(413);
    const large = await gql<{ previewUsageImport: { status: string; failure: { code: string } } }>(
      'mutation ($input: PreviewUsageImportInput!) { previewUsageImport(input: $input) { status failure { code } } }',
      { input: { fileName: 'x.csv', contentBase64: Buffer.alloc(1_500_000, 'a').toString('base64').slice(0, 1_990_000), providerId: O.tampereTheatre } },
      clerk,
    );
    expect(large.data?.previewUsageImport).toMatchObject({ status: 'FAILED', failure: { code: 'FILE_TOO_LARGE' } });
  });
});
