import { AppError } from '@kaikukanta/kit';

/** H1: a list asked for inside a walk back through the network's graph (see fan-out.ts). */
export const nestedListRefused = (field: string) =>
  new AppError('NESTED_LIST_REFUSED', {
    messages: {
      fi: 'Tätä luetteloa ei voi pyytää toisen luettelon kautta. Pyydä se erikseen, esimerkiksi alueen tai organisaation tunnuksella.',
      sv: 'Den här listan kan inte begäras via en annan lista. Begär den separat, till exempel med områdets eller organisationens id.',
      en: 'This list cannot be asked for through another list. Ask for it separately, e.g. by the region or organisation id.',
    },
    details: { field },
  });
