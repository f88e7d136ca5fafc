import type { SubgraphContext } from '@kaikukanta/kit';
import { NationalCounterEntity } from './national-counter.entity.js';
import { NationalSummaryType } from './summary.type.js';

/** National headline figures are published openly (R26); they are totals, so no cell is small (R27). */
export class SummaryService {
  constructor(private readonly ctx: SubgraphContext) {}

  async national(): Promise<NationalSummaryType> {
    const row = await this.ctx.em.findOne(NationalCounterEntity, { scope: 'national' });
    return NationalSummaryType.from(row);
  }
}
