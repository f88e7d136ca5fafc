import { badInput } from '@kaikukanta/kit';

export const kindsRequired = () =>
  badInput('kinds', { fi: 'Valitse vähintään yksi rooli.', sv: 'Välj minst en roll.', en: 'Choose at least one kind.' }, 'REQUIRED');

export const providerNeedsVenue = () =>
  badInput(
    'venueType',
    {
      fi: 'Kulttuuritoimijalle valitaan toimipaikan tyyppi ja ala.',
      sv: 'För en kulturaktör väljs typ av verksamhet och område.',
      en: 'A culture provider needs a venue type and a field.',
    },
    'REQUIRED',
  );

/** R18: the link runs from a ticket agent to a culture provider. */
export const kindMismatch = () =>
  badInput(
    'agentId',
    {
      fi: 'Lipunvälittäjä voi liittää vain kulttuuritoimijan.',
      sv: 'En biljettförmedlare kan bara kopplas till en kulturaktör.',
      en: 'Only a ticket agent can be linked to a culture provider.',
    },
    'KIND_MISMATCH',
  );
