import { Field, ID, Int, ObjectType } from 'type-graphql';
import { EventKindEnum, type EventKind } from '../event/event.model.js';
import { OrganizationRef } from '../organization/organization.type.js';
import { UsageProblemType } from '../usage/usage.type.js';
import { FILE_MESSAGES } from './import.errors.js';
import { FileFormatEnum, ImportStatusEnum, RowOutcomeEnum, type FileFormat, type ImportStatus, type RowOutcome } from './import.model.js';

@ObjectType('UsageImportFile', { description: 'A file to download: the template or an error report.' })
export class UsageImportFileType {
  @Field(() => String)
  fileName!: string;

  @Field(() => String)
  mediaType!: string;

  @Field(() => String)
  contentBase64!: string;
}

@ObjectType('UsageImportTotals', { description: 'Counts per outcome; tickets of the rows registered (or, in a preview, to be registered).' })
export class UsageImportTotalsType {
  @Field(() => Int, { description: 'Data rows read.' })
  rows!: number;

  @Field(() => Int, { description: 'Empty rows and notes passed over.' })
  ignoredRows!: number;

  @Field(() => Int, { description: 'Total rows (Yhteensä, Totalt, Total) passed over.' })
  totalRows!: number;

  @Field(() => Int)
  willRegister!: number;

  @Field(() => Int)
  registered!: number;

  @Field(() => Int)
  duplicates!: number;

  @Field(() => Int)
  refused!: number;

  @Field(() => Int, { description: 'R11: one per use.' })
  adultTickets!: number;

  @Field(() => Int)
  childTickets!: number;
}

/** Every failure code, listed from FILE_MESSAGES so the schema's description cannot miss one. */
const INTERRUPTED = ['PREVIEW_INTERRUPTED', 'COMMIT_INTERRUPTED'] as const;
const FILE_REFUSED = Object.keys(FILE_MESSAGES).filter((code) => !(INTERRUPTED as readonly string[]).includes(code));

@ObjectType('UsageImportFailure', { description: 'Why a whole file was refused, or why the import’s work stopped with the process doing it (decision 0018).' })
export class UsageImportFailureType {
  @Field(() => String, {
    description:
      `The file refused (status FAILED): ${FILE_REFUSED.join(', ')}. ` +
      'The work stopped with its process: PREVIEW_INTERRUPTED (status FAILED, no rows kept; upload the file again) or ' +
      'COMMIT_INTERRUPTED (status PREVIEWED again, the rows registered so far stay REGISTERED; commit again for the rest, never twice).',
  })
  code!: string;

  @Field(() => String)
  message!: string;
}

@ObjectType('UsageImportRow', { description: 'One row of a report: its cells as given, and its outcome.' })
export class UsageImportRowType {
  @Field(() => Int, { description: 'The row’s number in the sheet (or the CSV record’s), header included.' })
  line!: number;

  @Field(() => String)
  cardCode!: string;

  @Field(() => String)
  eventName!: string;

  @Field(() => String, { description: 'As given (a date cell as YYYY-MM-DD).' })
  eventDate!: string;

  @Field(() => String)
  eventTime!: string;

  @Field(() => String)
  childTickets!: string;

  @Field(() => String)
  eventReference!: string;

  @Field(() => String)
  orderReference!: string;

  @Field(() => RowOutcomeEnum, { description: 'Now: after the commit, the commit’s verdict.' })
  outcome!: RowOutcome;

  @Field(() => RowOutcomeEnum, { description: 'The preview’s verdict; differs from `outcome` where the world changed in between.' })
  previewOutcome!: RowOutcome;

  @Field(() => [UsageProblemType], { description: 'Why the row is refused: the codes of a single registration (CARD_NOT_REGISTERED, CAP_EXCEEDED…) or of an unreadable cell.' })
  problems!: UsageProblemType[];

  @Field(() => ID, { nullable: true, description: 'The kept event the row was matched to; null for a reported event.' })
  eventId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The use registered for the row.' })
  usageId!: string | null;
}

@ObjectType('UsageImport', { description: 'An imported sales report (R17) and its history.' })
export class UsageImportType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  fileName!: string;

  @Field(() => FileFormatEnum, { nullable: true })
  format!: FileFormat | null;

  @Field(() => String, { nullable: true, description: 'The sheet read (xlsx): the first with recognised headers.' })
  sheet!: string | null;

  @Field(() => OrganizationRef)
  provider!: OrganizationRef;

  @Field(() => EventKindEnum)
  eventKind!: EventKind;

  @Field(() => ImportStatusEnum)
  status!: ImportStatus;

  @Field(() => UsageImportFailureType, { nullable: true })
  failure!: UsageImportFailureType | null;

  @Field(() => ID, { nullable: true, description: 'The person who uploaded it; null for a partner key.' })
  uploadedByUserId!: string | null;

  @Field(() => ID, { nullable: true })
  apiKeyId!: string | null;

  @Field(() => Date)
  uploadedAt!: Date;

  @Field(() => Date, { nullable: true })
  committedAt!: Date | null;

  @Field(() => ID, { nullable: true })
  committedByUserId!: string | null;

  @Field(() => UsageImportTotalsType)
  totals!: UsageImportTotalsType;
}
