import type { Identity, SubgraphApp } from '@kaikukanta/kit';
import { gql, type Result } from './registration.support.js';

export const IMPORT_FIELDS =
  'id status fileName format sheet failure { code message } provider { id } committedAt totals { rows ignoredRows totalRows willRegister registered duplicates refused adultTickets childTickets }';
export const ROW_FIELDS = 'line cardCode eventName eventDate childTickets orderReference outcome previewOutcome eventId usageId problems { code field message }';
export const PREVIEW = `mutation ($input: PreviewUsageImportInput!) { previewUsageImport(input: $input) { ${IMPORT_FIELDS} } }`;
export const COMMIT = `mutation ($id: ID!) { commitUsageImport(importId: $id) { ${IMPORT_FIELDS} } }`;
export const GET = `query ($id: ID!, $changedOnly: Boolean) { usageImport(id: $id) { ${IMPORT_FIELDS} rows(limit: 1000, changedOnly: $changedOnly) { ${ROW_FIELDS} } } }`;

export interface ImportRowData {
  line: number;
  cardCode: string;
  eventName: string;
  outcome: string;
  previewOutcome: string;
  eventId: string | null;
  usageId: string | null;
  problems: { code: string; field: string; message: string }[];
}
export interface ImportData {
  id: string;
  status: string;
  failure: { code: string; message: string } | null;
  totals: { rows: number; ignoredRows: number; totalRows: number; willRegister: number; registered: number; duplicates: number; refused: number; adultTickets: number; childTickets: number };
  rows?: ImportRowData[];
}

/** A CSV report in the Finnish template's columns (semicolons, as Excel on a Finnish Windows writes it). */
export function csv(rows: readonly (readonly (string | number)[])[], header = ['Korttikoodi', 'Tapahtuman nimi', 'Tapahtuman päivä', 'Kellonaika', 'Lasten liput', 'Tapahtuman tunniste', 'Tilausnumero']): string {
  return Buffer.from([header, ...rows].map((row) => row.join(';')).join('\r\n')).toString('base64');
}

function data<T>(res: Result<Record<string, T>>, field: string): T {
  if (res.errors) throw new Error(`${field}: ${JSON.stringify(res.errors)}`);
  return res.data?.[field] as T;
}

/** The import once its background work has settled (the mutation answers within IMPORT_ANSWER_WITHIN_MS). */
export async function settled(app: SubgraphApp, identity: Identity, id: string, changedOnly = false): Promise<ImportData> {
  for (let i = 0; i < 600; i++) {
    const current = data<ImportData>(await gql(app, identity, GET, { id, changedOnly }), 'usageImport');
    if (current.status !== 'PREVIEWING' && current.status !== 'COMMITTING') return current;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('import did not settle');
}

export async function preview(app: SubgraphApp, identity: Identity, contentBase64: string, extra: Record<string, unknown> = {}, locale = 'en'): Promise<ImportData> {
  const started = data<ImportData>(await gql(app, identity, PREVIEW, { input: { fileName: 'raportti.csv', contentBase64, ...extra } }, locale), 'previewUsageImport');
  return settled(app, identity, started.id);
}

export async function commit(app: SubgraphApp, identity: Identity, id: string): Promise<ImportData> {
  data<ImportData>(await gql(app, identity, COMMIT, { id }), 'commitUsageImport');
  return settled(app, identity, id);
}

export const outcomes = (imp: ImportData) => (imp.rows ?? []).map((row) => [row.outcome, ...row.problems.map((p) => p.code)].join(' '));
