import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { AuditService } from './audit.service.js';
import { AuditEntryType } from './audit.type.js';

@Resolver()
export class AuditResolver {
  @Query(() => [AuditEntryType], { description: 'Rights changes, newest first: all for national admins, their region for a responsible person.' })
  auditLog(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Arg('before', () => ID, { nullable: true }) before: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<AuditEntryType[]> {
    return new AuditService(ctx).list({ limit, before });
  }
}
