import type { SubgraphContext } from '@kaikukanta/kit';
import { CardService } from './card.service.js';
import type { CardType } from './card.type.js';

/** Card references from other subgraphs, batched (one query per batch) and access-checked like any read. */
export const cardReference = {
  __resolveReference: (reference: { id: string }, ctx: SubgraphContext): Promise<CardType | null> => new CardService(ctx).reference(reference.id),
};
