import { badInput, personalIdentityCodeRefused, type Locale, type Messages } from '@kaikukanta/kit';
import { PROBLEM_MESSAGES } from '../usage/registration.errors.js';
import type { FileProblem } from './parse/parse-result.js';

/**
 * A row's reasons beyond the registration's own codes (which an import row gets exactly as a single registration
 * would, PROBLEM_MESSAGES): cells that cannot be read, an event the row does not name uniquely, an order reference
 * already imported with other content, a personal identity code in a cell (R9).
 */
export const IMPORT_ROW_MESSAGES = {
  INVALID_DATE: {
    fi: 'Päivämäärää ei voi lukea. Käytä muotoa 3.2.2026 tai 2026-02-03.',
    sv: 'Datumet kan inte läsas. Använd formen 3.2.2026 eller 2026-02-03.',
    en: 'The date cannot be read. Use 3.2.2026 or 2026-02-03.',
  },
  INVALID_TIME: {
    fi: 'Kellonaikaa ei voi lukea. Käytä muotoa 19:00.',
    sv: 'Klockslaget kan inte läsas. Använd formen 19:00.',
    en: 'The time cannot be read. Use 19:00.',
  },
  MISSING_EVENT_NAME: {
    fi: 'Tapahtuman nimi puuttuu.',
    sv: 'Evenemangets namn saknas.',
    en: 'The event name is missing.',
  },
  CELL_TOO_LONG: {
    fi: 'Solussa on liikaa tekstiä (enintään 500 merkkiä).',
    sv: 'Cellen innehåller för mycket text (högst 500 tecken).',
    en: 'A cell holds too much text (at most 500 characters).',
  },
  EVENT_AMBIGUOUS: {
    fi: 'Samana päivänä on useita tämännimisiä esityksiä. Lisää kellonaika tai tapahtuman tunniste.',
    sv: 'Samma dag finns flera föreställningar med detta namn. Lägg till klockslag eller evenemangets id.',
    en: 'Several performances of this name that day. Add the time or the event reference.',
  },
  ORDER_REFERENCE_REUSED: {
    fi: 'Tällä tilausnumerolla on jo kirjattu käyttökerta, jonka tiedot ovat toiset. Peru vanha kirjaus ennen korjausta.',
    sv: 'En användning med andra uppgifter har redan registrerats med detta ordernummer. Ångra den gamla först.',
    en: 'A use with other details was already registered under this order reference. Cancel it before correcting.',
  },
  PERSONAL_DATA_REFUSED: personalIdentityCodeRefused().messages,
} satisfies Record<string, Messages>;

export type ImportRowCode = keyof typeof IMPORT_ROW_MESSAGES;

/** A row problem's message: the registration's own wording for its codes, the import's for the rest. */
export function rowProblemMessage(code: string, locale: Locale): string {
  const messages = (PROBLEM_MESSAGES as Record<string, Messages>)[code] ?? (IMPORT_ROW_MESSAGES as Record<string, Messages>)[code];
  return messages?.[locale] ?? code;
}

/**
 * Why a whole file is refused (the import ends FAILED; PREVIEW_INTERRUPTED: the process reading it stopped), or why a
 * commit stopped (COMMIT_INTERRUPTED: commit again).
 */
export const FILE_MESSAGES: Record<FileProblem | 'COMMIT_INTERRUPTED' | 'PREVIEW_INTERRUPTED', Messages> = {
  PREVIEW_INTERRUPTED: {
    fi: 'Tiedoston lukeminen keskeytyi palvelun uudelleenkäynnistykseen. Mitään ei kirjattu; tuo tiedosto uudelleen.',
    sv: 'Läsningen av filen avbröts när tjänsten startades om. Inget registrerades; importera filen igen.',
    en: 'Reading the file was interrupted by a service restart. Nothing was registered; import the file again.',
  },
  COMMIT_INTERRUPTED: {
    fi: 'Vahvistus keskeytyi. Kirjatut rivit säilyvät; vahvista uudelleen, niin loput kirjataan.',
    sv: 'Bekräftelsen avbröts. Registrerade rader finns kvar; bekräfta igen så registreras resten.',
    en: 'The commit was interrupted. Rows registered stay so; commit again to register the rest.',
  },
  FILE_TOO_LARGE: {
    fi: 'Tiedosto on liian suuri. Jaa raportti osiin.',
    sv: 'Filen är för stor. Dela upp rapporten.',
    en: 'The file is too large. Split the report.',
  },
  TOO_MANY_ROWS: {
    fi: 'Tiedostossa on liian monta riviä. Jaa raportti osiin.',
    sv: 'Filen har för många rader. Dela upp rapporten.',
    en: 'The file has too many rows. Split the report.',
  },
  DECOMPRESSED_TOO_LARGE: {
    fi: 'Tiedosto purkautuu liian suureksi, eikä sitä lueta.',
    sv: 'Filen blir för stor när den packas upp och läses inte.',
    en: 'The file unpacks to too much data and is not read.',
  },
  NO_HEADER_ROW: {
    fi: 'Otsikkoriviä ei löytynyt. Käytä mallipohjan sarakeotsikoita (korttikoodi, tapahtuman nimi, tapahtuman päivä).',
    sv: 'Ingen rubrikrad hittades. Använd mallens kolumnrubriker (kortkod, evenemangets namn, evenemangets datum).',
    en: 'No header row was found. Use the template’s column headers (card code, event name, event date).',
  },
  UNREADABLE_FILE: {
    fi: 'Tiedostoa ei voi lukea. Tallenna se Excel-työkirjana (.xlsx) tai CSV-tiedostona.',
    sv: 'Filen kan inte läsas. Spara den som Excel-arbetsbok (.xlsx) eller CSV.',
    en: 'The file cannot be read. Save it as an Excel workbook (.xlsx) or CSV.',
  },
  PARSE_TIMEOUT: {
    fi: 'Tiedoston lukeminen kesti liian kauan. Jaa raportti osiin.',
    sv: 'Det tog för lång tid att läsa filen. Dela upp rapporten.',
    en: 'Reading the file took too long. Split the report.',
  },
  EMPTY_FILE: {
    fi: 'Tiedosto on tyhjä.',
    sv: 'Filen är tom.',
    en: 'The file is empty.',
  },
};

export const invalidFileContent = () =>
  badInput('contentBase64', {
    fi: 'Tiedoston sisältö ei ole base64-muodossa.',
    sv: 'Filens innehåll är inte i base64-form.',
    en: 'The file content is not base64.',
  }, 'INVALID_BASE64');

export const providerRequired = () =>
  badInput('providerId', {
    fi: 'Valitse kulttuuritoimija, jonka tapahtumista raportti on.',
    sv: 'Välj den kulturaktör vars evenemang rapporten gäller.',
    en: 'Choose the culture provider whose events the report is about.',
  }, 'PROVIDER_REQUIRED');
