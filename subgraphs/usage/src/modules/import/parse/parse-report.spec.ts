import { crc32, deflateRawSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { ParseLimits, ParseResult, ParsedReport } from './parse-result.js';
import { parseReport } from './parse-report.js';
import { parseInWorker } from './parser-pool.js';

const LIMITS: ParseLimits = { maxFileBytes: 4 * 1024 * 1024, maxRows: 1_000, maxDecompressedBytes: 32 * 1024 * 1024, maxCompressionRatio: 200, maxCellChars: 500 };

const sut = (bytes: Uint8Array, limits: Partial<ParseLimits> = {}) => parseReport(bytes, { ...LIMITS, ...limits });

function report(result: ParseResult): ParsedReport {
  if (!result.ok) throw new Error(`refused: ${result.problem} ${result.detail ?? ''}`);
  return result;
}

const utc = (y: number, m: number, d: number, h = 0, min = 0) => new Date(Date.UTC(y, m - 1, d, h, min));

async function xlsx(build: (workbook: ExcelJS.Workbook) => void): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** A zip of one stored-or-deflated entry whose central directory says what `declared` says (a bomb's lie or its truth). */
function zip(name: string, data: Buffer, declared = data.length): Buffer {
  const compressed = deflateRawSync(data);
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(20, 4);
  local.writeUInt16LE(8, 8);
  local.writeUInt32LE(crc32(data), 14);
  local.writeUInt32LE(compressed.length, 18);
  local.writeUInt32LE(declared, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(20, 4);
  central.writeUInt16LE(20, 6);
  central.writeUInt16LE(8, 10);
  central.writeUInt32LE(crc32(data), 16);
  central.writeUInt32LE(compressed.length, 20);
  central.writeUInt32LE(declared, 24);
  central.writeUInt16LE(fileName.length, 28);
  const localPart = Buffer.concat([local, fileName, compressed]);
  const centralPart = Buffer.concat([central, fileName]);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(centralPart.length, 12);
  end.writeUInt32LE(localPart.length, 16);
  return Buffer.concat([localPart, centralPart, end]);
}

describe('R17: sales reports as xlsx (Excel, LibreOffice)', () => {
  it('reads the first sheet with recognised headers under a merged title row: date cells, formula results, codes as typed; skips totals and notes', async () => {
    const bytes = await xlsx((workbook) => {
      workbook.addWorksheet('Yhteenveto').addRow(['Myynti yhteensä', 12]);
      const sheet = workbook.addWorksheet('Myynti');
      sheet.addRow(['Lippupalvelu – myyntiraportti helmikuu 2026']);
      sheet.mergeCells('A1:F1');
      sheet.addRow([]);
      // Swedish headers in another order than the template's.
      sheet.addRow(['Barnbiljetter', 'Evenemangets namn', 'Kortkod', 'Evenemangets datum', 'Klockslag', 'Ordernummer']);
      sheet.addRow([{ formula: 'B9+1', result: 2 }, 'Hamlet', ' a123 4567 ', utc(2026, 2, 3), '19:00', 'ORD-1']);
      const dated = sheet.addRow([0, 'Hamlet', '*B2345*', utc(2026, 2, 4, 18, 30), null, null]);
      dated.getCell(4).numFmt = 'd.m.yyyy h:mm';
      sheet.addRow([1, '=cmd|calc', 'c-345-6', '2026-02-05', null, null]);
      sheet.addRow([]);
      sheet.addRow([3, null, 'Totalt', null, null, null]);
      sheet.addRow([null, null, 'Raportti luotu 6.2.2026 klo 8.00', null, null, null]);
      workbook.addWorksheet('Toinen').addRow(['Korttikoodi', 'Tapahtuman nimi', 'Tapahtuman päivä']);
    });
    const read = report(await sut(bytes));
    // The empty row is not written to the sheet at all; the note is passed over.
    expect(read).toMatchObject({ format: 'XLSX', sheet: 'Myynti', ignoredRows: 1, totalRows: 1 });
    expect(read.rows.map((r) => [r.line, r.cells.cardCode, r.eventDate, r.eventTime, r.childTickets, r.cells.orderReference, r.problems])).toEqual([
      [4, 'a123 4567', '2026-02-03', '19:00', 2, 'ORD-1', []],
      [5, '*B2345*', '2026-02-04', '18:30', 0, '', []],
      [6, 'c-345-6', '2026-02-05', null, 1, '', []],
    ]);
    // Formula-like text is data, kept verbatim and never evaluated.
    expect(read.rows[2]?.cells.eventName).toBe('=cmd|calc');
  });

  it('reads spreadsheet serial dates and time cells', async () => {
    const bytes = await xlsx((workbook) => {
      const sheet = workbook.addWorksheet('S');
      sheet.addRow(['Card code', 'Event name', 'Event date', 'Time', 'Child tickets']);
      sheet.addRow(['A1234', 'Show', 46056, utc(1899, 12, 30, 19, 0), 1]);
      sheet.addRow(['A1235', 'Show', '46056', 0.5, '2']);
    });
    const read = report(await sut(bytes));
    expect(read.rows.map((r) => [r.eventDate, r.eventTime, r.childTickets])).toEqual([
      ['2026-02-03', '19:00', 1],
      ['2026-02-03', '12:00', 2],
    ]);
  });

  it('refuses a zip bomb from its central directory before inflating anything', async () => {
    // 16 MiB of zeros deflates to ~16 KiB: a ratio of ~1000.
    const bomb = zip('xl/worksheets/sheet1.xml', Buffer.alloc(16 * 1024 * 1024));
    const started = performance.now();
    expect(await sut(bomb)).toMatchObject({ ok: false, problem: 'DECOMPRESSED_TOO_LARGE' });
    // A lie about the size is refused just as well: 4 GiB declared.
    expect(await sut(zip('xl/worksheets/sheet1.xml', Buffer.from('<x/>'), 0xffff_fff0))).toMatchObject({ ok: false, problem: 'DECOMPRESSED_TOO_LARGE' });
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('refuses a zip that is not a workbook, and an old binary .xls', async () => {
    expect(await sut(zip('hello.txt', Buffer.from('hello')))).toMatchObject({ ok: false });
    expect(await sut(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]))).toMatchObject({ ok: false, problem: 'UNREADABLE_FILE' });
  });
});

describe('R17: sales reports as CSV', () => {
  it('UTF-8 with BOM, comma separated, English headers', async () => {
    const read = report(await sut(Buffer.from('\uFEFFCard code,Event name,Event date,Child tickets\r\nA1234,"Hamlet, the play",3.2.2026,1\r\n', 'utf8')));
    expect(read).toMatchObject({ encoding: 'UTF-8', delimiter: ',' });
    expect(read.rows[0]).toMatchObject({ cells: { cardCode: 'A1234', eventName: 'Hamlet, the play' }, eventDate: '2026-02-03', childTickets: 1 });
  });

  it('Windows-1252, semicolon separated, Finnish headers (Excel on a Finnish Windows)', async () => {
    const text = 'Korttikoodi;Tapahtuman nimi;Tapahtuman päivä;Lasten liput\r\nA1234;Äänten yö;03.02.2026;\r\n';
    const read = report(await sut(Buffer.from(text, 'latin1')));
    expect(read).toMatchObject({ encoding: 'WINDOWS-1252', delimiter: ';' });
    expect(read.rows[0]).toMatchObject({ cells: { eventName: 'Äänten yö' }, eventDate: '2026-02-03', childTickets: 0 });
  });

  it('UTF-8 without BOM and UTF-16 (Excel’s Unicode text, tab separated)', async () => {
    expect(report(await sut(Buffer.from('Kortkod;Evenemang;Datum\nA1234;Å;2026-02-03\n', 'utf8'))).rows[0]?.cells.eventName).toBe('Å');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Card code\tEvent name\tEvent date\r\nA1234\tÖ\t3.2.2026\r\n', 'utf16le')]);
    expect(report(await sut(utf16))).toMatchObject({ encoding: 'UTF-16LE', rows: [{ cells: { eventName: 'Ö' } }] });
  });

  it('dates as 3.2.2026, 03.02.2026, 2026-02-03 and serial numbers; each unreadable cell refuses its row with its reason', async () => {
    const rows = [
      'Korttikoodi;Tapahtuma;Päivämäärä;Kellonaika;Lasten liput',
      'A1001;X;3.2.2026;;0',
      'A1002;X;03.02.2026 19.00;;0',
      'A1003;X;2026-02-03;klo 19;0',
      'A1004;X;46056;;0',
      'A1005;X;31.2.2026;;0',
      'A1006;X;3.2.2026;25:00;0',
      'A1007;X;3.2.2026;;-1',
      'A1008;X;3.2.2026;;kaksi',
      'A1009;X;3.2.2026;;1.5',
      'A1010;;3.2.2026;;0',
      'ÄÄ!;X;3.2.2026;;0',
    ];
    const read = report(await sut(Buffer.from(rows.join('\n'))));
    expect(read.rows.map((r) => [r.cells.cardCode, r.eventDate, r.eventTime, r.childTickets, r.problems])).toEqual([
      ['A1001', '2026-02-03', null, 0, []],
      ['A1002', '2026-02-03', '19:00', 0, []],
      ['A1003', '2026-02-03', '19:00', 0, []],
      ['A1004', '2026-02-03', null, 0, []],
      ['A1005', null, null, 0, ['INVALID_DATE']],
      ['A1006', '2026-02-03', null, 0, ['INVALID_TIME']],
      ['A1007', '2026-02-03', null, null, ['INVALID_CHILD_TICKETS']],
      ['A1008', '2026-02-03', null, null, ['INVALID_CHILD_TICKETS']],
      ['A1009', '2026-02-03', null, null, ['INVALID_CHILD_TICKETS']],
      ['A1010', '2026-02-03', null, 0, ['MISSING_EVENT_NAME']],
      // A malformed code is read as given: the registration rules refuse it (INVALID_CARD_CODE), as for a single use.
      ['ÄÄ!', '2026-02-03', null, 0, []],
    ]);
  });

  it('skips empty rows, total rows and trailing notes; a re-imported error report’s apostrophe is dropped', async () => {
    const text = ['Card code,Event name,Event date', 'A1234,Show,3.2.2026', ',,', '', "'-A1235,'=1+2,3.2.2026", 'Total,,', 'Exported by TicketSys 4.2', ',Thanks for your business,'].join('\n');
    const read = report(await sut(Buffer.from(text)));
    expect(read.rows.map((r) => [r.cells.cardCode, r.cells.eventName])).toEqual([
      ['A1234', 'Show'],
      ['-A1235', '=1+2'],
    ]);
    expect(read).toMatchObject({ totalRows: 1, ignoredRows: 4 });
  });

  it('a huge cell is cut to the limit and refuses its row', async () => {
    const read = report(await sut(Buffer.from(`Card code,Event name,Event date\nA1234,${'x'.repeat(200_000)},3.2.2026\n`)));
    expect(read.rows[0]?.cells.eventName).toHaveLength(500);
    expect(read.rows[0]?.problems).toEqual(['CELL_TOO_LONG']);
  });

  it('refuses empty files, files without a header row, too large files and too many rows', async () => {
    expect(await sut(new Uint8Array())).toMatchObject({ ok: false, problem: 'EMPTY_FILE' });
    expect(await sut(Buffer.from('a;b;c\n1;2;3\n'))).toMatchObject({ ok: false, problem: 'NO_HEADER_ROW' });
    expect(await sut(Buffer.alloc(2048, 'a'), { maxFileBytes: 1024 })).toMatchObject({ ok: false, problem: 'FILE_TOO_LARGE' });
    const many = ['Card code,Event name,Event date', ...Array.from({ length: 11 }, (_, i) => `A${1000 + i},X,3.2.2026`)].join('\n');
    expect(await sut(Buffer.from(many), { maxRows: 10 })).toMatchObject({ ok: false, problem: 'TOO_MANY_ROWS' });
  });
});

describe('parsing off the event loop', () => {
  it('the worker reads a 50 000-row file while the event loop keeps answering', { timeout: 60_000 }, async () => {
    const lines = ['Korttikoodi;Tapahtuman nimi;Tapahtuman päivä;Lasten liput', ...Array.from({ length: 50_000 }, (_, i) => `A${String(i).padStart(8, '0')};Näytös ${i % 40};3.2.2026;${i % 3}`)];
    let longest = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 5);
    const started = performance.now();
    const result = await parseInWorker(Buffer.from(lines.join('\n')), { ...LIMITS, maxRows: 100_000 }, 30_000);
    const elapsed = performance.now() - started;
    clearInterval(ticker);
    expect(report(result).rows).toHaveLength(50_000);
    // Parsed on this thread, the loop would stand still for the whole parse; a loaded machine may pause it briefly.
    expect(longest).toBeLessThan(Math.max(250, elapsed / 3));
  });

  it('the worker refuses a bomb and ends on its timeout', async () => {
    expect(await parseInWorker(zip('xl/worksheets/sheet1.xml', Buffer.alloc(8 * 1024 * 1024)), LIMITS, 30_000)).toMatchObject({ ok: false, problem: 'DECOMPRESSED_TOO_LARGE' });
    const big = ['Card code,Event name,Event date', ...Array.from({ length: 50_000 }, (_, i) => `A${1000 + i},X,3.2.2026`)].join('\n');
    expect(await parseInWorker(Buffer.from(big), { ...LIMITS, maxRows: 100_000 }, 1)).toMatchObject({ ok: false, problem: 'PARSE_TIMEOUT' });
  });
});
