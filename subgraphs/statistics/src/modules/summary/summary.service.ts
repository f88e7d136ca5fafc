import type { EntityManager, Identity } from '@kaikukanta/kit';
import { NationalCounterRepository } from './national-counter.repository.js';
import { seesExactNationalFigures } from './summary.access.js';
import { NationalSummaryType } from './summary.type.js';

/**
 * National headline figures are published openly (R26). They are totals, and
 * no per-unit count is public (cards: registeredCardCount), so nothing can be
 * subtracted from them; the public sees them rounded so that their movement
 * does not date a registration (R27, decision 0012).
 */
export class SummaryService {
  readonly #repo: NationalCounterRepository;

  /** Takes an entity manager, not a request context: the live channel reads the same figures outside any request. */
  constructor(em: EntityManager) {
    this.#repo = new NationalCounterRepository(em);
  }

  /** The exact figures; for national callers and the live channel's own bookkeeping. */
  async national(): Promise<NationalSummaryType> {
    return NationalSummaryType.from(await this.#repo.national());
  }

  /** The figures as `identity` may see them: exact, or as published. */
  async nationalFor(identity: Identity): Promise<NationalSummaryType> {
    const exact = await this.national();
    return seesExactNationalFigures(identity) ? exact : NationalSummaryType.published(exact);
  }
}
