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

/**
 * An organisation stays in its region: the cards it registered carry that
 * region, and the region's responsible person (and no other) sees their
 * background data. A move between regions (e.g. a welfare-area reform) needs
 * a planned migration of the cards, not an edit.
 */
export const regionChangeRefused = (field: 'municipalityCode' | 'regionId') =>
  badInput(
    field,
    {
      fi: 'Toimijaa ei voi siirtää toiselle alueelle muokkaamalla. Ota yhteyttä valtakunnalliseen tukipalveluun.',
      sv: 'En aktör kan inte flyttas till ett annat område genom redigering. Kontakta den nationella stödtjänsten.',
      en: 'An organisation cannot be moved to another region by editing it. Contact the national support service.',
    },
    'REGION_CHANGE',
  );
