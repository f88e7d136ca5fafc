import { enumOf, readInt, type Env } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';
import type { ParseLimits } from './parse/parse-result.js';

/** An import's life: read and judged in the background, then committed (each step resumable, rows idempotent). */
export const IMPORT_STATUSES = ['PREVIEWING', 'PREVIEWED', 'FAILED', 'COMMITTING', 'COMMITTED'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

/** A row's outcome: in a preview, WILL_REGISTER; after the commit, REGISTERED. */
export const ROW_OUTCOMES = ['WILL_REGISTER', 'REGISTERED', 'DUPLICATE', 'REFUSED'] as const;
export type RowOutcome = (typeof ROW_OUTCOMES)[number];

export const FILE_FORMATS = ['XLSX', 'CSV'] as const;
export type FileFormat = (typeof FILE_FORMATS)[number];

export const ImportStatusEnum = enumOf(IMPORT_STATUSES);
export const RowOutcomeEnum = enumOf(ROW_OUTCOMES);
export const FileFormatEnum = enumOf(FILE_FORMATS);
registerEnumType(ImportStatusEnum, { name: 'UsageImportStatus', description: 'PREVIEWING → PREVIEWED (or FAILED: the file was refused) → COMMITTING → COMMITTED.' });
registerEnumType(RowOutcomeEnum, { name: 'UsageImportRowOutcome', description: 'WILL_REGISTER (preview), REGISTERED (commit), DUPLICATE (already registered), REFUSED (with reasons).' });
registerEnumType(FileFormatEnum, { name: 'UsageImportFileFormat' });

/**
 * Limits of one import. The file travels as base64 in a GraphQL variable, so it must fit the gateway's body limit
 * (BODY_LIMIT_BYTES, 2 MiB by default): 1.4 MiB of file is 1.9 MiB of base64. Raise both together.
 */
export interface ImportConfig extends ParseLimits {
  /** The parse worker is ended after this long. */
  parseTimeoutMs: number;
  /** How long `previewUsageImport`/`commitUsageImport` wait for the work before answering with its progress. */
  answerWithinMs: number;
  /** Rows judged and written per transaction. */
  batchRows: number;
  /** How often a process marks its running imports seen and recovers those no process sees (import.recovery.ts). */
  jobBeatMs: number;
  /** An import in PREVIEWING or COMMITTING unseen this long is taken as left by a stopped process. */
  jobStaleMs: number;
}

export function loadImportConfig(env: Env = process.env): ImportConfig {
  return {
    maxFileBytes: readInt(env, 'IMPORT_MAX_FILE_BYTES', Math.floor(1.4 * 1024 * 1024), 1024, 64 * 1024 * 1024),
    maxRows: readInt(env, 'IMPORT_MAX_ROWS', 100_000, 1, 1_000_000),
    maxDecompressedBytes: readInt(env, 'IMPORT_MAX_DECOMPRESSED_BYTES', 96 * 1024 * 1024, 1024 * 1024, 1024 * 1024 * 1024),
    maxCompressionRatio: readInt(env, 'IMPORT_MAX_COMPRESSION_RATIO', 200, 10, 10_000),
    maxCellChars: 500,
    parseTimeoutMs: readInt(env, 'IMPORT_PARSE_TIMEOUT_MS', 60_000, 1_000, 600_000),
    answerWithinMs: readInt(env, 'IMPORT_ANSWER_WITHIN_MS', 5_000, 0, 60_000),
    batchRows: 1_000,
    jobBeatMs: readInt(env, 'IMPORT_JOB_BEAT_MS', 5_000, 100, 60_000),
    jobStaleMs: readInt(env, 'IMPORT_JOB_STALE_MS', 30_000, 1_000, 600_000),
  };
}
