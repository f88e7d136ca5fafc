import type { Locale } from '@kaikukanta/kit';
import type ExcelJS from 'exceljs';
import type { ReportFormat } from './statistics.input.js';
import type { FigureType, StatisticsReportType, YearlyFiguresType } from './statistics.type.js';

type Label = 'title' | 'nation' | 'region' | 'cardsRegistered' | 'cardsUsed' | 'uses' | 'childTickets' | 'municipalities' | 'field' | 'adultTickets' | 'suppressed' | 'file' | 'CULTURE' | 'EDUCATION' | 'SCIENCE' | 'SPORT';

const LABELS: Record<Locale, Record<Label, string>> = {
  fi: {
    title: 'Kaikukortti – vuositilasto',
    nation: 'Koko maa',
    region: 'Alue',
    cardsRegistered: 'Rekisteröidyt kortit',
    cardsUsed: 'Käytetyt kortit',
    uses: 'Käyttökerrat',
    childTickets: 'Lasten liput',
    municipalities: 'Mukana olevat kunnat',
    field: 'Ala',
    adultTickets: 'Aikuisten liput',
    suppressed: '.. = salattu (alle 5 tai paljastaisi sellaisen, R27)',
    file: 'kaikukortti-vuositilasto',
    CULTURE: 'Kulttuuri',
    EDUCATION: 'Sivistys',
    SCIENCE: 'Tiede',
    SPORT: 'Liikunta',
  },
  sv: {
    title: 'Kaikukortti – årsstatistik',
    nation: 'Hela landet',
    region: 'Område',
    cardsRegistered: 'Registrerade kort',
    cardsUsed: 'Använda kort',
    uses: 'Användningar',
    childTickets: 'Barnbiljetter',
    municipalities: 'Deltagande kommuner',
    field: 'Område (sektor)',
    adultTickets: 'Vuxenbiljetter',
    suppressed: '.. = skyddad (under 5 eller skulle avslöja en sådan, R27)',
    file: 'kaikukortti-arsstatistik',
    CULTURE: 'Kultur',
    EDUCATION: 'Bildning',
    SCIENCE: 'Vetenskap',
    SPORT: 'Idrott',
  },
  en: {
    title: 'Kaikukortti – yearly statistics',
    nation: 'Whole country',
    region: 'Region',
    cardsRegistered: 'Cards registered',
    cardsUsed: 'Cards used',
    uses: 'Uses',
    childTickets: 'Child tickets',
    municipalities: 'Municipalities taking part',
    field: 'Field',
    adultTickets: 'Adult tickets',
    suppressed: '.. = suppressed (under 5, or would reveal one, R27)',
    file: 'kaikukortti-yearly-statistics',
    CULTURE: 'Culture',
    EDUCATION: 'Education',
    SCIENCE: 'Science',
    SPORT: 'Sport',
  },
};

/** The mark of a suppressed figure, as Statistics Finland prints it; never one a spreadsheet reads as a formula. */
export const SUPPRESSED_MARK = '..';

/** Text a spreadsheet would run as a formula (= + - @, tab, CR) is written as text: a leading apostrophe (OWASP CSV injection). */
export function formulaSafe(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

type Cell = string | number;

/** The report's rows: the same figures as yearlyFigures, in the caller's language. */
export function reportRows(figures: YearlyFiguresType, locale: Locale): Cell[][] {
  const t = LABELS[locale];
  const value = (f: FigureType): Cell => (f.suppressed || f.value === null ? SUPPRESSED_MARK : f.value);
  const fieldLabel = (field: string) => (field in t ? t[field as Label] : field || '?');
  return [
    [t.title, figures.year],
    [figures.regionId ? t.region : t.nation, figures.regionId ?? ''],
    [],
    [t.cardsRegistered, value(figures.cardsRegistered)],
    [t.cardsUsed, value(figures.cardsUsed)],
    [t.uses, value(figures.uses)],
    [t.childTickets, value(figures.childTickets)],
    [t.municipalities, figures.municipalities],
    [],
    [t.field, t.adultTickets, t.childTickets],
    ...figures.byField.map((f) => [fieldLabel(f.field), value(f.adultTickets), value(f.childTickets)]),
    [],
    [t.suppressed],
  ];
}

export async function yearlyReportFile(figures: YearlyFiguresType, format: ReportFormat, locale: Locale): Promise<StatisticsReportType> {
  const rows = reportRows(figures, locale);
  const name = `${LABELS[locale].file}-${figures.year}${figures.regionId ? `-${figures.regionId}` : ''}`;
  if (format === 'CSV') {
    // Excel in Finnish and Swedish reads ';' as the separator; a BOM tells it the text is UTF-8.
    const separator = locale === 'en' ? ',' : ';';
    const quote = (cell: Cell) => (typeof cell === 'number' ? String(cell) : `"${formulaSafe(cell).replaceAll('"', '""')}"`);
    const text = '\uFEFF' + rows.map((r) => r.map(quote).join(separator)).join('\r\n') + '\r\n';
    return { filename: `${name}.csv`, mimeType: 'text/csv; charset=utf-8', base64: Buffer.from(text, 'utf8').toString('base64') };
  }
  const workbook = new (await exceljs()).Workbook();
  workbook.creator = 'Kaikukanta';
  const sheet = workbook.addWorksheet(String(figures.year));
  // Strings go in as string cells (never { formula }), so nothing in them is evaluated; the apostrophe keeps them text when saved as CSV again.
  for (const r of rows) sheet.addRow(r.map((cell) => (typeof cell === 'string' ? formulaSafe(cell) : cell)));
  sheet.getColumn(1).width = 34;
  sheet.getColumn(2).width = 16;
  sheet.getColumn(3).width = 16;
  const buffer = await workbook.xlsx.writeBuffer();
  return { filename: `${name}.xlsx`, mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', base64: Buffer.from(buffer as ArrayBuffer).toString('base64') };
}

/**
 * exceljs, loaded when the first spreadsheet is written: importing it costs ~0.5 s of CPU, which every start of the
 * service paid (each test system too) though most never write one.
 */
let loading: Promise<typeof ExcelJS> | undefined;
function exceljs(): Promise<typeof ExcelJS> {
  return (loading ??= import('exceljs').then((module) => module.default));
}
