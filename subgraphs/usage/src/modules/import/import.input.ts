import { Field, ID, InputType } from 'type-graphql';
import { EventKindEnum, type EventKind } from '../event/event.model.js';

@InputType({ description: 'A sales report to read and judge (R17). Nothing is registered until `commitUsageImport`.' })
export class PreviewUsageImportInput {
  @Field(() => String, { description: 'The file’s name, for the history.' })
  fileName!: string;

  @Field(() => String, {
    description: 'The .xlsx or .csv file, base64. It travels in the GraphQL body: at most IMPORT_MAX_FILE_BYTES (1.4 MiB by default, within the gateway’s 2 MiB body limit).',
  })
  contentBase64!: string;

  @Field(() => ID, { nullable: true, description: 'The culture provider whose events the report is about; a provider’s own staff may leave it out (R18).' })
  providerId?: string | null;

  @Field(() => EventKindEnum, { defaultValue: 'PERFORMANCE', description: 'The kind of the events the rows name where no kept event matches.' })
  eventKind!: EventKind;
}
