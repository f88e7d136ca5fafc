import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { BREAK, GraphQLError, Kind, visit, type DocumentNode } from 'graphql';
import { AppError } from './errors.js';

/**
 * R27, decision 0012: a count of people (or cards) below this and above zero is
 * a small cell; it is never published. The one place for the threshold.
 */
export const SMALL_CELL_MIN = 5;

/** Whether a count is a small cell: above zero and below SMALL_CELL_MIN (R27; statistics suppression, decision 0017). */
export function isSmallCell(count: number): boolean {
  return count > 0 && count < SMALL_CELL_MIN;
}

/**
 * R27, decision 0012: figures open to everyone (the national headline and its
 * live feed) move in steps of this size, rounded down. Two published values
 * then differ by 0 or at least a step — never by a small cell — and a single
 * registration does not show. At least SMALL_CELL_MIN by construction.
 */
export const PUBLIC_FIGURE_STEP = 2 * SMALL_CELL_MIN;

/** A count as published to everyone: rounded down to PUBLIC_FIGURE_STEP. */
export function publicFigure(count: number): number {
  return Math.floor(Math.max(0, count) / PUBLIC_FIGURE_STEP) * PUBLIC_FIGURE_STEP;
}

/** A time as published to everyone: the start of its hour (UTC), so no single event is timestamped (R27). */
export function publicInstant(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 3_600_000) * 3_600_000);
}

/**
 * R9: the registry never stores a personal identity code (henkilötunnus).
 * Its shape is DDMMYY, a century sign (+, -, A–F, U–Y), three digits and a
 * check character; a match whose check character is right is refused
 * wherever it appears in a request — in any variable or inline argument —
 * before any resolver runs, so it cannot reach a column or a log line.
 */
const CANDIDATE = /(?<![0-9A-Za-z])(\d{2})(\d{2})(\d{2})([-+A-FU-Y])(\d{3})([0-9A-Y])(?![0-9A-Za-z])/gi;
const CHECK = '0123456789ABCDEFHJKLMNPRSTUVWXY';

export function containsPersonalIdentityCode(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    const [, dd, mm, yy, , serial, check] = match as unknown as [string, string, string, string, string, string, string];
    const day = Number(dd);
    const month = Number(mm);
    if (day < 1 || day > 31 || month < 1 || month > 12) continue;
    const expected = CHECK[Number(`${dd}${mm}${yy}${serial}`) % 31];
    if (expected === check.toUpperCase()) return true;
  }
  return false;
}

export const personalIdentityCodeRefused = () =>
  new AppError('PERSONAL_DATA_REFUSED', {
    messages: {
      fi: 'Henkilötunnusta ei saa tallentaa rekisteriin. Poista se tiedoista.',
      sv: 'Personbeteckning får inte sparas i registret. Ta bort den ur uppgifterna.',
      en: 'A personal identity code must not be stored in the registry. Remove it.',
    },
  });

function scan(value: unknown, depth = 0): boolean {
  if (depth > 20) return false;
  if (typeof value === 'string') return containsPersonalIdentityCode(value);
  if (Array.isArray(value)) return value.some((item) => scan(item, depth + 1));
  if (value && typeof value === 'object') return Object.values(value).some((item) => scan(item, depth + 1));
  return false;
}

/**
 * Issue 12: the verdict on a parsed document's string literals. Apollo hands every request with the same query text
 * the same DocumentNode (its document store), so the literals are walked once per document, not per request; the
 * variables, which change per request, are always scanned. A WeakMap: a verdict lives exactly as long as the document.
 */
const literalVerdicts = new WeakMap<DocumentNode, boolean>();

function documentHasIdentityCode(document: DocumentNode): boolean {
  let verdict = literalVerdicts.get(document);
  if (verdict === undefined) {
    verdict = walkLiterals(document);
    literalVerdicts.set(document, verdict);
  }
  return verdict;
}

function walkLiterals(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (!containsPersonalIdentityCode(node.value)) return undefined;
      found = true;
      return BREAK;
    },
  });
  return found;
}

/** Whether an operation's variables or string literals carry a personal identity code (R9). */
export function operationCarriesIdentityCode(document: DocumentNode, variables: unknown): boolean {
  return scan(variables) || documentHasIdentityCode(document);
}

/** Apollo plugin refusing any operation whose variables or literals carry a personal identity code. */
export function personalDataGuard<TContext extends BaseContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          if (scan(request.variables) || documentHasIdentityCode(document)) {
            // Thrown from a request hook, a bare error would be answered as HTTP 500; this is the client's input,
            // so 400, with the AppError inside for the localised, coded message (errors.ts formatError).
            const refused = personalIdentityCodeRefused();
            throw new GraphQLError(refused.message, { originalError: refused, extensions: { code: refused.code, http: { status: 400 } } });
          }
        },
      };
    },
  };
}
