import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { AuditNames } from './audit-names.js';
import { AuditActionEnum, type AuditAction } from './audit.model.js';
import { AUDIT_PAGE_MAX, AuditService } from './audit.service.js';
import { AuditEntryType } from './audit.type.js';

@Resolver(() => AuditEntryType)
export class AuditResolver {
  @Query(() => [AuditEntryType], { description: 'Rights changes, newest first: all for national admins, their region for a responsible person.' })
  auditLog(
    @Arg('limit', () => Int, { defaultValue: 50, description: `At most ${AUDIT_PAGE_MAX}.` }) limit: number,
    @Arg('before', () => ID, { nullable: true, description: 'The next page: entries older than this one.' }) before: string | null,
    @Arg('action', () => AuditActionEnum, { nullable: true }) action: AuditAction | null,
    @Arg('personId', () => ID, { nullable: true, description: 'Entries this person made or that concern them.' }) personId: string | null,
    @Arg('from', () => Date, { nullable: true, description: 'From this instant, inclusive.' }) from: Date | null,
    @Arg('to', () => Date, { nullable: true, description: 'Until this instant, exclusive.' }) to: Date | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<AuditEntryType[]> {
    return new AuditService(ctx).list({ limit, before, action, personId, from, to });
  }

  @FieldResolver(() => String, { nullable: true, description: 'The name of the person who made the change; null for the system.' })
  actorName(@Root() entry: AuditEntryType, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    return new AuditNames(ctx).person(entry.actorUserId);
  }

  @FieldResolver(() => String, { nullable: true, description: "The target's name: a person (and the role's organisation or region), an organisation, a site, a region or a key." })
  targetName(@Root() entry: AuditEntryType, @Ctx() ctx: SubgraphContext): Promise<string | null> {
    return new AuditNames(ctx).target(entry.targetType, entry.targetId);
  }
}
