import Papa from 'papaparse';
import { recogniseHeader } from './columns.js';
import type { ParseLimits, ParsedReport } from './parse-result.js';
import { readSheets, type RowSink } from './sheet-rows.js';

type Encoding = NonNullable<ParsedReport['encoding']>;

/**
 * CSV as spreadsheets and ticketing systems write it: UTF-8 with or without BOM, UTF-16 (Excel's "Unicode text"),
 * or Windows-1252 (Excel's "CSV" on a Finnish Windows) — UTF-8 is tried strictly first, since Windows-1252 decodes
 * any bytes; comma, semicolon or tab separated, the separator chosen by which one makes a header row readable.
 */
export function decodeText(bytes: Uint8Array): { text: string; encoding: Encoding } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'UTF-8' };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'UTF-16LE' };
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'UTF-8' };
  } catch {
    // Node's TextDecoder knows windows-1252 (WHATWG encodings): no iconv-lite needed.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'WINDOWS-1252' };
  }
}

const DELIMITERS = [';', ',', '\t'] as const;

function chooseDelimiter(text: string): string {
  for (const delimiter of DELIMITERS) {
    const head = Papa.parse<string[]>(text, { delimiter, preview: 30, skipEmptyLines: false });
    if (head.data.some((row) => recogniseHeader(row))) return delimiter;
  }
  // No header under any: Papa's own guess, and the sheet reader reports NO_HEADER_ROW.
  return Papa.parse<string[]>(text, { preview: 30, delimitersToGuess: [...DELIMITERS] }).meta.delimiter || ';';
}

export async function readCsv(bytes: Uint8Array, limits: ParseLimits, sink?: RowSink): Promise<ParsedReport> {
  const { text, encoding } = decodeText(bytes);
  const delimiter = chooseDelimiter(text);
  const { data } = Papa.parse<string[]>(text, { delimiter, skipEmptyLines: false });
  const rows = data.map((cells, i) => ({ number: i + 1, cells }));
  const read = await readSheets([{ name: null, rows }], limits, sink);
  return { ...read, format: 'CSV', encoding, delimiter };
}
