import { describe, expect, it } from 'vitest';
import { catalogueKeyOf, localizeError } from './server-errors.js';

describe('server errors in the current language', () => {
  const wrongPassword = { code: 'INVALID_CREDENTIALS', serverMessage: 'Sähköpostiosoite tai salasana on väärä.', serverLocale: 'fi' as const };

  it('shows the server’s own message while the UI is in the language it was written in', () => {
    expect(localizeError('fi', { code: 'BAD_USER_INPUT', field: 'on', reason: 'OUT_OF_RANGE', serverMessage: 'Päivän on oltava enintään 7 päivää menneisyydessä.', serverLocale: 'fi' })).toBe(
      'Päivän on oltava enintään 7 päivää menneisyydessä.',
    );
  });

  it('after a language switch, shows the catalogue’s message for the code in the new language', () => {
    expect(localizeError('sv', wrongPassword)).toBe('Fel e-postadress eller lösenord.');
    expect(localizeError('en', wrongPassword)).toBe('Wrong email address or password.');
  });

  it.each([
    [{ code: 'BAD_USER_INPUT', field: 'birthYear', reason: 'UNDER_16' }, 'error.input.under16'],
    [{ code: 'BAD_USER_INPUT', field: 'birthYear', reason: 'OUT_OF_RANGE' }, 'error.input.birthYear'],
    [{ code: 'BAD_USER_INPUT', field: 'code', reason: 'TOO_SHORT' }, 'error.input.code'],
    [{ code: 'BAD_USER_INPUT', field: 'displayName', reason: 'REQUIRED' }, 'error.input.required'],
    [{ code: 'BAD_USER_INPUT', field: 'somethingNew' }, 'error.BAD_USER_INPUT'],
    [{ code: 'CARD_ALREADY_REGISTERED', field: 'code' }, 'error.CARD_ALREADY_REGISTERED'],
    [{ code: 'FORBIDDEN' }, 'error.FORBIDDEN'],
    [{ code: 'QUERY_TOO_COMPLEX' }, 'error.UNKNOWN'],
  ])('%j → %s (most specific known message first)', (error, key) => {
    expect(catalogueKeyOf(error)).toBe(key);
  });

  it('a network failure is always the catalogue’s', () => {
    expect(localizeError('en', { code: 'NETWORK', serverLocale: 'en' })).toBe('The connection to the service was lost. Check the network and try again.');
  });
});
