import { AppError, badInput } from '@kaikukanta/kit';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, type PasswordProblem } from './password.js';

export const invalidCredentials = () =>
  new AppError('INVALID_CREDENTIALS', {
    messages: {
      fi: 'Sähköpostiosoite tai salasana on väärä.',
      sv: 'Fel e-postadress eller lösenord.',
      en: 'Wrong email address or password.',
    },
  });

export const loginThrottled = (retryAfterSeconds: number) =>
  new AppError('RATE_LIMITED', {
    messages: {
      fi: 'Liian monta epäonnistunutta kirjautumista. Yritä myöhemmin uudelleen.',
      sv: 'För många misslyckade inloggningar. Försök igen senare.',
      en: 'Too many failed logins. Try again later.',
    },
    details: { retryAfterSeconds },
  });

/** L5: too many password checks at once; the caller may simply try again in a moment. */
export const passwordCheckBusy = () =>
  new AppError('RATE_LIMITED', {
    messages: {
      fi: 'Kirjautumispalvelu on juuri nyt ruuhkainen. Yritä hetken kuluttua uudelleen.',
      sv: 'Inloggningstjänsten är överbelastad just nu. Försök igen om en stund.',
      en: 'Sign-in is busy right now. Try again in a moment.',
    },
    details: { retryAfterSeconds: 1 },
  });

export const invalidEmail = () =>
  badInput('email', { fi: 'Tarkista sähköpostiosoite.', sv: 'Kontrollera e-postadressen.', en: 'Check the email address.' }, 'INVALID_EMAIL');

export const emailTaken = () =>
  new AppError('EMAIL_TAKEN', {
    messages: {
      fi: 'Tällä sähköpostiosoitteella on jo käyttäjätili.',
      sv: 'Det finns redan ett konto med den här e-postadressen.',
      en: 'An account with this email address already exists.',
    },
    details: { field: 'email' },
  });

export function passwordRejected(problem: PasswordProblem) {
  const messages = {
    TOO_SHORT: {
      fi: `Salasanassa on oltava vähintään ${PASSWORD_MIN_LENGTH} merkkiä.`,
      sv: `Lösenordet måste ha minst ${PASSWORD_MIN_LENGTH} tecken.`,
      en: `The password must have at least ${PASSWORD_MIN_LENGTH} characters.`,
    },
    TOO_LONG: {
      fi: `Salasanassa saa olla enintään ${PASSWORD_MAX_LENGTH} merkkiä.`,
      sv: `Lösenordet får ha högst ${PASSWORD_MAX_LENGTH} tecken.`,
      en: `The password may have at most ${PASSWORD_MAX_LENGTH} characters.`,
    },
    TOO_SIMPLE: {
      fi: 'Salasana on liian helppo arvata.',
      sv: 'Lösenordet är för lätt att gissa.',
      en: 'The password is too easy to guess.',
    },
  }[problem];
  return new AppError('WEAK_PASSWORD', { messages, details: { field: 'password', reason: problem } });
}

export const invitationInvalid = () =>
  new AppError('INVITATION_INVALID', {
    messages: {
      fi: 'Kutsulinkki on vanhentunut tai jo käytetty.',
      sv: 'Inbjudningslänken har gått ut eller redan använts.',
      en: 'The invitation link has expired or has already been used.',
    },
  });

export const blankField = (field: string) =>
  badInput(field, { fi: 'Kenttä on pakollinen.', sv: 'Fältet är obligatoriskt.', en: 'This field is required.' }, 'REQUIRED');

export const membershipScopeInvalid = () =>
  badInput(
    'scope',
    {
      fi: 'Rooli ei sovi valittuun organisaatioon tai alueeseen.',
      sv: 'Rollen passar inte den valda organisationen eller området.',
      en: 'The role does not fit the chosen organisation or region.',
    },
    'SCOPE_MISMATCH',
  );

/** Decision 0022: a culture officer acts for one municipality's providers, so the membership must name it. */
export const officerMunicipalityMissing = () =>
  badInput(
    'municipalityCode',
    {
      fi: 'Valitse kunta, jonka kulttuurivastaavana henkilö toimii.',
      sv: 'Välj den kommun där personen är kulturansvarig.',
      en: 'Choose the municipality the person is the culture officer of.',
    },
    'MUNICIPALITY_REQUIRED',
  );

/** Decision 0022: the officer's municipality must lie in the membership's region. */
export const officerMunicipalityOutsideRegion = () =>
  badInput(
    'municipalityCode',
    {
      fi: 'Kunta ei kuulu valittuun alueeseen.',
      sv: 'Kommunen hör inte till det valda området.',
      en: 'The municipality is not in the chosen region.',
    },
    'MUNICIPALITY_OUTSIDE_REGION',
  );

const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

/** Lower-cased, trimmed email, or BAD_USER_INPUT. */
export function normaliseEmail(raw: string): string {
  const email = raw.trim().toLowerCase();
  if (email.length > 254 || !EMAIL.test(email)) throw invalidEmail();
  return email;
}

/** Trimmed, non-empty text of at most `max` characters. */
export function requiredText(field: string, raw: string, max: number): string {
  const value = raw.trim();
  if (!value) throw blankField(field);
  if (value.length > max) throw badInput(field, { fi: `Enintään ${max} merkkiä.`, sv: `Högst ${max} tecken.`, en: `At most ${max} characters.` }, 'TOO_LONG');
  return value;
}

export const ownMembershipRefused = () =>
  new AppError('OWN_MEMBERSHIP', {
    messages: {
      fi: 'Et voi poistaa omaa rooliasi. Pyydä toista ylläpitäjää tekemään se.',
      sv: 'Du kan inte ta bort din egen roll. Be en annan administratör göra det.',
      en: 'You cannot remove your own role. Ask another administrator to do it.',
    },
  });

export const passwordResetInvalid = () =>
  new AppError('PASSWORD_RESET_INVALID', {
    messages: {
      fi: 'Salasanan vaihtolinkki on vanhentunut tai jo käytetty.',
      sv: 'Länken för nytt lösenord har gått ut eller redan använts.',
      en: 'The password reset link has expired or has already been used.',
    },
  });
