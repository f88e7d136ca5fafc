import { describe, expect, it } from 'vitest';
import { CODE_MAX_LENGTH, normaliseCardCode as sut } from './card-code.js';

describe('R2: card code normalisation', () => {
  it.each([
    ['lower case', 'am99000123', 'AM99000123'],
    ['mixed case', 'Am99000123', 'AM99000123'],
    ['leading and trailing spaces', '  A045198723  ', 'A045198723'],
    ['inner spaces', 'AM 99 000 123', 'AM99000123'],
    ['a no-break space (copy-paste from a document)', 'AM99\u00A0000123', 'AM99000123'],
    ['a narrow no-break space', 'AM99\u202F000123', 'AM99000123'],
    ['hyphens', 'AM-99-000-123', 'AM99000123'],
    ['a non-breaking hyphen and an en dash', 'AM\u201199\u2013000123', 'AM99000123'],
    ['a minus sign', 'E\u22121234', 'E1234'],
    ['spaces, hyphens and lower case together', ' am 99-000 123 ', 'AM99000123'],
    ['Code 39 start/stop characters', '*A0451*', 'A0451'],
    ['Code 39 characters around spaces', '* A0451 *', 'A0451'],
    ['a scanner’s trailing newline', 'AM99000123\n', 'AM99000123'],
    ['a scanner’s carriage return and newline', '*AM99000123*\r\n', 'AM99000123'],
    ['a tab before the code', '\tA045198723', 'A045198723'],
    ['an old letter code', 'E1234', 'E1234'],
    ['an old digit code', '10142', '10142'],
    ['a new code', 'A045198723', 'A045198723'],
    ['a new code with two letters', 'AM99000123', 'AM99000123'],
    ['the shortest code', 'e123', 'E123'],
    ['the longest code', 'a'.repeat(CODE_MAX_LENGTH), 'A'.repeat(CODE_MAX_LENGTH)],
  ])('normalises %s', (_label, input, expected) => {
    expect(sut(input)).toEqual({ ok: true, code: expected });
  });

  it.each([
    ['empty', '', 'EMPTY'],
    ['only white space', ' \t\n ', 'EMPTY'],
    ['only Code 39 characters', '**', 'EMPTY'],
    ['only hyphens', '--', 'EMPTY'],
    ['a single star', '*', 'INVALID_CHARACTERS'],
    ['too short', 'E12', 'TOO_SHORT'],
    ['too short inside Code 39 characters', '*E12*', 'TOO_SHORT'],
    ['too long', 'A'.repeat(CODE_MAX_LENGTH + 1), 'TOO_LONG'],
    ['an inner star', 'A04*51', 'INVALID_CHARACTERS'],
    ['a start character without a stop character', '*A0451', 'INVALID_CHARACTERS'],
    ['doubled Code 39 characters', '**A0451**', 'INVALID_CHARACTERS'],
    ['a dot', 'AM99.000123', 'INVALID_CHARACTERS'],
    ['a slash', 'AM99/000123', 'INVALID_CHARACTERS'],
    ['an underscore', 'AM99_000123', 'INVALID_CHARACTERS'],
    ['a plus sign', 'AM99+000123', 'INVALID_CHARACTERS'],
    ['a percent sign (a LIKE wildcard)', 'AM99%', 'INVALID_CHARACTERS'],
    ['a quote', "AM99'000123", 'INVALID_CHARACTERS'],
    ['Cyrillic А (U+0410)', '\u0410M99000123', 'INVALID_CHARACTERS'],
    ['Cyrillic О (U+041E) for a zero', 'AM99\u041E00123', 'INVALID_CHARACTERS'],
    ['Cyrillic Е (U+0415)', '\u04151234', 'INVALID_CHARACTERS'],
    ['Greek Ο (U+039F)', 'AM99\u039F00123', 'INVALID_CHARACTERS'],
    ['fullwidth Ａ１', '\uFF21\uFF11234', 'INVALID_CHARACTERS'],
    ['dotless ı (upper-cases to I)', 'a\u0131m99', 'INVALID_CHARACTERS'],
    ['ß (upper-cases to SS)', 'A\u00DF1234', 'INVALID_CHARACTERS'],
    ['Kelvin sign K (U+212A)', '\u212A1234', 'INVALID_CHARACTERS'],
    ['Arabic-Indic digits', 'E\u0661\u0662\u0663\u0664', 'INVALID_CHARACTERS'],
    ['a zero-width space', 'AM99\u200B000123', 'INVALID_CHARACTERS'],
    ['a soft hyphen', 'AM99\u00AD000123', 'INVALID_CHARACTERS'],
    ['a Finnish letter', 'ÄM99000123', 'INVALID_CHARACTERS'],
  ])('refuses %s', (_label, input, problem) => {
    expect(sut(input)).toEqual({ ok: false, problem });
  });

  it.each([
    ['with spaces instead of the hyphen', '131052 308T'],
    ['with the hyphen and spaces', '131052 - 308T'],
    ['with a century letter split by a space', '131052A 308T'],
    ['written without its century sign', '131052308T'],
    ['in lower case with a century letter', '010594y9032'],
    ['behind one extra character', 'X131052A308T'],
    ['behind an extra character, hyphen written', 'X131052-308T'],
    ['inside a longer code', 'AB131052308TCD'],
  ])('R9: refuses a personal identity code that normalisation would turn into a valid-looking code (%s)', (_label, input) => {
    expect(sut(input)).toEqual({ ok: false, problem: 'PERSONAL_IDENTITY_CODE' });
  });

  it('R9: keeps ten-character codes that only resemble an identity code (wrong check character, no date)', () => {
    expect(sut('131052308U')).toEqual({ ok: true, code: '131052308U' });
    expect(sut('3213523081')).toEqual({ ok: true, code: '3213523081' });
    expect(sut('A131052308')).toEqual({ ok: true, code: 'A131052308' });
  });
});

describe('R2: code prefix normalisation (searching)', () => {
  it.each([
    ['a short prefix', 'am', 'AM'],
    ['one character', 'e', 'E'],
    ['a prefix with spaces and hyphens', ' am 99-00 ', 'AM9900'],
    ['a Code 39 start character alone', '*AM99', 'AM99'],
    ['a whole Code 39 frame', '*AM99000123*', 'AM99000123'],
  ])('normalises %s', (_label, input, expected) => {
    expect(sut(input, { prefix: true })).toEqual({ ok: true, code: expected });
  });

  it.each([
    ['empty', ' ', 'EMPTY'],
    ['a star alone', '*', 'EMPTY'],
    ['a LIKE wildcard', 'AM%', 'INVALID_CHARACTERS'],
    ['an underscore wildcard', 'A_', 'INVALID_CHARACTERS'],
    ['a look-alike letter', '\u0410M', 'INVALID_CHARACTERS'],
    ['too long', 'A'.repeat(CODE_MAX_LENGTH + 1), 'TOO_LONG'],
  ])('refuses %s', (_label, input, problem) => {
    expect(sut(input, { prefix: true })).toEqual({ ok: false, problem });
  });
});
