import { AppError } from '@kaikukanta/kit';

/** R27, decision 0017: suppressed figures exist for calendar years, months and days only (and days only where kept). */
export const periodNotPublished = () =>
  new AppError('STATISTICS_PERIOD_NOT_PUBLISHED', {
    messages: {
      fi: 'Tilastot julkaistaan tälle rajaukselle vain kalenterivuosittain, -kuukausittain tai -päivittäin.',
      sv: 'Statistiken publiceras för den här avgränsningen bara per kalenderår, -månad eller -dag.',
      en: 'These figures are published for calendar years, months or days only.',
    },
  });

export const periodInvalid = () =>
  new AppError('BAD_USER_INPUT', {
    messages: {
      fi: 'Aikavälin alku on sen lopun jälkeen.',
      sv: 'Periodens början ligger efter dess slut.',
      en: 'The period starts after it ends.',
    },
    details: { field: 'period' },
  });
