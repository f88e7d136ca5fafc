import type { CombinedError } from '@urql/core';
import { client } from '../graphql/client.js';
import {
  CommitUsageImportDocument,
  PreviewUsageImportDocument,
  UsageImportErrorReportDocument,
  UsageImportTemplateDocument,
  type CommitUsageImportMutation,
  type EventKind,
  type PreviewUsageImportMutation,
  type UsageImportFileFormat,
  type UsageImportStatus,
} from '../graphql/generated.js';
import { CATALOGUES, type Locale, type MessageKey } from '../i18n/index.js';
import { locale } from '../i18n/locale.svelte.js';
import { uiError, type UiError } from './errors.js';
import { mutate, type Outcome } from './mutate.js';
import { saveReport } from './statistics.js';

/** IMPORT_MAX_FILE_BYTES (decision 0018): 1.4 MiB, checked here before a byte is sent. */
export const IMPORT_MAX_FILE_BYTES = Math.floor(1.4 * 1024 * 1024);
/** What the file chooser offers: Excel workbooks and CSV. */
export const IMPORT_ACCEPT = '.xlsx,.csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv';
/** How often a PREVIEWING or COMMITTING import is asked about. */
export const IMPORT_POLL_MS = 800;

/** Statuses the server is still working in: the page asks again until it leaves them. */
export const isWorking = (status: UsageImportStatus | undefined): boolean => status === 'PREVIEWING' || status === 'COMMITTING';

/** A file the user chose, refused before upload when it is not xlsx/CSV or too large; the key names the reason. */
export function fileProblem(file: { name: string; size: number }): MessageKey | undefined {
  if (!/\.(xlsx|csv)$/i.test(file.name)) return 'import.file.wrongType';
  if (file.size === 0) return 'import.failure.EMPTY_FILE';
  if (file.size > IMPORT_MAX_FILE_BYTES) return 'import.failure.FILE_TOO_LARGE';
  return undefined;
}

/** The bytes as base64, in chunks (a 1.4 MiB file would overflow `String.fromCharCode(...all)`). */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** R17: sends the file to be read and judged; nothing is registered yet. The answer is usually still PREVIEWING. */
export async function previewImport(file: File, providerId: string, eventKind: EventKind): Promise<Outcome<PreviewUsageImportMutation>> {
  const contentBase64 = toBase64(new Uint8Array(await file.arrayBuffer()));
  return mutate(PreviewUsageImportDocument, { input: { fileName: file.name, contentBase64, eventKind, ...(providerId ? { providerId } : {}) } });
}

/** Registers the previewed rows (each judged again); the answer is usually still COMMITTING. */
export function commitImport(importId: string): Promise<Outcome<CommitUsageImportMutation>> {
  return mutate(CommitUsageImportDocument, { importId }, { notice: locale.t('import.committing') });
}

type Download = { fileName: string } | { error: UiError };
type ServerFile = { fileName: string; mediaType: string; contentBase64: string };

/** Saves a file the server made under its own name (decoded in the page: no eval, no second request). */
function save(file: ServerFile | undefined, error: CombinedError | undefined): Download {
  const problem = uiError(error);
  if (problem) return { error: problem };
  if (!file) throw new Error('the import API answered without a file');
  saveReport({ filename: file.fileName, mimeType: file.mediaType, base64: file.contentBase64 });
  return { fileName: file.fileName };
}

/** R17: the sales-report template in the chosen language and format, saved under the server's file name. */
export async function downloadTemplate(format: UsageImportFileFormat, language: Locale): Promise<Download> {
  const result = await client.query(UsageImportTemplateDocument, { format, language }, { requestPolicy: 'network-only' }).toPromise();
  return save(result.data?.usageImportTemplate, result.error);
}

/** The refused rows with their reasons, in the user's language, ready to fix and import again. */
export async function downloadErrorReport(importId: string, format: UsageImportFileFormat): Promise<Download> {
  const result = await client.query(UsageImportErrorReportDocument, { importId, format, language: locale.current }, { requestPolicy: 'network-only' }).toPromise();
  return save(result.data?.usageImportErrorReport, result.error);
}

/** A refused row's reason in the UI language, by its code: the registration's own message, the import's, else the server's words. */
export function problemText(problem: { code: string; message: string }): string {
  for (const key of [`error.${problem.code}`, `import.problem.${problem.code}`]) {
    if (key in CATALOGUES.fi) return locale.t(key as MessageKey);
  }
  return problem.message;
}

/** Why a whole file was refused, by its code. */
export function failureText(failure: { code: string; message: string }): string {
  const key = `import.failure.${failure.code}`;
  return key in CATALOGUES.fi ? locale.t(key as MessageKey) : failure.message;
}
