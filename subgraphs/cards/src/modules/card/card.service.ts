import { requireMembership, type SubgraphContext } from '@kaikukanta/kit';
import { CardRepository } from './card.repository.js';
import { CardType } from './card.type.js';

export class CardService {
  readonly #repo: CardRepository;

  constructor(private readonly ctx: SubgraphContext) {
    this.#repo = new CardRepository(ctx.em);
  }

  /** Cards registered by the caller's own organisation (distributor staff only). */
  async myOrganizationsCards(limit: number): Promise<CardType[]> {
    const membership = requireMembership(this.ctx.identity, ['DISTRIBUTOR']);
    if (!membership.organizationId) return [];
    const rows = await this.#repo.findByDistributor(membership.organizationId, Math.min(Math.max(limit, 1), 200));
    return rows.map(CardType.from);
  }

  /** How many cards an organisation has registered; an aggregate, batched over all organisations of a page. */
  registeredCount(organizationId: string): Promise<number> {
    return this.ctx.loaders
      .get<string, number>('card.countByDistributor', async (ids) => {
        const counts = await this.#repo.countByDistributors(ids);
        return ids.map((id) => counts.get(id) ?? 0);
      })
      .load(organizationId);
  }
}
