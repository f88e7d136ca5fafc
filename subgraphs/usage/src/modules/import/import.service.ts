import { createHash, randomUUID } from 'node:crypto';
import { badInput, notFound, type EntityManager, type Locale, type Logger, type Messages } from '@kaikukanta/kit';
import type { EventKind } from '../event/event.model.js';
import { registrarOf, type Registrar } from '../usage/registration.access.js';
import { ScopeRepository } from '../usage/scope.repository.js';
import { throttle, type WriteScope } from '../usage/registration.service.js';
import { EventIndex } from './event-index.js';
import { FILE_MESSAGES, invalidFileContent, providerRequired, rowProblemMessage } from './import.errors.js';
import { startJob, waitAtMost } from './import.jobs.js';
import { CapRace, judgeBatch, previewPlacesOf, type ImportTarget, type JudgedRowInput } from './import-judge.js';
import type { FileFormat, ImportConfig } from './import.model.js';
import { ImportRepository, type StoredRow } from './import.repository.js';
import { rowPreparer, type PreparedRow } from './import-rows.js';
import { FIELDS } from './parse/columns.js';
import { streamInWorker } from './parse/parser-pool.js';
import { TEMPLATE_INSTRUCTIONS, writeSheet, type SheetFile } from './sheet-writer.js';
import { UsageImportEntity, type UsageImport } from './usage-import.entity.js';

export interface ImportDeps {
  config: ImportConfig;
  logger: Logger;
}

export interface PreviewRequest {
  fileName: string;
  contentBase64: string;
  providerId?: string | null;
  eventKind: EventKind;
}

/** Transaction errors a batch is retried for: a deadlock or serialization failure, and a cap taken meanwhile. */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 3;
/** Above any line of a report (IMPORT_MAX_ROWS is at most 1 000 000 rows): the last batch's upper bound. */
const LAST_LINE = 2_147_483_647;

/**
 * Sales-report imports (R17): upload → preview (every row judged as its single registration would be) → commit
 * (every row judged again, the valid ones registered, the difference reported) → history and error report.
 * Who may import is exactly who may register (`registrarOf`, decision 0013); whose events, exactly as a single
 * registration for each row says (R18).
 */
export class ImportService {
  constructor(
    private readonly scope: WriteScope,
    private readonly deps: ImportDeps,
  ) {}

  async preview(input: PreviewRequest): Promise<UsageImport> {
    const registrar = registrarOf(this.scope.identity);
    await throttle(this.scope.em, registrar);
    const providerId = input.providerId ?? (registrar.regionScoped ? null : registrar.organizationId);
    if (!providerId) throw providerRequired();
    // Refused before decoding when the base64 alone says the file is too large.
    const tooLarge = (input.contentBase64.length * 3) / 4 > this.deps.config.maxFileBytes + 3;
    if (!tooLarge && !/^[A-Za-z0-9+/\r\n]*={0,2}\s*$/.test(input.contentBase64)) throw invalidFileContent();
    const bytes = tooLarge ? Buffer.alloc(0) : Buffer.from(input.contentBase64, 'base64');
    const record = this.scope.em.create(UsageImportEntity, {
      id: randomUUID(),
      ownerId: registrar.organizationId,
      ownerIsRegion: registrar.regionScoped,
      providerId,
      eventKind: input.eventKind,
      fileName: input.fileName.replace(/[\\/]/g, '_').slice(-200) || 'report',
      fileSha256: createHash('sha256').update(bytes).digest('hex'),
      format: null,
      sheet: null,
      status: tooLarge ? 'FAILED' : 'PREVIEWING',
      failure: tooLarge ? 'FILE_TOO_LARGE' : null,
      jobSeenAt: tooLarge ? null : new Date(),
      uploadedByUserId: registrar.userId,
      apiKeyId: registrar.apiKeyId,
      uploadedAt: new Date(),
    });
    await this.scope.em.flush();
    if (tooLarge) return record;
    const em = this.scope.em.fork();
    const job = startJob(record.id, () => this.#preview(em, record.id, registrar, bytes, input.eventKind), this.deps.logger);
    await waitAtMost(job, this.deps.config.answerWithinMs);
    return this.#reload(record.id);
  }

  async commit(importId: string): Promise<UsageImport> {
    const registrar = registrarOf(this.scope.identity);
    const record = await this.#own(importId, registrar);
    await throttle(this.scope.em, registrar);
    if (record.status === 'COMMITTED') return record;
    if (record.status !== 'PREVIEWED' && record.status !== 'COMMITTING') {
      throw badInput('importId', { fi: 'Tuontia ei voi vielä vahvistaa.', sv: 'Importen kan inte bekräftas ännu.', en: 'The import cannot be committed yet.' }, 'IMPORT_NOT_READY');
    }
    await this.scope.em.nativeUpdate(UsageImportEntity, { id: importId }, { status: 'COMMITTING', failure: null, jobSeenAt: new Date(), committedByUserId: registrar.userId, committedByApiKeyId: registrar.apiKeyId });
    const em = this.scope.em.fork();
    const job = startJob(
      importId,
      () =>
        this.#commit(em, record, registrar).catch(async (error: unknown) => {
          // Batches already committed stay so (their rows REGISTERED); committing again resumes from the rest.
          await em.fork().nativeUpdate(UsageImportEntity, { id: importId, status: 'COMMITTING' }, { status: 'PREVIEWED', failure: 'COMMIT_INTERRUPTED', jobSeenAt: null });
          throw error;
        }),
      this.deps.logger,
    );
    await waitAtMost(job, this.deps.config.answerWithinMs);
    return this.#reload(importId);
  }

  async get(importId: string): Promise<UsageImport | null> {
    const registrar = registrarOf(this.scope.identity);
    return this.scope.em.findOne(UsageImportEntity, { id: importId, ...(await this.#ownImports(registrar)) });
  }

  /** The import history of the caller's organisation (or region), newest first. */
  async list(limit: number, offset: number): Promise<UsageImport[]> {
    const registrar = registrarOf(this.scope.identity);
    return this.scope.em.find(
      UsageImportEntity,
      await this.#ownImports(registrar),
      { orderBy: { uploadedAt: 'desc', id: 'desc' }, limit: Math.min(Math.max(limit, 1), 100), offset: Math.max(offset, 0) },
    );
  }

  /** Rows of an import the caller may see (the import was loaded through `get`). */
  rows(importId: string, filter: { outcome?: StoredRow['outcome'] | null; changedOnly?: boolean }, limit: number, offset: number): Promise<StoredRow[]> {
    return new ImportRepository(this.scope.em).page(importId, filter, Math.min(Math.max(limit, 1), 1000), Math.max(offset, 0));
  }

  /** The refused rows, in the template's columns plus the reasons in the caller's language, ready to fix and import again. */
  async errorReport(importId: string, format: FileFormat, language: Locale): Promise<SheetFile> {
    const registrar = registrarOf(this.scope.identity);
    await this.#own(importId, registrar);
    const repo = new ImportRepository(this.scope.em);
    const rows: string[][] = [];
    for (let offset = 0; ; offset += 5_000) {
      const page = await repo.page(importId, { outcome: 'REFUSED' }, 5_000, offset);
      for (const row of page) rows.push([...cellsOf(row), row.problems.map((p) => rowProblemMessage(p.code, language)).join(' ')]);
      if (page.length < 5_000) break;
    }
    return writeSheet(format, language, ERROR_REPORT_NAME[language], [ERROR_COLUMN[language]], rows);
  }

  template(format: FileFormat, language: Locale): Promise<SheetFile> {
    registrarOf(this.scope.identity);
    return writeSheet(format, language, TEMPLATE_NAME[language], [], [], format === 'XLSX' ? TEMPLATE_INSTRUCTIONS[language] : []);
  }

  static fileMessage(problem: string, locale: Locale): string {
    return (FILE_MESSAGES as Record<string, Messages>)[problem]?.[locale] ?? problem;
  }

  async #own(importId: string, registrar: Registrar): Promise<UsageImport> {
    const record = await this.scope.em.findOne(UsageImportEntity, { id: importId, ...(await this.#ownImports(registrar)) });
    if (!record) throw notFound();
    return record;
  }

  /**
   * The imports a registrar answers for: its organisation's — or, for a culture officer, the region's imports for
   * providers of their municipality (decision 0022), as for single uses (`ownUses`), and any they uploaded themselves.
   */
  async #ownImports(registrar: Registrar): Promise<Record<string, unknown>> {
    const mine = { ownerId: registrar.organizationId, ownerIsRegion: registrar.regionScoped };
    if (!registrar.regionScoped) return mine;
    const providers = registrar.municipalityCode ? await new ScopeRepository(this.scope.em).providersOfMunicipality(registrar.organizationId, registrar.municipalityCode) : [];
    return { ...mine, $or: [{ providerId: { $in: providers } }, { uploadedByUserId: registrar.userId }] };
  }

  #reload(importId: string): Promise<UsageImport> {
    return this.scope.em.fork().findOneOrFail(UsageImportEntity, { id: importId });
  }

  /**
   * Read off the event loop and taken chunk by chunk as the worker reads them: each batch judged and stored with its
   * verdicts at once, so memory holds a batch, never the report. A file refused part-way leaves no rows behind.
   */
  async #preview(em: EntityManager, importId: string, registrar: Registrar, bytes: Buffer, eventKind: EventKind): Promise<void> {
    const record = await em.findOneOrFail(UsageImportEntity, { id: importId });
    const prepare = rowPreparer(record.providerId);
    const now = new Date();
    const batchRows = this.deps.config.batchRows;
    let pending: PreparedRow[] = [];
    // R21 across batches: the places the rows stored before this batch would take (a preview takes none).
    const previewPlaces = new Map<string, number>();
    const store = async (rows: PreparedRow[]) => {
      // The kept events of the batch's days only: a row is matched to an event of its own day (EventIndex).
      const target = { ...(await this.#target(em.fork(), registrar, record.providerId, eventKind, rows.flatMap((row) => (row.eventDate ? [row.eventDate] : [])))), previewPlaces };
      const judged = await em.fork().transactional(async (tx) => {
        const verdicts = await judgeBatch(tx, target, rows.map(judgedInput), 'preview', now);
        await new ImportRepository(tx).insertRows(importId, rows, new Map(verdicts.map((verdict) => [verdict.line, verdict])));
        return verdicts;
      });
      // Counted once the batch's rows are stored: a batch that failed and ran again would otherwise count twice.
      previewPlacesOf(judged, previewPlaces);
    };
    const parsed = await streamInWorker(bytes, this.deps.config, this.deps.config.parseTimeoutMs, async (chunk) => {
      for (const row of prepare(chunk)) pending.push(row);
      while (pending.length >= batchRows) {
        const batch = pending.slice(0, batchRows);
        pending = pending.slice(batchRows);
        await store(batch);
      }
    });
    if (!parsed.ok) {
      await em.fork().transactional(async (tx) => {
        await tx.execute('delete from usage.usage_import_row where usage_import_id = ?', [importId]);
        await tx.nativeUpdate(UsageImportEntity, { id: importId, status: 'PREVIEWING' }, { status: 'FAILED', failure: parsed.problem, jobSeenAt: null });
      });
      return;
    }
    if (pending.length) await store(pending);
    pending = [];
    await em.fork().transactional(async (tx) => {
      const counts = await new ImportRepository(tx).counts(importId);
      // Taken by recovery meanwhile (this process was not seen for IMPORT_JOB_STALE_MS): the import stays FAILED, rowless.
      const done = await tx.nativeUpdate(UsageImportEntity, { id: importId, status: 'PREVIEWING' }, {
        status: 'PREVIEWED',
        jobSeenAt: null,
        format: parsed.format,
        sheet: parsed.sheet?.slice(0, 200) ?? null,
        ignoredRows: parsed.ignoredRows,
        totalRows: parsed.totalRows,
        ...countsOf(counts),
      });
      if (!done) await tx.execute('delete from usage.usage_import_row where usage_import_id = ?', [importId]);
    });
  }

  /** Every row not yet registered, judged again in batches (the world may have changed since the preview) and registered. */
  async #commit(em: EntityManager, record: UsageImport, registrar: Registrar): Promise<void> {
    const repo = new ImportRepository(em);
    const days = (await em.execute<{ day: string }[]>(`select distinct to_char(event_date, 'YYYY-MM-DD') as day from usage.usage_import_row where usage_import_id = ? and event_date is not null`, [record.id])).map((r) => r.day);
    const target = await this.#target(em, registrar, record.providerId, record.eventKind, days);
    // Batches of `batchRows` rows not yet registered, by line range (the last one open-ended).
    const ends = [...(await repo.batchEnds(record.id, this.deps.config.batchRows)), LAST_LINE];
    let after = 0;
    for (const through of ends) {
      const stored = await repo.storedRows(record.id, after, through);
      after = through;
      if (stored.length) await this.#commitBatch(em, record.id, target, stored.map(fromStored));
    }
    await em.fork().transactional(async (tx) => {
      const counts = await new ImportRepository(tx).counts(record.id);
      await tx.nativeUpdate(UsageImportEntity, { id: record.id }, { status: 'COMMITTED', failure: null, jobSeenAt: null, committedAt: new Date(), ...countsOf(counts) });
    });
  }

  async #commitBatch(em: EntityManager, importId: string, target: ImportTarget, batch: JudgedRowInput[]): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await em.fork().transactional(async (tx) => {
          const verdicts = await judgeBatch(tx, target, batch, 'commit');
          await new ImportRepository(tx).updateOutcomes(importId, verdicts);
        });
        return;
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (attempt >= ATTEMPTS || !(error instanceof CapRace || (code && RETRYABLE.has(code)))) throw error;
      }
    }
  }

  async #target(em: EntityManager, registrar: Registrar, providerId: string, eventKind: EventKind, days: readonly string[]): Promise<ImportTarget> {
    const window = EventIndex.window(days);
    const events = window ? await new ImportRepository(em).providerEvents(providerId, window.from, window.until) : [];
    return { registrar, providerId, eventKind, events: new EventIndex(events) };
  }
}

/** An import's stored totals from its rows' counts (the preview, the commit and recovery write the same ones). */
export function countsOf(counts: Awaited<ReturnType<ImportRepository['counts']>>) {
  return {
    rowCount: counts.row_count,
    willRegister: counts.will_register,
    registered: counts.registered,
    duplicates: counts.duplicates,
    refused: counts.refused,
    adultTickets: counts.adult_tickets,
    childTickets: counts.child_tickets,
  };
}

function judgedInput(row: PreparedRow): JudgedRowInput {
  return {
    line: row.line,
    key: row.key,
    hash: row.hash,
    cardCode: row.cells.cardCode,
    eventName: row.cells.eventName,
    eventReference: row.cells.eventReference,
    orderReference: row.cells.orderReference,
    eventDate: row.eventDate,
    eventTime: row.eventTime,
    childTickets: row.childTickets,
    problems: row.problems,
  };
}

function fromStored(row: StoredRow): JudgedRowInput {
  return {
    line: row.line,
    key: row.row_key,
    hash: row.row_hash,
    cardCode: row.card_code,
    eventName: row.event_name,
    eventReference: row.event_reference,
    orderReference: row.order_reference,
    eventDate: row.event_date,
    eventTime: row.event_time,
    childTickets: row.child_tickets,
    problems: row.readable ? [] : row.problems,
  };
}

/** A stored row's cells in the template's column order. */
export function cellsOf(row: StoredRow): string[] {
  const cells: Record<(typeof FIELDS)[number], string> = {
    cardCode: row.card_code,
    eventName: row.event_name,
    eventDate: row.event_date_text,
    eventTime: row.event_time_text,
    childTickets: row.child_tickets_text,
    eventReference: row.event_reference,
    orderReference: row.order_reference,
  };
  return FIELDS.map((field) => cells[field]);
}

const TEMPLATE_NAME: Record<Locale, string> = { fi: 'kaikukortti-myyntiraportti', sv: 'kaikukortti-forsaljningsrapport', en: 'kaikukortti-sales-report' };
const ERROR_REPORT_NAME: Record<Locale, string> = { fi: 'hylatyt-rivit', sv: 'avvisade-rader', en: 'refused-rows' };
const ERROR_COLUMN: Record<Locale, string> = { fi: 'Virhe', sv: 'Fel', en: 'Error' };
