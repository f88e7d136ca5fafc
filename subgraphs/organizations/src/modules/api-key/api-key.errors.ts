import { badInput } from '@kaikukanta/kit';

export const scopesRequired = () =>
  badInput('scopes', { fi: 'Valitse vähintään yksi oikeus.', sv: 'Välj minst en behörighet.', en: 'Choose at least one scope.' }, 'REQUIRED');

export const expiryInPast = () =>
  badInput('expiresAt', { fi: 'Päättymisajan on oltava tulevaisuudessa.', sv: 'Utgångstiden måste vara i framtiden.', en: 'The expiry must be in the future.' }, 'IN_PAST');
