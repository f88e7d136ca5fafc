import { AppError, type Locale, type Messages } from '@kaikukanta/kit';
import { toHelsinki } from '../event/event-time.js';
import type { ExclusionReason } from '../event/event.model.js';
import { EXCLUSION_TEXT } from '../event/exclusion-text.js';

/**
 * Every reason a registration is refused: a stable code a partner system can act on, a message in the caller's
 * language (STYLE habit 12), and the rule it holds. Published for partners in docs/partners/README.md.
 */
export const PROBLEM_MESSAGES = {
  INVALID_CARD_CODE: {
    fi: 'Korttikoodi ei kelpaa: siinä saa olla vain kirjaimia A–Z ja numeroita (4–20 merkkiä).',
    sv: 'Kortkoden är ogiltig: den får bara innehålla bokstäverna A–Z och siffror (4–20 tecken).',
    en: 'The card code is not valid: it may contain only letters A–Z and digits (4–20 characters).',
  },
  CARD_NOT_REGISTERED: {
    fi: 'Korttia ei ole rekisteröity Kaikukantaan, joten sitä ei voi käyttää.',
    sv: 'Kortet är inte registrerat i Kaikukanta och kan inte användas.',
    en: 'The card is not registered in Kaikukanta and cannot be used.',
  },
  CARD_NOT_YET_VALID: {
    fi: 'Kortti ei ole vielä voimassa tapahtuman päivänä.',
    sv: 'Kortet är ännu inte giltigt på evenemangets dag.',
    en: 'The card is not yet valid on the day of the event.',
  },
  CARD_EXPIRED: {
    fi: 'Kortin voimassaolo on päättynyt ennen tapahtuman päivää.',
    sv: 'Kortets giltighet har gått ut före evenemangets dag.',
    en: 'The card has expired by the day of the event.',
  },
  CARD_ENDED: {
    fi: 'Kortin voimassaolo on lopetettu.',
    sv: 'Kortets giltighet har avslutats.',
    en: 'The card’s validity has been ended.',
  },
  CARD_OUT_OF_USE: {
    fi: 'Kortti on poistettu käytöstä.',
    sv: 'Kortet har tagits ur bruk.',
    en: 'The card has been taken out of use.',
  },
  CHILD_TICKETS_FOR_COURSE: {
    fi: 'Kurssipaikkoihin ei voi saada lasten lippuja.',
    sv: 'Barnbiljetter kan inte fås till kursplatser.',
    en: 'Child tickets are not available for course places.',
  },
  COMMUNITY_CARD_FOR_COURSE: {
    fi: 'Yhteisön Kaikukorttia ei voi käyttää kurssipaikkoihin.',
    sv: 'Kaikukortti för samfund kan inte användas för kursplatser.',
    en: 'A community card cannot be used for course places.',
  },
  TOO_MANY_CHILD_TICKETS: {
    fi: 'Lasten lippuja on enemmän kuin kortille on rekisteröity.',
    sv: 'Fler barnbiljetter än vad som registrerats för kortet.',
    en: 'More child tickets than the card allows.',
  },
  CAP_EXCEEDED: {
    fi: 'Tapahtuman Kaikukortti-paikat ovat täynnä.',
    sv: 'Evenemangets platser för Kaikukortti är fulla.',
    en: 'The event’s places for Kaikukortti holders are full.',
  },
  OUTSIDE_TIME_LIMITS: {
    fi: 'Kaikukortilla ei voi hankkia lippua tähän tapahtumaan tällä hetkellä (järjestäjän aikarajat).',
    sv: 'Biljett med Kaikukortti kan inte fås till evenemanget just nu (arrangörens tidsgränser).',
    en: 'Tickets with the card cannot be acquired for this event at this time (the provider’s time limits).',
  },
  EVENT_EXCLUDED: {
    fi: 'Järjestäjä on rajannut tämän tapahtuman Kaikukortin ulkopuolelle.',
    sv: 'Arrangören har undantagit evenemanget från Kaikukortti.',
    en: 'The provider has excluded this event from the card.',
  },
  EVENT_NOT_FOUND: {
    fi: 'Tapahtumaa ei löytynyt.',
    sv: 'Evenemanget hittades inte.',
    en: 'The event was not found.',
  },
  NOT_OWN_EVENT: {
    fi: 'Voit kirjata käyttökertoja vain oman organisaatiosi tapahtumiin.',
    sv: 'Du kan registrera användningar endast för din egen organisations evenemang.',
    en: 'You can register uses only for your own organisation’s events.',
  },
  PROVIDER_NOT_CLIENT: {
    fi: 'Kulttuuritoimija ei ole lipunvälittäjän asiakas.',
    sv: 'Kulturaktören är inte biljettförmedlarens kund.',
    en: 'The culture provider is not a client of the ticket agent.',
  },
  PROVIDER_OUTSIDE_AREA: {
    fi: 'Kulttuuritoimija ei ole alueellasi: voit kirjata vain alueesi toimijoiden puolesta.',
    sv: 'Kulturaktören finns inte i ditt område: du kan registrera endast för aktörer i ditt område.',
    en: 'The culture provider is outside your area: you can register only on behalf of providers in your area.',
  },
  USAGE_WRITE_SCOPE_MISSING: {
    fi: 'API-avaimella ei ole oikeutta kirjata käyttökertoja (USAGE_WRITE).',
    sv: 'API-nyckeln får inte registrera användningar (USAGE_WRITE).',
    en: 'The API key may not register uses (USAGE_WRITE).',
  },
  CAPTURED_AT_IN_FUTURE: {
    fi: 'Kirjausaika on tulevaisuudessa. Tarkista laitteen kello.',
    sv: 'Registreringstiden ligger i framtiden. Kontrollera enhetens klocka.',
    en: 'The capture time is in the future. Check the device’s clock.',
  },
  GROUP_STAFF_CARD_NOT_COMMUNITY: {
    fi: 'Ryhmän ohjaajan kortin on oltava yhteisön Kaikukortti.',
    sv: 'Gruppledarens kort ska vara ett Kaikukortti för samfund.',
    en: 'The group’s staff card must be a community card.',
  },
  GROUP_MEMBER_CARD_NOT_PERSONAL: {
    fi: 'Ryhmän jäsenellä on oltava oma henkilökohtainen Kaikukortti.',
    sv: 'En gruppmedlem ska ha ett eget personligt Kaikukortti.',
    en: 'Each group member needs their own personal card.',
  },
  GROUP_SIZE: {
    fi: 'Ryhmässä on oltava 1–5 jäsentä ohjaajan lisäksi.',
    sv: 'Gruppen ska ha 1–5 medlemmar utöver ledaren.',
    en: 'A group has 1–5 members besides the staff member.',
  },
  DUPLICATE_CARD: {
    fi: 'Sama kortti on ryhmässä kahdesti.',
    sv: 'Samma kort finns två gånger i gruppen.',
    en: 'The same card appears twice in the group.',
  },
  INVALID_CHILD_TICKETS: {
    fi: 'Lasten lippujen määrä ei kelpaa.',
    sv: 'Antalet barnbiljetter är ogiltigt.',
    en: 'The number of child tickets is not valid.',
  },
  INVALID_REPORTED_EVENT: {
    fi: 'Anna joko tapahtuma tai tapahtuman nimi, päivä ja järjestäjä.',
    sv: 'Ange antingen evenemanget eller evenemangets namn, datum och arrangör.',
    en: 'Give either the event, or the event’s name, date and provider.',
  },
} satisfies Record<string, Messages>;

export type ProblemCode = keyof typeof PROBLEM_MESSAGES;

/** One reason a registration (or one card of a group) is refused; `member` is the group member's index, -1 for the staff card. */
export interface RegistrationProblem {
  code: ProblemCode;
  /** The input field it concerns, for the form to mark. */
  field: string;
  member?: number;
  /** EVENT_EXCLUDED (R19): the provider's reason, which users see. */
  reason?: ExclusionReason;
  /** OUTSIDE_TIME_LIMITS (R22): when registration opens for the event (ISO 8601 instant). */
  opensAt?: string;
}

export const problem = (code: ProblemCode, field: string, member?: number): RegistrationProblem => ({ code, field, ...(member === undefined ? {} : { member }) });

/**
 * A problem's message in the caller's language: the code's message, and for a restriction of the provider what it is
 * (R19: restrictions must be visible — the exclusion's reason; R22: when registration opens, in Finnish time).
 */
export function problemMessage(p: RegistrationProblem, locale: Locale): string {
  const base = PROBLEM_MESSAGES[p.code][locale];
  if (p.code === 'EVENT_EXCLUDED' && p.reason) return `${base} ${EXCLUSION_TEXT[p.reason][locale]}`;
  if (p.code === 'OUTSIDE_TIME_LIMITS' && p.opensAt) return OPENS_AT[locale](finnishTime(new Date(p.opensAt), locale));
  return base;
}

const OPENS_AT: Record<Locale, (when: string) => string> = {
  fi: (when) => `Kaikukortilla voi hankkia lipun tähän tapahtumaan vasta ${when} alkaen (järjestäjän aikarajat).`,
  sv: (when) => `Biljett med Kaikukortti kan fås till evenemanget först från ${when} (arrangörens tidsgränser).`,
  en: (when) => `Tickets with the card can be acquired for this event only from ${when} (the provider’s time limits).`,
};

const MONTHS_EN = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** An instant as Finnish wall time, written as each language writes it: `12.1.2027 klo 18.30`, `12.1.2027 kl. 18.30`, `12 January 2027 at 18:30 (Finnish time)`. */
export function finnishTime(instant: Date, locale: Locale): string {
  const wall = toHelsinki(instant);
  const [year, month, day] = [Number(wall.slice(0, 4)), Number(wall.slice(5, 7)), Number(wall.slice(8, 10))];
  const [hour, minute] = [wall.slice(11, 13), wall.slice(14, 16)];
  if (locale === 'fi') return `${day}.${month}.${year} klo ${hour}.${minute}`;
  if (locale === 'sv') return `${day}.${month}.${year} kl. ${hour}.${minute}`;
  return `${day} ${MONTHS_EN[month - 1]} ${year} at ${hour}:${minute} (Finnish time)`;
}

/**
 * The error an entry point throws for refused registrations: the first problem's code and message, every
 * problem (code, field, group member, message in the caller's language) in `details.problems`.
 */
export function registrationRefused(problems: readonly RegistrationProblem[], locale: Locale, options: { group?: boolean } = {}): AppError {
  const [first] = problems;
  if (!first) throw new Error('registrationRefused: no problems');
  const code = options.group ? 'GROUP_REFUSED' : first.code;
  const messages: Messages = options.group ? GROUP_REFUSED : { fi: problemMessage(first, 'fi'), sv: problemMessage(first, 'sv'), en: problemMessage(first, 'en') };
  return new AppError(code, {
    messages,
    details: { field: first.field, problems: problems.map((p) => ({ ...p, message: problemMessage(p, locale) })) },
  });
}

const GROUP_REFUSED: Messages = {
  fi: 'Ryhmäkäyntiä ei kirjattu: jokin korteista ei kelpaa. Kirjaamatta jäi koko ryhmä.',
  sv: 'Gruppbesöket registrerades inte: något av korten godtas inte. Ingen i gruppen registrerades.',
  en: 'The group visit was not registered: a card was refused, so none of the group was.',
};

export const idempotencyKeyReused = () =>
  new AppError('IDEMPOTENCY_KEY_REUSED', {
    messages: {
      fi: 'Sama idempotenssiavain on jo käytetty toiseen pyyntöön. Käytä uutta avainta.',
      sv: 'Samma idempotensnyckel har redan använts för en annan begäran. Använd en ny nyckel.',
      en: 'This idempotency key was already used for a different request. Use a new key.',
    },
    details: { field: 'idempotencyKey' },
  });

export const invalidIdempotencyKey = () =>
  new AppError('BAD_USER_INPUT', {
    messages: {
      fi: 'Idempotenssiavaimessa on 8–100 merkkiä: kirjaimia, numeroita ja merkkejä . _ : -',
      sv: 'Idempotensnyckeln har 8–100 tecken: bokstäver, siffror och . _ : -',
      en: 'An idempotency key has 8–100 characters: letters, digits and . _ : -',
    },
    details: { field: 'idempotencyKey', reason: 'INVALID_IDEMPOTENCY_KEY' },
  });

export const cancellationWindowClosed = (days: number) =>
  new AppError('CANCELLATION_WINDOW_CLOSED', {
    messages: {
      fi: `Käyttökerran voi perua vain ${days} päivän kuluessa tapahtuman päivästä.`,
      sv: `En användning kan ångras endast inom ${days} dagar efter evenemangets dag.`,
      en: `A use can be cancelled only within ${days} days after the event’s day.`,
    },
    details: { field: 'usageId' },
  });

export const alreadyCancelled = () =>
  new AppError('ALREADY_CANCELLED', {
    messages: { fi: 'Käyttökerta on jo peruttu.', sv: 'Användningen har redan ångrats.', en: 'The use has already been cancelled.' },
    details: { field: 'usageId' },
  });

export const writesThrottled = (secondsLeft: number) =>
  new AppError('RATE_LIMITED', {
    messages: {
      fi: 'Liian monta kirjausta minuutissa. Yritä hetken kuluttua uudelleen.',
      sv: 'För många registreringar per minut. Försök igen om en stund.',
      en: 'Too many registrations per minute. Try again in a moment.',
    },
    details: { retryAfterSeconds: secondsLeft },
  });
