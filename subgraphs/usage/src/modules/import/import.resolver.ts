import { LOCALES, type Locale, type SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OrganizationRef } from '../organization/organization.type.js';
import { UsageProblemType } from '../usage/usage.type.js';
import { rowProblemMessage } from './import.errors.js';
import { PreviewUsageImportInput } from './import.input.js';
import { FileFormatEnum, RowOutcomeEnum, type FileFormat, type RowOutcome } from './import.model.js';
import { ImportService, type ImportDeps } from './import.service.js';
import type { StoredRow } from './import.repository.js';
import type { SheetFile } from './sheet-writer.js';
import { UsageImportFailureType, UsageImportFileType, UsageImportRowType, UsageImportTotalsType, UsageImportType } from './import.type.js';
import type { UsageImport } from './usage-import.entity.js';

/** The import's language argument: fi, sv or en; the caller's own language when left out. */
const languageOf = (language: string | null | undefined, ctx: SubgraphContext): Locale => (LOCALES as readonly string[]).includes(language ?? '') ? (language as Locale) : ctx.locale;

/** Sales-report imports (R17): thin — each field is one call into ImportService. Built with its deps by schema.ts. */
@Resolver(() => UsageImportType)
export class ImportResolver {
  constructor(private readonly deps: ImportDeps) {}

  #service(ctx: SubgraphContext): ImportService {
    return new ImportService({ em: ctx.em, identity: ctx.identity, locale: ctx.locale }, this.deps);
  }

  @Query(() => UsageImportFileType, { description: 'The sales-report template (R17) in fi, sv or en, as xlsx or CSV.' })
  async usageImportTemplate(
    @Arg('format', () => FileFormatEnum) format: FileFormat,
    @Arg('language', () => String, { nullable: true }) language: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<UsageImportFileType> {
    return toFile(await this.#service(ctx).template(format, languageOf(language, ctx)));
  }

  @Mutation(() => UsageImportType, {
    description: 'Reads a sales report and judges every row as its single registration would be, registering nothing. Answers within a few seconds: follow `usageImport(id)` while the status is PREVIEWING.',
  })
  async previewUsageImport(@Arg('input', () => PreviewUsageImportInput) input: PreviewUsageImportInput, @Ctx() ctx: SubgraphContext): Promise<UsageImportType> {
    return toImport(await this.#service(ctx).preview(input), ctx.locale);
  }

  @Mutation(() => UsageImportType, {
    description: 'Registers the previewed rows, judging each again; rows already registered are DUPLICATE, never twice. Follow `usageImport(id)` while COMMITTING; `rows(changedOnly: true)` lists what differs from the preview.',
  })
  async commitUsageImport(@Arg('importId', () => ID) importId: string, @Ctx() ctx: SubgraphContext): Promise<UsageImportType> {
    return toImport(await this.#service(ctx).commit(importId), ctx.locale);
  }

  @Query(() => UsageImportType, { nullable: true, description: 'An import of the caller’s organisation (or region); null for any other.' })
  async usageImport(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<UsageImportType | null> {
    const record = await this.#service(ctx).get(id);
    return record ? toImport(record, ctx.locale) : null;
  }

  @Query(() => [UsageImportType], { description: 'The caller’s organisation’s (or region’s) imports, newest first.' })
  async usageImports(
    @Arg('limit', () => Int, { defaultValue: 20 }) limit: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<UsageImportType[]> {
    return (await this.#service(ctx).list(limit, offset)).map((record) => toImport(record, ctx.locale));
  }

  @Query(() => UsageImportFileType, { description: 'The refused rows with their reasons in the chosen language, as xlsx or CSV, ready to fix and import again.' })
  async usageImportErrorReport(
    @Arg('importId', () => ID) importId: string,
    @Arg('format', () => FileFormatEnum) format: FileFormat,
    @Arg('language', () => String, { nullable: true }) language: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<UsageImportFileType> {
    return toFile(await this.#service(ctx).errorReport(importId, format, languageOf(language, ctx)));
  }

  @FieldResolver(() => [UsageImportRowType], { description: 'Rows in file order (at most 1000 a page).' })
  async rows(
    @Root() parent: UsageImportType,
    @Arg('outcome', () => RowOutcomeEnum, { nullable: true }) outcome: RowOutcome | null,
    @Arg('changedOnly', () => Boolean, { defaultValue: false, description: 'Only rows whose commit verdict differs from the preview’s.' }) changedOnly: boolean,
    @Arg('limit', () => Int, { defaultValue: 100 }) limit: number,
    @Arg('offset', () => Int, { defaultValue: 0 }) offset: number,
    @Ctx() ctx: SubgraphContext,
  ): Promise<UsageImportRowType[]> {
    const rows = await this.#service(ctx).rows(parent.id, { outcome, changedOnly }, limit, offset);
    return rows.map((row) => toRow(row, ctx.locale));
  }
}

function toFile(file: SheetFile): UsageImportFileType {
  return Object.assign(new UsageImportFileType(), { fileName: file.fileName, mediaType: file.mediaType, contentBase64: file.bytes.toString('base64') });
}

function toImport(record: UsageImport, locale: Locale): UsageImportType {
  const totals = Object.assign(new UsageImportTotalsType(), {
    rows: record.rowCount,
    ignoredRows: record.ignoredRows,
    totalRows: record.totalRows,
    willRegister: record.willRegister,
    registered: record.registered,
    duplicates: record.duplicates,
    refused: record.refused,
    adultTickets: record.adultTickets,
    childTickets: record.childTickets,
  });
  return Object.assign(new UsageImportType(), {
    id: record.id,
    fileName: record.fileName,
    format: record.format ?? null,
    sheet: record.sheet ?? null,
    provider: OrganizationRef.of(record.providerId),
    eventKind: record.eventKind,
    status: record.status,
    failure: record.failure ? Object.assign(new UsageImportFailureType(), { code: record.failure, message: ImportService.fileMessage(record.failure, locale) }) : null,
    uploadedByUserId: record.uploadedByUserId ?? null,
    apiKeyId: record.apiKeyId ?? null,
    uploadedAt: record.uploadedAt,
    committedAt: record.committedAt ?? null,
    committedByUserId: record.committedByUserId ?? null,
    totals,
  });
}

function toRow(row: StoredRow, locale: Locale): UsageImportRowType {
  return Object.assign(new UsageImportRowType(), {
    line: row.line,
    cardCode: row.card_code,
    eventName: row.event_name,
    eventDate: row.event_date_text,
    eventTime: row.event_time_text,
    childTickets: row.child_tickets_text,
    eventReference: row.event_reference,
    orderReference: row.order_reference,
    outcome: row.outcome,
    previewOutcome: row.preview_outcome,
    problems: row.problems.map((p) => Object.assign(new UsageProblemType(), { code: p.code, field: p.field, message: rowProblemMessage(p.code, locale) })),
    eventId: row.event_id,
    usageId: row.usage_id,
  });
}
