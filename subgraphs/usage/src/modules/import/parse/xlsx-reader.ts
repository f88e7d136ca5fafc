import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { RawCell } from './cell-values.js';
import type { ParseLimits, ParsedReport } from './parse-result.js';
import { readSheets, type RowSink, type SheetSource } from './sheet-rows.js';
import { guardZip } from './zip-guard.js';

/**
 * xlsx as Excel and LibreOffice write it, streamed by exceljs's WorkbookReader (rows as they are inflated, never
 * the whole workbook): real date cells come back as dates (styles cached for their number formats), a formula
 * cell gives its cached result and is never evaluated, a merged title row is an ordinary row with one value.
 */
export async function readXlsx(bytes: Uint8Array, limits: ParseLimits, sink?: RowSink): Promise<ParsedReport> {
  await guardZip(bytes, limits);
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(Readable.from([Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)]), {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const read = await readSheets(sheetsOf(reader), limits, sink);
  return { ...read, format: 'XLSX', encoding: null, delimiter: null };
}

async function* sheetsOf(reader: ExcelJS.stream.xlsx.WorkbookReader): AsyncGenerator<SheetSource> {
  for await (const worksheet of reader) {
    const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name?: string; id?: number };
    yield { name: sheet.name ?? null, rows: rowsOf(sheet) };
  }
}

async function* rowsOf(sheet: AsyncIterable<ExcelJS.Row>): AsyncGenerator<{ number: number; cells: RawCell[] }> {
  for await (const row of sheet) {
    // row.values is 1-based and sparse.
    const values = row.values as unknown[];
    const cells: RawCell[] = [];
    for (let i = 1; i < values.length; i++) cells.push(rawOf(values[i]));
    yield { number: row.number, cells };
  }
}

/** An exceljs cell value as a plain one: a formula's cached result, rich text joined, a link's text, an error's name. */
export function rawOf(value: unknown): RawCell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if (typeof value !== 'object') return null;
  const v = value as Record<string, unknown>;
  if ('formula' in v || 'sharedFormula' in v) return 'result' in v ? rawOf(v.result) : null;
  if (Array.isArray(v.richText)) return (v.richText as { text?: string }[]).map((part) => part.text ?? '').join('');
  if ('text' in v) return rawOf(v.text);
  if ('error' in v) return String(v.error);
  return null;
}
