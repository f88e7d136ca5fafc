import type { Messages } from '@kaikukanta/kit';
import type { ExclusionReason } from './event.model.js';

/** R19: restrictions must be visible — each reason in the user's language. */
export const EXCLUSION_TEXT: Record<ExclusionReason, Messages> = {
  TOURING_PRODUCTION: {
    fi: 'Vierailuesitys: ei käytettävissä Kaikukortilla.',
    sv: 'Gästspel: kan inte användas med Kaikukortti.',
    en: 'Touring production: not available with the Kaikukortti card.',
  },
  PREMIERE_OR_GALA: {
    fi: 'Ensi-ilta tai gaala: ei käytettävissä Kaikukortilla.',
    sv: 'Premiär eller gala: kan inte användas med Kaikukortti.',
    en: 'Premiere or gala: not available with the Kaikukortti card.',
  },
  CINEMA_RESTRICTION: {
    fi: 'Elokuvateatterin rajoitus: ei käytettävissä Kaikukortilla.',
    sv: 'Biografens begränsning: kan inte användas med Kaikukortti.',
    en: 'Cinema restriction: not available with the Kaikukortti card.',
  },
  ENROLMENT_RULES: {
    fi: 'Kansalaisopiston ilmoittautumisehdot rajoittavat Kaikukortin käyttöä.',
    sv: 'Medborgarinstitutets anmälningsvillkor begränsar användningen av Kaikukortti.',
    en: 'The adult education centre’s enrolment rules restrict the Kaikukortti card.',
  },
  OTHER: {
    fi: 'Ei käytettävissä Kaikukortilla.',
    sv: 'Kan inte användas med Kaikukortti.',
    en: 'Not available with the Kaikukortti card.',
  },
};
