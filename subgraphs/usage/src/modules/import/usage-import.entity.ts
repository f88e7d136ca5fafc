import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { EVENT_KINDS } from '../event/event.model.js';
import { FILE_FORMATS, IMPORT_STATUSES } from './import.model.js';

/**
 * One imported sales-report file (R17) and its history: who imported it for which provider, when, and the counts
 * per outcome. The file itself is not kept — only its recognised cells, row by row (`usage_import_row`), so a
 * column the agency added (a customer's name, say) never reaches the registry (R9).
 */
export const UsageImportEntity = defineEntity({
  name: 'UsageImport',
  tableName: 'usage_import',
  checks: [{ name: 'usage_import_uploader_check', expression: '(uploaded_by_user_id is null) <> (api_key_id is null)' }],
  properties: {
    id: p.uuid().primary(),
    /** Whose import it is: the registrar's organisation, or a culture officer's region (as idempotency keys and uses). */
    ownerId: p.uuid().index(),
    ownerIsRegion: p.boolean(),
    /** The culture provider whose events the rows are (R18). */
    providerId: p.uuid(),
    /** The kind of the events the rows name where none is kept (R12: courses take no child tickets). */
    eventKind: p.enum(EVENT_KINDS),
    fileName: p.string().length(200),
    fileSha256: p.string().length(64),
    format: p.enum(FILE_FORMATS).nullable(),
    sheet: p.string().length(200).nullable(),
    status: p.enum(IMPORT_STATUSES),
    /** Why the file was refused (FILE_TOO_LARGE, NO_HEADER_ROW…), when FAILED. */
    failure: p.string().length(40).nullable(),
    /** While PREVIEWING or COMMITTING: when the process running the job last said it lives (`import.recovery.ts`). */
    jobSeenAt: p.datetime().nullable(),
    uploadedByUserId: p.uuid().nullable(),
    apiKeyId: p.uuid().nullable(),
    uploadedAt: p.datetime(),
    committedAt: p.datetime().nullable(),
    committedByUserId: p.uuid().nullable(),
    committedByApiKeyId: p.uuid().nullable(),
    rowCount: p.integer().default(0),
    ignoredRows: p.integer().default(0),
    totalRows: p.integer().default(0),
    willRegister: p.integer().default(0),
    registered: p.integer().default(0),
    duplicates: p.integer().default(0),
    refused: p.integer().default(0),
    /** R11: one adult ticket per registered (or to-be-registered) row, and their child tickets. */
    adultTickets: p.integer().default(0),
    childTickets: p.integer().default(0),
  },
});
export type UsageImport = InferEntity<typeof UsageImportEntity>;
