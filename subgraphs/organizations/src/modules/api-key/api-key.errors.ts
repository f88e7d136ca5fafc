import { badInput } from '@kaikukanta/kit';

export const scopesRequired = () =>
  badInput('scopes', { fi: 'Valitse vähintään yksi oikeus.', sv: 'Välj minst en behörighet.', en: 'Choose at least one scope.' }, 'REQUIRED');

export const expiryInPast = () =>
  badInput('expiresAt', { fi: 'Päättymisajan on oltava tulevaisuudessa.', sv: 'Utgångstiden måste vara i framtiden.', en: 'The expiry must be in the future.' }, 'IN_PAST');

export const scopeNotAllowed = (scopes: readonly string[]) =>
  badInput(
    'scopes',
    {
      fi: `Organisaation tyyppi ei salli näitä oikeuksia: ${scopes.join(', ')}. Tapahtumia kirjaavat vain kulttuuritoimijat; kortteja tarkistavat ja käyttökertoja kirjaavat kulttuuritoimijat ja lipunvälittäjät.`,
      sv: `Organisationens typ tillåter inte dessa behörigheter: ${scopes.join(', ')}. Endast kulturaktörer registrerar evenemang; kort kontrolleras och användningar registreras av kulturaktörer och biljettförmedlare.`,
      en: `The organisation's kind does not allow these scopes: ${scopes.join(', ')}. Only culture providers write events; culture providers and ticket agents check cards and register uses.`,
    },
    'SCOPE_NOT_ALLOWED',
  );
