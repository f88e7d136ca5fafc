import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Int, Query, Resolver } from 'type-graphql';
import { isNationalAdmin, requireAnyAdmin } from '../access/policy.js';
import { listAudit } from './audit.service.js';
import { AuditEntryType } from './audit.type.js';

@Resolver()
export class AuditResolver {
  @Query(() => [AuditEntryType], { description: 'Rights changes, newest first: all for national admins, their region for a responsible person.' })
  async auditLog(
    @Arg('limit', () => Int, { defaultValue: 50 }) limit: number,
    @Arg('before', () => ID, { nullable: true }) before: string | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<AuditEntryType[]> {
    const actor = requireAnyAdmin(ctx.identity);
    const rows = await listAudit(ctx.em, {
      ...(isNationalAdmin(actor) ? {} : { regionId: actor.membership.regionId as string }),
      ...(before && /^\d+$/.test(before) ? { before: Number(before) } : {}),
      limit: Math.min(Math.max(limit, 1), 200),
    });
    return rows.map(AuditEntryType.from);
  }
}
