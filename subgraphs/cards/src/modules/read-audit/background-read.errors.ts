import { badInput } from '@kaikukanta/kit';

export const invalidReadPeriod = () =>
  badInput(
    'until',
    {
      fi: 'Jakson alun on oltava ennen sen loppua, ja jakso voi olla enintään 366 päivää.',
      sv: 'Periodens början måste vara före dess slut, och perioden får vara högst 366 dagar.',
      en: 'The period must start before it ends and span at most 366 days.',
    },
    'INVALID_PERIOD',
  );
