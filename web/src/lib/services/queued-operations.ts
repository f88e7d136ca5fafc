import { RegisterGroupVisitDocument, RegisterUsageDocument } from '../graphql/generated.js';

/**
 * R16: the writes that may wait in the offline queue, by the name an entry stores (documents cannot be kept
 * in IndexedDB; a name can). Only writes that carry an idempotency key belong here.
 */
export const QUEUED_OPERATIONS = {
  registerUsage: RegisterUsageDocument,
  registerGroupVisit: RegisterGroupVisitDocument,
};

export type QueuedOperation = keyof typeof QUEUED_OPERATIONS;
