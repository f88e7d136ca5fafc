import { defineReaderPositionEntity } from '@kaikukanta/kit';
import type { InferEntity } from '@mikro-orm/postgresql';

/**
 * How far this subgraph has read each outbox it derives figures from. The
 * closed list grows with each new source (and a migration).
 */
export const ReaderPositionEntity = defineReaderPositionEntity(['cards', 'usage']);
export type ReaderPosition = InferEntity<typeof ReaderPositionEntity>;
