import { AppError, badInput } from '@kaikukanta/kit';

export const unknownMunicipality = (field = 'municipalityCode') =>
  badInput(field, { fi: 'Tuntematon kunta.', sv: 'Okänd kommun.', en: 'Unknown municipality.' }, 'UNKNOWN_MUNICIPALITY');

export const invalidMunicipalityCode = () =>
  badInput(
    'code',
    { fi: 'Kuntanumero on kolme numeroa, esim. 091.', sv: 'Kommunnumret är tre siffror, t.ex. 091.', en: 'A municipality code is three digits, e.g. 091.' },
    'INVALID_CODE',
  );

export const invalidRegionCode = () =>
  badInput(
    'code',
    {
      fi: 'Alueen tunnus: 2–40 isoa kirjainta, numeroa tai alaviivaa.',
      sv: 'Områdets kod: 2–40 versaler, siffror eller understreck.',
      en: 'A region code has 2–40 capital letters, digits or underscores.',
    },
    'INVALID_CODE',
  );

export const regionCodeTaken = () =>
  new AppError('CONFLICT', {
    messages: { fi: 'Alueella on jo tämä tunnus.', sv: 'Ett område har redan den här koden.', en: 'A region with this code already exists.' },
    details: { field: 'code' },
  });
