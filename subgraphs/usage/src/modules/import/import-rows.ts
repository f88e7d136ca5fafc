import { createHash } from 'node:crypto';
import { containsPersonalIdentityCode, normaliseCardCode } from '@kaikukanta/kit';
import { FIELDS, type Field } from './parse/columns.js';
import type { ParsedRow, RowProblem } from './parse/parse-result.js';

export interface RowProblemRef {
  code: string;
  field: string;
}

/** A row ready to be judged: cells as they will be stored (R9-masked), its reading, and its stable identity. */
export interface PreparedRow {
  line: number;
  cells: Record<Field, string>;
  eventDate: string | null;
  eventTime: string | null;
  childTickets: number | null;
  /** Cells that cannot be read; such a row is refused without asking the registration rules. */
  problems: RowProblemRef[];
  /** The idempotency key of its registration (`import:` + SHA-256), the same whoever imports the report. */
  key: string;
  /** SHA-256 of its normalised content: the same key with other content is an order reference reused. */
  hash: string;
}

const PROBLEM_FIELD: Record<RowProblem, Field> = {
  INVALID_DATE: 'eventDate',
  INVALID_TIME: 'eventTime',
  INVALID_CHILD_TICKETS: 'childTickets',
  MISSING_EVENT_NAME: 'eventName',
  CELL_TOO_LONG: 'cardCode',
};

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
const nameKey = (name: string) => name.normalize('NFC').toLocaleLowerCase('fi').replace(/\s+/g, ' ').trim();

/**
 * Each row's identity (decision 0018): the agency's order reference with the card code when the row has one,
 * otherwise a fingerprint of the row's normalised content plus its occurrence number among identical rows of the
 * report — so the same report imported again, or an overlapping one, names every row it shares alike, while two
 * genuinely identical sales in one report stay two. Keys live under the provider (`providerId`), so the agency,
 * the provider and the culture officer importing one report register each row once.
 *
 * A report is read chunk by chunk: the preparer keeps the occurrence numbers running across the chunks, in file order.
 */
export function rowPreparer(providerId: string): (parsed: readonly ParsedRow[]) => PreparedRow[] {
  const occurrences = new Map<string, number>();
  return (parsed) => parsed.map((row) => {
    const cells = { ...row.cells };
    const problems: RowProblemRef[] = row.problems.map((code) => ({ code, field: PROBLEM_FIELD[code] }));
    for (const field of FIELDS) {
      // R9: a personal identity code is neither stored nor echoed: the cell is emptied and the row refused.
      const code = field === 'cardCode' ? normaliseCardCode(cells[field]) : null;
      if (containsPersonalIdentityCode(cells[field]) || (code && !code.ok && code.problem === 'PERSONAL_IDENTITY_CODE')) {
        cells[field] = '';
        problems.push({ code: 'PERSONAL_DATA_REFUSED', field });
      }
    }
    const card = normaliseCardCode(cells.cardCode);
    const cardKey = card.ok ? card.code : cells.cardCode.toUpperCase();
    const content = [cardKey, nameKey(cells.eventName), row.eventDate ?? cells.eventDate, row.eventTime ?? '', String(row.childTickets ?? cells.childTickets), cells.eventReference.trim().toLowerCase()].join('\n');
    // The occurrence number keeps keys unique within the report (an order listed twice for one card too).
    const basis = cells.orderReference.trim() ? `order\n${cells.orderReference.trim()}\n${cardKey}` : `row\n${content}`;
    const seen = (occurrences.get(basis) ?? 0) + 1;
    occurrences.set(basis, seen);
    const identity = `${basis}\n${seen}`;
    return {
      line: row.line,
      cells,
      eventDate: row.eventDate,
      eventTime: row.eventTime,
      childTickets: row.childTickets,
      problems,
      key: `import:${sha256(`${providerId}\n${identity}`)}`,
      hash: sha256(`IMPORT_ROW\n${content}`),
    };
  });
}
