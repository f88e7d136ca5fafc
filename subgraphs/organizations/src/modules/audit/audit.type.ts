import { GraphQLJSONObject } from 'graphql-scalars';
import { Field, ID, ObjectType } from 'type-graphql';
import { ROLES, RoleEnum, type Role } from '../user/user.model.js';
import type { AuditEntry } from './audit.entity.js';
import { AuditActionEnum, type AuditAction, type AuditTargetType } from './audit.model.js';

@ObjectType('AuditEntry', { description: 'One rights change: who, what, when.' })
export class AuditEntryType {
  @Field(() => ID)
  id!: string;

  @Field(() => Date)
  at!: Date;

  @Field(() => ID, { nullable: true })
  actorUserId!: string | null;

  @Field(() => AuditActionEnum)
  action!: AuditAction;

  @Field(() => String, { description: 'What targetId names: Membership, Invitation, User, Organization, Site, Region, Municipality or ApiKey.' })
  targetType!: AuditTargetType;

  @Field(() => String)
  targetId!: string;

  @Field(() => RoleEnum, { nullable: true, description: 'The role a membership or invitation change concerns.' })
  role!: Role | null;

  @Field(() => GraphQLJSONObject, { nullable: true })
  details!: Record<string, unknown> | null;

  static from(entry: AuditEntry): AuditEntryType {
    const role = entry.details?.['role'];
    return Object.assign(new AuditEntryType(), {
      id: String(entry.id),
      at: entry.at,
      actorUserId: entry.actorUserId ?? null,
      action: entry.action as AuditAction,
      targetType: entry.targetType as AuditTargetType,
      targetId: entry.targetId,
      role: typeof role === 'string' && (ROLES as readonly string[]).includes(role) ? (role as Role) : null,
      details: entry.details ?? null,
    });
  }
}
