import { FIELDS, isTotalMarker, recogniseHeader, type Field } from './columns.js';
import { cellText, readCount, readDate, readTime, type RawCell } from './cell-values.js';
import { ParseFailure, type ParseLimits, type ParsedReport, type ParsedRow, type RowProblem } from './parse-result.js';

/** A sheet as a reader yields it: rows of raw cells, numbered as the user sees them. */
export interface SheetSource {
  name: string | null;
  rows: AsyncIterable<{ number: number; cells: RawCell[] }> | Iterable<{ number: number; cells: RawCell[] }>;
}

/**
 * Takes the rows read so far, `ROW_CHUNK` at a time, once the header is found (the parse worker posts them back as
 * it reads, so no process ever holds a whole report's rows); without one, the rows come back in the result.
 */
export type RowSink = (rows: ParsedRow[]) => Promise<void>;
export const ROW_CHUNK = 2_000;

/** Where the header row is looked for: below merged title rows and notes, never further. */
const HEADER_SEARCH_ROWS = 30;

/** A code-looking single cell (letters, digits, spaces, hyphens, Code 39 `*`) is a row missing its other cells; other lone text is a note. */
const CODE_LIKE = /^[\sA-Za-z0-9*\u002D\u2010-\u2014\u2212]+$/;

/** The first sheet whose header row is recognised, read row by row; later sheets are not read. */
export async function readSheets(sheets: AsyncIterable<SheetSource> | Iterable<SheetSource>, limits: ParseLimits, sink?: RowSink): Promise<Omit<ParsedReport, 'format' | 'encoding' | 'delimiter'>> {
  for await (const sheet of sheets) {
    const read = await readSheet(sheet, limits, sink);
    if (read) return read;
  }
  throw new ParseFailure('NO_HEADER_ROW');
}

async function readSheet(sheet: SheetSource, limits: ParseLimits, sink?: RowSink): Promise<Omit<ParsedReport, 'format' | 'encoding' | 'delimiter'> | null> {
  let columns: Partial<Record<Field, number>> | null = null;
  let seen = 0;
  let rows: ParsedRow[] = [];
  let count = 0;
  let ignoredRows = 0;
  let totalRows = 0;
  for await (const row of sheet.rows) {
    if (!columns) {
      seen += 1;
      // Past the search window the sheet is drained, not read: the reader must reach the next sheet.
      if (seen <= HEADER_SEARCH_ROWS) columns = recogniseHeader(row.cells.map((cell) => cellText(cell)));
      continue;
    }
    if (row.cells.some((cell) => typeof cell === 'string' && isTotalMarker(cell))) {
      totalRows += 1;
      continue;
    }
    const parsed = readRow(row.number, row.cells, columns, limits);
    if (!parsed) {
      ignoredRows += 1;
      continue;
    }
    if (count >= limits.maxRows) throw new ParseFailure('TOO_MANY_ROWS', String(limits.maxRows));
    count += 1;
    rows.push(parsed);
    if (sink && rows.length >= ROW_CHUNK) {
      const chunk = rows;
      rows = [];
      await sink(chunk);
    }
  }
  if (!columns) return null;
  if (sink && rows.length) {
    await sink(rows);
    rows = [];
  }
  const present = FIELDS.filter((field) => columns[field] !== undefined);
  return { ok: true, sheet: sheet.name, columns: present, rows, ignoredRows, totalRows };
}

/** One data row; null for an empty row or a note. */
function readRow(line: number, cells: readonly RawCell[], columns: Partial<Record<Field, number>>, limits: ParseLimits): ParsedRow | null {
  const raw = (field: Field): RawCell => {
    const index = columns[field];
    return index === undefined ? null : (cells[index] ?? null);
  };
  const problems: RowProblem[] = [];
  const texts = {} as Record<Field, string>;
  for (const field of FIELDS) {
    let text = asData(cellText(raw(field)));
    if (text.length > limits.maxCellChars) {
      text = text.slice(0, limits.maxCellChars);
      if (!problems.includes('CELL_TOO_LONG')) problems.push('CELL_TOO_LONG');
    }
    texts[field] = text;
  }
  const filled = FIELDS.filter((field) => texts[field] !== '');
  if (filled.length === 0) return null;
  if (filled.length === 1 && (filled[0] !== 'cardCode' || !CODE_LIKE.test(texts.cardCode))) return null;

  const dateCell = raw('eventDate');
  const date = readDate(typeof dateCell === 'string' ? asData(dateCell) : dateCell);
  if (!date) problems.push('INVALID_DATE');
  let time = date?.time ?? null;
  if (texts.eventTime !== '') {
    const read = readTime(raw('eventTime'));
    if (read === undefined) problems.push('INVALID_TIME');
    else time = read;
  }
  const childCell = raw('childTickets');
  const childTickets = readCount(typeof childCell === 'string' ? asData(childCell) : childCell);
  if (childTickets === null) problems.push('INVALID_CHILD_TICKETS');
  if (texts.eventName === '' && texts.eventReference === '') problems.push('MISSING_EVENT_NAME');
  return { line, cells: texts, eventDate: date?.date ?? null, eventTime: time, childTickets, problems };
}

/**
 * The error report writes formula-like text with a leading apostrophe (`'=1+1`) so no spreadsheet evaluates it; a
 * re-imported cell drops that apostrophe again. Nothing read is ever evaluated.
 */
function asData(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
