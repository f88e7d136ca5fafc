import { containsPersonalIdentityCode } from './privacy.js';

/**
 * Card codes (R1, R2). Old cards carry codes like `E1234` or `10142`, new ones
 * `A045198723` or `AM99000123`; the printed QR code and Code 39 barcode hold
 * only the code. Input from a keyboard, a scanner or a camera is normalised:
 * trimmed, inner spaces and hyphens removed, upper-cased, and Code 39's `*`
 * start/stop characters stripped. Only ASCII letters and digits remain valid:
 * a Cyrillic `А` or a fullwidth `Ａ` looks like `A` but is refused, so two
 * cards can never share a code that only looks the same.
 */
export const CODE_MIN_LENGTH = 4;
export const CODE_MAX_LENGTH = 20;
/** The stored form, also the database check (R2). */
export const CODE_PATTERN = `^[A-Z0-9]{${CODE_MIN_LENGTH},${CODE_MAX_LENGTH}}$`;

// Any white space (incl. no-break space) and hyphen-like dashes a keyboard layout or a copy-paste may produce.
const SEPARATORS = /[\s\u002D\u2010\u2011\u2012\u2013\u2014\u2212]/gu;

export type CodeProblem = 'EMPTY' | 'INVALID_CHARACTERS' | 'TOO_SHORT' | 'TOO_LONG' | 'PERSONAL_IDENTITY_CODE';

export type NormalisedCode = { ok: true; code: string } | { ok: false; problem: CodeProblem };

/** `prefix`: the start of a code, for searching (any length up to the maximum). */
export function normaliseCardCode(input: string, options: { prefix?: boolean } = {}): NormalisedCode {
  const normalised = normalise(input, options);
  if (normalised.ok && resemblesIdentityCode(normalised.code)) return { ok: false, problem: 'PERSONAL_IDENTITY_CODE' };
  return normalised;
}

function normalise(input: string, options: { prefix?: boolean }): NormalisedCode {
  let code = input.replace(SEPARATORS, '');
  // Code 39 frames its data with `*`; a scanner may pass them on.
  if (code.length >= 2 && code.startsWith('*') && code.endsWith('*')) code = code.slice(1, -1);
  else if (options.prefix && code.startsWith('*')) code = code.slice(1);
  if (!code) return { ok: false, problem: 'EMPTY' };
  // Checked before upper-casing: 'ı'.toUpperCase() is 'I' and 'ß' becomes 'SS'.
  if (!/^[A-Za-z0-9]+$/.test(code)) return { ok: false, problem: 'INVALID_CHARACTERS' };
  if (code.length < CODE_MIN_LENGTH && !options.prefix) return { ok: false, problem: 'TOO_SHORT' };
  if (code.length > CODE_MAX_LENGTH) return { ok: false, problem: 'TOO_LONG' };
  return { ok: true, code: code.toUpperCase() };
}

/**
 * R9: the gateway refuses a personal identity code (henkilötunnus) in any
 * argument, but only in its written form (`131052-308T`). Normalisation would
 * turn `131052 308T` or `131052A 308T` into `131052308T` or `131052A308T`,
 * which pass the code pattern — so the normalised code is checked again, as a
 * in every window: with its century letter (A–F, U–Y) kept, or with the `-`
 * century sign removed (ten characters, DDMMYY + three digits + a check
 * character that matches). Known code families (`E1234`, `10142`, `A045198723`,
 * `AM99000123`) never take that shape; a ten-digit code whose first six
 * digits form a date and whose last digit happens to be the check character
 * would be refused too, a price R9 pays.
 */
export function resemblesIdentityCode(code: string): boolean {
  // Every window, not only the whole code: `X131052A308T` hides one behind a single extra character.
  for (let start = 0; start + 10 <= code.length; start++) {
    const ten = code.slice(start, start + 10);
    if (/^[0-9]{9}[0-9A-Y]$/.test(ten) && containsPersonalIdentityCode(`${ten.slice(0, 6)}-${ten.slice(6)}`)) return true;
    const eleven = code.slice(start, start + 11);
    if (eleven.length === 11 && containsPersonalIdentityCode(eleven)) return true;
  }
  return false;
}
