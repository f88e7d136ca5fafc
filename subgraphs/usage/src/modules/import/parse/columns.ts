/**
 * The sales-report template's columns (R17: one row = one acquisition; the adult ticket is implicit) and the
 * headers recognised for them in Finnish, Swedish and English, in any column order. Worker-safe: no kit imports
 * and only erasable TypeScript, so the parse worker can run this file from source in tests.
 */
export const FIELDS = ['cardCode', 'eventName', 'eventDate', 'eventTime', 'childTickets', 'eventReference', 'orderReference'] as const;
export type Field = (typeof FIELDS)[number];

/** Without these three a sheet is not a sales report. */
export const REQUIRED_FIELDS: readonly Field[] = ['cardCode', 'eventName', 'eventDate'];

export type TemplateLanguage = 'fi' | 'sv' | 'en';

/** The template's header row, per language; `(valinnainen)` and the like are ignored when recognising. */
export const TEMPLATE_HEADERS: Record<TemplateLanguage, Record<Field, string>> = {
  fi: {
    cardCode: 'Korttikoodi',
    eventName: 'Tapahtuman nimi',
    eventDate: 'Tapahtuman päivä',
    eventTime: 'Kellonaika (valinnainen)',
    childTickets: 'Lasten liput',
    eventReference: 'Tapahtuman tunniste (valinnainen)',
    orderReference: 'Tilausnumero (valinnainen)',
  },
  sv: {
    cardCode: 'Kortkod',
    eventName: 'Evenemangets namn',
    eventDate: 'Evenemangets datum',
    eventTime: 'Klockslag (valfritt)',
    childTickets: 'Barnbiljetter',
    eventReference: 'Evenemangets id (valfritt)',
    orderReference: 'Ordernummer (valfritt)',
  },
  en: {
    cardCode: 'Card code',
    eventName: 'Event name',
    eventDate: 'Event date',
    eventTime: 'Time (optional)',
    childTickets: 'Child tickets',
    eventReference: 'Event reference (optional)',
    orderReference: 'Order reference (optional)',
  },
};

/** Other spellings people use, normalised by `headerKey`. */
const ALIASES: Record<Field, string[]> = {
  cardCode: ['korttikoodi', 'kortinkoodi', 'kaikukortinkoodi', 'kaikukortti', 'kortti', 'kortkod', 'kaikukortetskod', 'kort', 'cardcode', 'card', 'cardnumber'],
  eventName: ['tapahtumannimi', 'tapahtuma', 'esitys', 'esityksennimi', 'evenemangetsnamn', 'evenemangsnamn', 'evenemang', 'forestallning', 'eventname', 'event', 'performance'],
  eventDate: ['tapahtumanpaiva', 'tapahtumapaiva', 'esityspaiva', 'paiva', 'paivamaara', 'pvm', 'evenemangetsdatum', 'evenemangsdatum', 'datum', 'eventdate', 'date'],
  eventTime: ['kellonaika', 'klo', 'aika', 'alkamisaika', 'klockslag', 'tid', 'starttid', 'time', 'eventtime', 'starttime'],
  childTickets: ['lastenliput', 'lastenlippuja', 'lastenlippujenmaara', 'lapset', 'barnbiljetter', 'antalbarnbiljetter', 'barn', 'childtickets', 'children', 'childticket'],
  eventReference: ['tapahtumantunniste', 'tapahtumaid', 'tapahtumatunniste', 'evenemangetsid', 'evenemangsid', 'evenemangsreferens', 'eventreference', 'eventid', 'eventref'],
  orderReference: ['tilausnumero', 'tilaus', 'tilauksenviite', 'tilausviite', 'ordernummer', 'bestallningsnummer', 'bestallningsreferens', 'order', 'orderreference', 'ordernumber', 'orderref', 'orderid'],
};

const BY_KEY = new Map<string, Field>();
for (const field of FIELDS) {
  for (const alias of ALIASES[field]) BY_KEY.set(alias, field);
  for (const language of Object.keys(TEMPLATE_HEADERS) as TemplateLanguage[]) BY_KEY.set(headerKey(TEMPLATE_HEADERS[language][field]), field);
}

/** Lower case, accents and punctuation away, parenthesised remarks dropped: `Tapahtuman päivä (pvm)` → `tapahtumanpaiva`. */
export function headerKey(text: string): string {
  return text
    .replace(/\([^)]*\)/g, '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** Column index of each recognised field, or null when the row is not a header row (the required fields missing). */
export function recogniseHeader(cells: readonly string[]): Partial<Record<Field, number>> | null {
  const columns: Partial<Record<Field, number>> = {};
  cells.forEach((cell, index) => {
    const field = BY_KEY.get(headerKey(cell));
    if (field && columns[field] === undefined) columns[field] = index;
  });
  return REQUIRED_FIELDS.every((field) => columns[field] !== undefined) ? columns : null;
}

/** Total rows agencies' systems append (`Yhteensä`, `Totalt`, `Total`…): skipped, never read as a use. */
const TOTAL_MARKERS = new Set(['yhteensa', 'yht', 'kaikkiyhteensa', 'summa', 'totalt', 'sammanlagt', 'summa', 'total', 'totals', 'grandtotal', 'sum']);

export function isTotalMarker(text: string): boolean {
  return TOTAL_MARKERS.has(headerKey(text));
}
