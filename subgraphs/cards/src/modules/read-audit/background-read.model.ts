import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';
import { READER_KINDS, READER_ROLES } from './background-read.entity.js';

export const ReaderKindEnum = enumOf(READER_KINDS);
registerEnumType(ReaderKindEnum, { name: 'BackgroundReaderKind', description: 'Whether a person or a partner system read background data.' });

export const ReaderRoleEnum = enumOf(READER_ROLES);
registerEnumType(ReaderRoleEnum, { name: 'BackgroundReaderRole', description: 'The membership role a person read background data in.' });
