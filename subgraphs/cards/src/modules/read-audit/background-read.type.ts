import { Field, ID, ObjectType } from 'type-graphql';
import { ReaderKindEnum, ReaderRoleEnum } from './background-read.model.js';
import type { BackgroundRead, ReaderKind } from './background-read.entity.js';

@ObjectType('BackgroundRead', {
  description: 'M5: a read of one card’s background data (R8): who, as what, when, in which request. Never the data itself (R9).',
})
export class BackgroundReadType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => ID)
  cardId!: string;

  @Field(() => ReaderKindEnum)
  readerKind!: ReaderKind;

  @Field(() => ID, { nullable: true, description: 'The person, when a person read it.' })
  userId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The partner key, when a partner system read it.' })
  apiKeyId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The organisation the reader acted for.' })
  organizationId!: string | null;

  @Field(() => ID, { nullable: true })
  regionId!: string | null;

  @Field(() => ReaderRoleEnum, { nullable: true, description: 'The role of the membership the person acted in.' })
  role!: string | null;

  @Field(() => ID, { nullable: true, description: 'The request id, as in the logs.' })
  requestId!: string | null;

  static from(row: BackgroundRead): BackgroundReadType {
    return Object.assign(new BackgroundReadType(), {
      id: String(row.id),
      at: row.at,
      cardId: row.cardId,
      readerKind: row.readerKind,
      userId: row.userId ?? null,
      apiKeyId: row.apiKeyId ?? null,
      organizationId: row.organizationId ?? null,
      regionId: row.regionId ?? null,
      role: row.role ?? null,
      requestId: row.requestId ?? null,
    });
  }
}
