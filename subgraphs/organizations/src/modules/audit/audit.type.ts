import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import type { AuditEntry } from './audit.entity.js';

@ObjectType('AuditEntry', { description: 'One rights change: who, what, when.' })
export class AuditEntryType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => ID, { nullable: true })
  actorUserId!: string | null;

  @Field(() => String, { description: 'E.g. MEMBERSHIP_GRANTED, API_KEY_REVOKED.' })
  action!: string;

  @Field(() => String)
  targetType!: string;

  @Field(() => String)
  targetId!: string;

  @Field(() => GraphQLJSONObject, { nullable: true })
  details!: Record<string, unknown> | null;

  static from(entry: AuditEntry): AuditEntryType {
    return Object.assign(new AuditEntryType(), {
      id: String(entry.id),
      at: entry.at,
      actorUserId: entry.actorUserId ?? null,
      action: entry.action,
      targetType: entry.targetType,
      targetId: entry.targetId,
      details: entry.details ?? null,
    });
  }
}
