import type { EntityManager } from '@kaikukanta/kit';
import { NationalCounterRepository } from './national-counter.repository.js';
import { NationalSummaryType } from './summary.type.js';

/** National headline figures are published openly (R26); they are totals, so no cell is small (R27). */
export class SummaryService {
  readonly #repo: NationalCounterRepository;

  /** Takes an entity manager, not a request context: the live channel reads the same figures outside any request. */
  constructor(em: EntityManager) {
    this.#repo = new NationalCounterRepository(em);
  }

  async national(): Promise<NationalSummaryType> {
    return NationalSummaryType.from(await this.#repo.national());
  }
}
