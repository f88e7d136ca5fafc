import type { Field } from './columns.js';

/** Limits a file is read within (STYLE: parsed once in config; defaults in import.model.ts). */
export interface ParseLimits {
  maxFileBytes: number;
  maxRows: number;
  /** Sum of an xlsx's declared uncompressed entry sizes. */
  maxDecompressedBytes: number;
  /** Uncompressed ÷ compressed size of any large entry (a zip bomb's signature). */
  maxCompressionRatio: number;
  maxCellChars: number;
}

/** Why one row cannot be read, before any registration rule is asked (those use the registration codes). */
export type RowProblem = 'INVALID_DATE' | 'INVALID_TIME' | 'INVALID_CHILD_TICKETS' | 'MISSING_EVENT_NAME' | 'CELL_TOO_LONG';

/** Why a whole file is refused. */
export type FileProblem =
  | 'FILE_TOO_LARGE'
  | 'TOO_MANY_ROWS'
  | 'DECOMPRESSED_TOO_LARGE'
  | 'NO_HEADER_ROW'
  | 'UNREADABLE_FILE'
  | 'PARSE_TIMEOUT'
  | 'EMPTY_FILE';

/** One data row of the report, as given (`cells`, for the error report) and as read. */
export interface ParsedRow {
  /** The row's number in its sheet (xlsx) or record number (csv), 1-based, header included. */
  line: number;
  cells: Record<Field, string>;
  eventDate: string | null;
  eventTime: string | null;
  childTickets: number | null;
  problems: RowProblem[];
}

export interface ParsedReport {
  ok: true;
  format: 'XLSX' | 'CSV';
  sheet: string | null;
  /** CSV only: how the bytes were read. */
  encoding: 'UTF-8' | 'UTF-16LE' | 'WINDOWS-1252' | null;
  delimiter: string | null;
  /** Which recognised columns the file has. */
  columns: Field[];
  rows: ParsedRow[];
  /** Empty rows and notes (a single text cell) passed over. */
  ignoredRows: number;
  /** Rows such as `Yhteensä`, `Totalt`, `Total` passed over. */
  totalRows: number;
}

export type ParseResult = ParsedReport | { ok: false; problem: FileProblem; detail?: string };

/** Thrown inside the readers; the worker answers it as a refused file. (No parameter properties: the worker runs this file with type stripping.) */
export class ParseFailure extends Error {
  readonly problem: FileProblem;

  constructor(problem: FileProblem, detail?: string) {
    super(detail ?? problem);
    this.problem = problem;
  }
}
