import type { EntityManager } from '@kaikukanta/kit';
import type { PubSub } from 'type-graphql';
import { SummaryService } from './summary.service.js';

/** Topic of `nationalSummaryChanged`: the figures as committed, published by every replica (see `publishNationalSummary`). */
export const NATIONAL_SUMMARY_CHANGED = 'NATIONAL_SUMMARY_CHANGED';

/**
 * Returns a function that reads the committed national figures and publishes
 * them to this process's subscribers. Readers call it after each batch that
 * moved their position, whichever replica applied it, so subscribers on any
 * replica hear every change. A batch that changed no figure (e.g. only
 * extensions) publishes nothing.
 */
export function nationalSummaryPublisher(em: EntityManager, pubSub: PubSub): () => Promise<void> {
  let last: string | undefined;
  return async () => {
    const summary = await new SummaryService(em.fork({ clear: true })).national();
    if (!summary.updatedAt) return;
    const figures = [summary.cardsRegistered, summary.cardsUsed, summary.uses, summary.updatedAt.getTime()].join('/');
    if (figures === last) return;
    last = figures;
    pubSub.publish(NATIONAL_SUMMARY_CHANGED, summary);
  };
}
