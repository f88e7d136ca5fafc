import { PassThrough } from 'node:stream';
import type ExcelJS from 'exceljs';
import Papa from 'papaparse';
import type { Locale } from '@kaikukanta/kit';
import { FIELDS, TEMPLATE_HEADERS, type Field } from './parse/columns.js';
import type { FileFormat } from './import.model.js';

export interface SheetFile {
  fileName: string;
  mediaType: string;
  bytes: Buffer;
}

const MEDIA_TYPES: Record<FileFormat, string> = {
  XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  CSV: 'text/csv; charset=utf-8',
};

/** Excel in Finnish and Swedish settings splits CSV on semicolons, in English on commas. */
const CSV_DELIMITER: Record<Locale, string> = { fi: ';', sv: ';', en: ',' };
const NUMBER_FORMATS: Partial<Record<Field, string>> = { cardCode: '@', eventDate: 'd.m.yyyy', eventTime: 'hh:mm', childTickets: '0', eventReference: '@', orderReference: '@' };

/**
 * A sheet in the template's columns, as CSV (UTF-8 with BOM, so Excel reads ä and å) or xlsx. Every value is
 * written as text: formula-like text (`=`, `+`, `-`, `@`, tab, CR first) gets a leading apostrophe in CSV — no
 * spreadsheet evaluates it, and the import drops the apostrophe again — and is a plain string cell in xlsx.
 */
export async function writeSheet(format: FileFormat, language: Locale, baseName: string, extraHeaders: string[], rows: readonly string[][], instructions: readonly string[] = []): Promise<SheetFile> {
  const headers = [...FIELDS.map((field) => TEMPLATE_HEADERS[language][field]), ...extraHeaders];
  const fileName = `${baseName}.${format.toLowerCase()}`;
  if (format === 'CSV') {
    const text = Papa.unparse({ fields: headers, data: rows as string[][] }, { delimiter: CSV_DELIMITER[language], escapeFormulae: true, newline: '\r\n' });
    return { fileName, mediaType: MEDIA_TYPES.CSV, bytes: Buffer.from(`\uFEFF${text}\r\n`, 'utf8') };
  }
  const sink = new PassThrough();
  const chunks: Buffer[] = [];
  sink.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve, reject) => {
    sink.on('end', resolve);
    sink.on('error', reject);
  });
  // Streamed: an error report of 100 000 rows is written row by row, never held as a workbook model.
  const workbook = new (await exceljs()).stream.xlsx.WorkbookWriter({ stream: sink, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet(baseName.slice(0, 31));
  sheet.columns = headers.map((header, i) => {
    const field = FIELDS[i];
    return { header, width: Math.max(14, header.length + 2), style: field && NUMBER_FORMATS[field] ? { numFmt: NUMBER_FORMATS[field] } : {} };
  });
  sheet.getRow(1).font = { bold: true };
  sheet.getRow(1).commit();
  for (const row of rows) sheet.addRow(row).commit();
  sheet.commit();
  if (instructions.length) {
    const help = workbook.addWorksheet(INSTRUCTIONS_SHEET[language]);
    help.getColumn(1).width = 100;
    for (const line of instructions) help.addRow([line]).commit();
    help.commit();
  }
  await workbook.commit();
  await done;
  return { fileName, mediaType: MEDIA_TYPES.XLSX, bytes: Buffer.concat(chunks) };
}

const INSTRUCTIONS_SHEET: Record<Locale, string> = { fi: 'Ohje', sv: 'Anvisning', en: 'Instructions' };

/** The template's instructions, on a sheet after the rows (only the first sheet with the headers is read). */
export const TEMPLATE_INSTRUCTIONS: Record<Locale, string[]> = {
  fi: [
    'Kaikukortin käyttökerrat lipunvälittäjän myyntiraportista – yksi rivi on yksi lipun hankinta.',
    'Aikuisen lippu sisältyy jokaiseen riviin; Lasten liput -sarakkeeseen merkitään vain lasten liput (tyhjä = 0).',
    'Päivämäärä muodossa 3.2.2026 tai 2026-02-03. Kellonaika (esim. 19:00) tarvitaan, jos samana päivänä on useita samannimisiä esityksiä.',
    'Tapahtuman tunniste: Kaikukannan tapahtuman tunniste, jos se on tiedossa. Tilausnumero estää saman myynnin kirjaamisen kahdesti.',
    'Sarakkeiden järjestyksellä ei ole väliä. Tyhjät rivit ja Yhteensä-rivit ohitetaan.',
  ],
  sv: [
    'Användningar av Kaikukortti från en biljettförmedlares försäljningsrapport – en rad är en biljettanskaffning.',
    'En vuxenbiljett ingår i varje rad; i kolumnen Barnbiljetter anges endast barnbiljetter (tom = 0).',
    'Datum i formen 3.2.2026 eller 2026-02-03. Klockslag (t.ex. 19:00) behövs om det finns flera föreställningar med samma namn samma dag.',
    'Evenemangets id: evenemangets id i Kaikukanta om det är känt. Ordernumret hindrar att samma försäljning registreras två gånger.',
    'Kolumnernas ordning spelar ingen roll. Tomma rader och Totalt-rader hoppas över.',
  ],
  en: [
    'Kaikukortti uses from a ticket agency’s sales report – one row is one ticket acquisition.',
    'Each row includes one adult ticket; the Child tickets column holds child tickets only (empty = 0).',
    'Dates as 3.2.2026 or 2026-02-03. A time (e.g. 19:00) is needed when several performances of one name fall on one day.',
    'Event reference: the event’s id in Kaikukanta when known. The order reference keeps one sale from being registered twice.',
    'Columns may come in any order. Empty rows and Total rows are skipped.',
  ],
};

/**
 * exceljs, loaded when the first spreadsheet is written: importing it costs ~0.5 s of CPU, which every start of the
 * service paid (each test system too) though most never write one.
 */
let loading: Promise<typeof ExcelJS> | undefined;
function exceljs(): Promise<typeof ExcelJS> {
  return (loading ??= import('exceljs').then((module) => module.default));
}
