import { isNationalAdmin, isNationalAnalyst, type Identity } from '@kaikukanta/kit';

/**
 * R26, R27 (decision 0012): the national support service and national
 * analysts see the national figures exact and live; everyone else sees them
 * as published — rounded down to tens and timed to the hour — so a figure that
 * moves cannot date one registration.
 */
export function seesExactNationalFigures(identity: Identity): boolean {
  return isNationalAdmin(identity) || isNationalAnalyst(identity);
}
