import { AppError, badInput, type Messages } from '@kaikukanta/kit';
import { CAP_RULE_TEXT, type CapMinimum } from './cap-rules.js';
import type { LocalTimeProblem } from './event-time.js';

/** R20: a cap below what the event's rule allows; the message names the rule and the minimum. */
export const capBelowMinimum = ({ rule, minimum }: CapMinimum) => {
  const text = CAP_RULE_TEXT[rule];
  return new AppError('CAP_BELOW_MINIMUM', {
    messages: {
      fi: `Yläraja on liian pieni: sen on oltava vähintään ${minimum}, koska ${text.fi}.`,
      sv: `Gränsen är för låg: den måste vara minst ${minimum}, eftersom ${text.sv}.`,
      en: `The cap is too low: it must be at least ${minimum}, because ${text.en}.`,
    },
    details: { field: 'cap', rule, minimum },
  });
};

/** R21: a cap may not be lowered below the card holders already registered for the event. */
export const capBelowRegistered = (registered: number) =>
  new AppError('CAP_BELOW_REGISTERED', {
    messages: {
      fi: `Ylärajaa ei voi laskea alle jo rekisteröityjen kortinhaltijoiden määrän (${registered}).`,
      sv: `Gränsen kan inte sänkas under antalet redan registrerade kortinnehavare (${registered}).`,
      en: `The cap cannot be lowered below the card holders already registered (${registered}).`,
    },
    details: { field: 'cap', registered },
  });

/** A cap above the tickets there are means nothing: the provider has typed the wrong number. */
export const capAboveCapacity = (capacity: number) =>
  new AppError('CAP_ABOVE_CAPACITY', {
    messages: {
      fi: `Yläraja ei voi olla suurempi kuin lippujen määrä (${capacity}).`,
      sv: `Gränsen kan inte vara större än antalet biljetter (${capacity}).`,
      en: `The cap cannot be larger than the number of tickets (${capacity}).`,
    },
    details: { field: 'cap', capacity },
  });

/** R20: capacity below the card holders already registered would leave them without a seat. */
export const capacityBelowRegistered = (registered: number) =>
  new AppError('CAPACITY_BELOW_REGISTERED', {
    messages: {
      fi: `Lippujen määrä ei voi olla pienempi kuin jo rekisteröityjen kortinhaltijoiden määrä (${registered}).`,
      sv: `Antalet biljetter kan inte vara mindre än antalet redan registrerade kortinnehavare (${registered}).`,
      en: `The number of tickets cannot be smaller than the card holders already registered (${registered}).`,
    },
    details: { field: 'capacity', registered },
  });

const TIME_MESSAGES: Record<LocalTimeProblem, Messages> = {
  MALFORMED: {
    fi: 'Anna alkamisaika muodossa VVVV-KK-PPTHH:MM (Suomen aikaa).',
    sv: 'Ange starttiden som ÅÅÅÅ-MM-DDTHH:MM (finsk tid).',
    en: 'Give the start as YYYY-MM-DDTHH:MM (Finnish time).',
  },
  NONEXISTENT: {
    fi: 'Tätä kellonaikaa ei ole Suomessa sinä yönä: kellot siirtyvät kesäaikaan klo 3.00 → 4.00.',
    sv: 'Den tiden finns inte i Finland den natten: klockan ställs fram till sommartid kl. 3.00 → 4.00.',
    en: 'That time does not exist in Finland that night: clocks go forward to summer time at 03:00 → 04:00.',
  },
};

/** The start time could not be read as Helsinki wall time (decision 0014). */
export const invalidStart = (problem: LocalTimeProblem) => badInput('startsAt', TIME_MESSAGES[problem], problem === 'NONEXISTENT' ? 'TIME_DOES_NOT_EXIST' : 'MALFORMED');

export const invalidName = () =>
  badInput('name', {
    fi: 'Anna tapahtuman nimi (1–200 merkkiä).',
    sv: 'Ange evenemangets namn (1–200 tecken).',
    en: 'Give the event a name (1–200 characters).',
  });

export const invalidCapacity = () =>
  badInput('capacity', {
    fi: 'Lippujen määrän on oltava kokonaisluku 1–1 000 000.',
    sv: 'Antalet biljetter måste vara ett heltal 1–1 000 000.',
    en: 'The number of tickets must be a whole number from 1 to 1,000,000.',
  });

export const invalidTimeLimit = (field: 'reservationOpensDaysBefore' | 'redemptionOpensMinutesBefore') =>
  badInput(
    field,
    field === 'reservationOpensDaysBefore'
      ? { fi: 'Varaukset voivat alkaa 1–365 päivää ennen tapahtumaa.', sv: 'Bokningar kan öppna 1–365 dagar före evenemanget.', en: 'Reservations may open 1–365 days before the event.' }
      : { fi: 'Lunastus voi alkaa 1–1 440 minuuttia ennen tapahtumaa.', sv: 'Inlösen kan öppna 1–1 440 minuter före evenemanget.', en: 'Redemption may open 1–1,440 minutes before the event.' },
  );

export const invalidExclusionNote = () =>
  badInput('note', {
    fi: 'Lisätieto saa olla enintään 300 merkkiä.',
    sv: 'Tilläggsuppgiften får vara högst 300 tecken.',
    en: 'The note may be at most 300 characters.',
  });

export const invalidPeriod = () =>
  badInput('to', {
    fi: 'Jakson loppu ei voi olla ennen alkua, ja jakso voi olla enintään 400 päivää.',
    sv: 'Periodens slut kan inte vara före början, och perioden får vara högst 400 dagar.',
    en: 'The period cannot end before it starts, and may be at most 400 days long.',
  });

/** The organisation named is not an active culture provider (or no organisation at all). */
export const providerNotFound = () => new AppError('NOT_FOUND', { details: { field: 'providerId' } });
