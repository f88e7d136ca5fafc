import { readCsv } from './csv-reader.js';
import { ParseFailure, type ParseLimits, type ParseResult } from './parse-result.js';
import type { RowSink } from './sheet-rows.js';
import { readXlsx } from './xlsx-reader.js';

/** Any zip (xlsx, and also an .ods or .docx, refused later for want of a header row) starts with a local file header. */
const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/**
 * A sales report from its bytes, whatever the file's name says: xlsx by its zip signature, otherwise CSV. With a
 * `sink`, the rows go there in chunks as they are read and the result's `rows` is empty.
 */
export async function parseReport(bytes: Uint8Array, limits: ParseLimits, sink?: RowSink): Promise<ParseResult> {
  try {
    if (bytes.byteLength > limits.maxFileBytes) throw new ParseFailure('FILE_TOO_LARGE', String(limits.maxFileBytes));
    if (bytes.byteLength === 0) throw new ParseFailure('EMPTY_FILE');
    // The old binary .xls (an OLE compound file) is not read: it is asked to be saved as xlsx or CSV.
    if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) throw new ParseFailure('UNREADABLE_FILE', 'xls');
    return isZip(bytes) ? await readXlsx(bytes, limits, sink) : await readCsv(bytes, limits, sink);
  } catch (error) {
    if (error instanceof ParseFailure) return { ok: false, problem: error.problem, detail: error.message };
    return { ok: false, problem: 'UNREADABLE_FILE', detail: error instanceof Error ? error.message : String(error) };
  }
}
