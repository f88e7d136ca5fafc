import { describe, expect, it, vi } from 'vitest';
import { translate, type MessageKey, type MessageParams } from '../i18n/index.js';

vi.mock('../i18n/locale.svelte.js', () => ({ locale: { current: 'sv', t: (key: MessageKey, params?: MessageParams) => translate('sv', key, params) } }));
vi.mock('../graphql/client.js', () => ({ client: {} }));
vi.mock('./mutate.js', () => ({ mutate: vi.fn() }));
const { failureText, fileProblem, IMPORT_MAX_FILE_BYTES, isWorking, problemText, toBase64 } = await import('./usage-import.js');

describe('the import wizard’s helpers (issue 11)', () => {
  it('refuses a file before upload: not xlsx/CSV, empty, over 1.4 MiB', () => {
    expect(fileProblem({ name: 'raportti.pdf', size: 10 })).toBe('import.file.wrongType');
    expect(fileProblem({ name: 'raportti.xls', size: 10 })).toBe('import.file.wrongType');
    expect(fileProblem({ name: 'tyhjä.csv', size: 0 })).toBe('import.failure.EMPTY_FILE');
    expect(fileProblem({ name: 'iso.XLSX', size: IMPORT_MAX_FILE_BYTES + 1 })).toBe('import.failure.FILE_TOO_LARGE');
    expect(fileProblem({ name: 'myynti.CSV', size: IMPORT_MAX_FILE_BYTES })).toBeUndefined();
  });

  it('base64 of a file larger than one chunk equals Node’s', () => {
    const bytes = new Uint8Array(100_003).map((_, i) => (i * 31) % 256);
    expect(toBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
  });

  it('reasons by code in the UI language: the registration’s, the import’s own, else the server’s words', () => {
    expect(problemText({ code: 'CARD_NOT_REGISTERED', message: 'Korttia ei…' })).toBe(translate('sv', 'error.CARD_NOT_REGISTERED'));
    expect(problemText({ code: 'INVALID_DATE', message: 'Päivämäärää…' })).toContain('Datumet kan inte läsas');
    expect(problemText({ code: 'SOMETHING_NEW', message: 'Uusi syy.' })).toBe('Uusi syy.');
    expect(failureText({ code: 'NO_HEADER_ROW', message: 'x' })).toContain('Ingen rubrikrad');
    expect(failureText({ code: 'NEW_FAILURE', message: 'Uusi.' })).toBe('Uusi.');
  });

  it('follows an import while the server works on it', () => {
    expect([isWorking('PREVIEWING'), isWorking('COMMITTING'), isWorking('PREVIEWED'), isWorking('COMMITTED'), isWorking('FAILED'), isWorking(undefined)]).toEqual([true, true, false, false, false, false]);
  });
});
