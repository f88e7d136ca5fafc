import { AppError, badInput, personalIdentityCodeRefused } from '@kaikukanta/kit';
import type { CodeProblem } from './card-code.js';

/**
 * R2: a code that is still malformed after normalisation; R9: one that is a
 * personal identity code once normalised gets the gateway's own refusal.
 */
export const invalidCardCode = (problem: CodeProblem) =>
  problem === 'PERSONAL_IDENTITY_CODE'
    ? personalIdentityCodeRefused()
    : badInput(
        'code',
        {
          fi: 'Korttikoodi ei kelpaa: siinä saa olla vain kirjaimia A–Z ja numeroita (4–20 merkkiä).',
          sv: 'Kortkoden är ogiltig: den får bara innehålla bokstäverna A–Z och siffror (4–20 tecken).',
          en: 'The card code is not valid: it may contain only letters A–Z and digits (4–20 characters).',
        },
        problem,
      );

export const cardAlreadyRegistered = () =>
  new AppError('CARD_ALREADY_REGISTERED', {
    messages: {
      fi: 'Kortti tällä koodilla on jo rekisteröity.',
      sv: 'Ett kort med den här koden är redan registrerat.',
      en: 'A card with this code is already registered.',
    },
    details: { field: 'code' },
  });

export const holderTooYoung = () =>
  badInput(
    'birthYear',
    {
      fi: 'Kortin voi myöntää vain 16 vuotta täyttäneelle (syntymävuosi ratkaisee).',
      sv: 'Kortet kan beviljas endast den som fyller 16 år under beviljandeåret.',
      en: 'A card can be granted only to a person who turns 16 in the grant year or earlier.',
    },
    'UNDER_16',
  );

export const invalidBirthYear = () =>
  badInput('birthYear', { fi: 'Tarkista syntymävuosi.', sv: 'Kontrollera födelseåret.', en: 'Check the birth year.' }, 'OUT_OF_RANGE');

export const invalidPostalCode = () =>
  badInput('postalCode', { fi: 'Postinumerossa on viisi numeroa.', sv: 'Postnumret har fem siffror.', en: 'A postal code has five digits.' }, 'INVALID_POSTAL_CODE');

export const invalidMinorChildren = () =>
  badInput(
    'minorChildren',
    { fi: 'Tarkista alaikäisten lasten määrä.', sv: 'Kontrollera antalet minderåriga barn.', en: 'Check the number of minor children.' },
    'OUT_OF_RANGE',
  );

export const invalidLifeSituations = () =>
  badInput(
    'lifeSituations',
    {
      fi: 'Valitse vähintään yksi elämäntilanne, tai ”ei halua kertoa” yksinään.',
      sv: 'Välj minst en livssituation, eller ”vill inte uppge” ensamt.',
      en: 'Choose at least one life situation, or “not told” on its own.',
    },
    'INVALID_LIFE_SITUATIONS',
  );

export const backgroundRequired = () =>
  badInput(
    'background',
    { fi: 'Henkilökohtaiselle kortille kirjataan taustatiedot.', sv: 'För ett personligt kort antecknas bakgrundsuppgifter.', en: 'A personal card needs background data.' },
    'REQUIRED',
  );

export const backgroundNotAllowed = () =>
  badInput(
    'background',
    {
      fi: 'Yhteisön kortille ei kirjata taustatietoja.',
      sv: 'För ett kort för samfund antecknas inga bakgrundsuppgifter.',
      en: 'A community card has no background data.',
    },
    'NOT_ALLOWED',
  );

export const invalidGrantDate = () =>
  badInput(
    'grantedOn',
    {
      fi: 'Myöntämispäivä ei voi olla tulevaisuudessa eikä vuoden tai enemmän takana (kortti olisi jo vanhentunut).',
      sv: 'Beviljandedagen kan inte ligga i framtiden eller ett år eller mer bakåt (kortet skulle redan ha gått ut).',
      en: 'The grant date cannot be in the future or a year or more ago (the card would already have expired).',
    },
    'OUT_OF_RANGE',
  );

export const invalidTrialEnd = () =>
  badInput(
    'trialEndsOn',
    {
      fi: 'Kokeilun päättymispäivän on oltava myöntämispäivän ja 12 kuukauden välillä, eikä se voi olla jo mennyt.',
      sv: 'Försökets slutdag ska ligga mellan beviljandedagen och 12 månader framåt och får inte redan ha passerat.',
      en: 'The end of the trial must fall between the grant date and twelve months later, and not before today.',
    },
    'OUT_OF_RANGE',
  );

export const invalidExtension = () =>
  badInput(
    'validUntil',
    {
      fi: 'Uuden viimeisen voimassaolopäivän on oltava nykyistä myöhäisempi ja enintään 12 kuukauden päässä uusimispäivästä.',
      sv: 'Den nya sista giltighetsdagen ska vara senare än den nuvarande och högst 12 månader från förnyelsedagen.',
      en: 'The new last valid day must be later than the current one and at most twelve months from the renewal date.',
    },
    'OUT_OF_RANGE',
  );

/** R6: a renewal happens between the grant day and today (an expired card may be renewed, a future renewal not). */
export const invalidRenewalDate = () =>
  badInput(
    'renewedOn',
    {
      fi: 'Uusimispäivän on oltava myöntämispäivän ja tämän päivän välillä.',
      sv: 'Förnyelsedagen ska ligga mellan beviljandedagen och i dag.',
      en: 'The renewal date must fall between the grant date and today.',
    },
    'OUT_OF_RANGE',
  );

/**
 * R6: the day from which an ended or out-of-use card stops working: from the
 * grant day to the day after its last valid day. A later day may be chosen
 * (an end agreed in advance); the card works until then.
 */
export const invalidClosingDate = (field: string) =>
  badInput(
    field,
    {
      fi: 'Päivän on oltava myöntämispäivän ja viimeistä voimassaolopäivää seuraavan päivän välillä.',
      sv: 'Dagen ska ligga mellan beviljandedagen och dagen efter den sista giltighetsdagen.',
      en: 'The day must fall between the grant date and the day after the last valid day.',
    },
    'OUT_OF_RANGE',
  );

export const cardNotActive = () =>
  new AppError('CARD_NOT_ACTIVE', {
    messages: {
      fi: 'Kortin voimassaolo on jo päätetty tai kortti on poistettu käytöstä.',
      sv: 'Kortets giltighet har redan avslutats eller kortet har tagits ur bruk.',
      en: 'The card’s validity has already been ended or the card has been taken out of use.',
    },
  });

export const lookupsThrottled = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', {
    messages: {
      fi: 'Liian monta korttihakua. Yritä hetken kuluttua uudelleen.',
      sv: 'För många kortsökningar. Försök igen om en stund.',
      en: 'Too many card look-ups. Try again in a moment.',
    },
    details: { retryAfterSeconds },
  });

/** L1/R29: a status look-up asks about a day near today (an event's date), not about the card's whole history. */
export const statusDayOutOfRange = (daysBack: number, daysAhead: number) =>
  badInput(
    'on',
    {
      fi: `Päivän on oltava enintään ${daysBack} päivää menneisyydessä ja enintään ${daysAhead} päivää tulevaisuudessa.`,
      sv: `Dagen får ligga högst ${daysBack} dagar bakåt och högst ${daysAhead} dagar framåt.`,
      en: `The day must be at most ${daysBack} days in the past and at most ${daysAhead} days ahead.`,
    },
    'OUT_OF_RANGE',
  );
