import type { SubgraphContext } from '@kaikukanta/kit';
import { EventService } from './event.service.js';
import type { EventType } from './event.type.js';

/**
 * Event references from other subgraphs (I1): resolved from the table, batched, so `_entities` answers with
 * the stored event — never an echo of the representation it was sent — and null for an unknown id.
 */
export const eventReference = {
  __resolveReference: (reference: { id: string }, ctx: SubgraphContext): Promise<EventType | null> => new EventService(ctx).reference(reference.id),
};
