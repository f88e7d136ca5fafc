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
      fi: 'Myöntämispäivä ei voi olla tulevaisuudessa eikä yli vuoden takana.',
      sv: 'Beviljandedagen kan inte ligga i framtiden eller mer än ett år bakåt.',
      en: 'The grant date cannot be in the future or more than a year ago.',
    },
    'OUT_OF_RANGE',
  );

export const invalidTrialEnd = () =>
  badInput(
    'trialEndsOn',
    {
      fi: 'Kokeilun päättymispäivän on oltava myöntämispäivän ja 12 kuukauden välillä.',
      sv: 'Försökets slutdag ska ligga mellan beviljandedagen och 12 månader framåt.',
      en: 'The end of the trial must fall between the grant date and twelve months later.',
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

export const invalidEffectiveDate = (field: string) =>
  badInput(
    field,
    {
      fi: 'Päivän on oltava kortin voimassaoloaikana eikä tulevaisuudessa.',
      sv: 'Dagen ska ligga inom kortets giltighetstid och inte i framtiden.',
      en: 'The day must fall within the card’s validity and not in the future.',
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
