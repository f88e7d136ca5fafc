import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { EventService } from '../event/event.service.js';
import { EventType } from '../event/event.type.js';
import { CancellationService } from './cancellation.service.js';
import { RegistrationService } from './registration.service.js';
import { CancelUsageInput, CheckUsageInput, RegisterGroupVisitInput, RegisterUsageInput } from './usage.input.js';
import { UsageQueryService } from './usage-query.service.js';
import { UsageCancellationType, UsageCheckType, UsageRegistrationType, UsageType } from './usage.type.js';

const scopeOf = (ctx: SubgraphContext) => ({ em: ctx.em, identity: ctx.identity, locale: ctx.locale });

@Resolver(() => UsageType)
export class UsageResolver {
  @Mutation(() => UsageRegistrationType, { description: 'Registers one use (R11–R13, R18, R21, R22). Refusals carry a stable code (docs/partners/README.md).' })
  async registerUsage(@Arg('input', () => RegisterUsageInput) input: RegisterUsageInput, @Ctx() ctx: SubgraphContext): Promise<UsageRegistrationType> {
    return toRegistration(await new RegistrationService(scopeOf(ctx)).register(input));
  }

  @Mutation(() => UsageRegistrationType, { description: 'R14: a group visit — the staff’s community card and every member’s card — all or nothing; GROUP_REFUSED lists why per card.' })
  async registerGroupVisit(@Arg('input', () => RegisterGroupVisitInput) input: RegisterGroupVisitInput, @Ctx() ctx: SubgraphContext): Promise<UsageRegistrationType> {
    return toRegistration(await new RegistrationService(scopeOf(ctx)).registerGroup(input));
  }

  @Mutation(() => UsageCancellationType, { description: 'Cancels a use the caller’s organisation registered, until 7 days after the event’s day; frees its cap place.' })
  async cancelUsage(@Arg('input', () => CancelUsageInput) input: CancelUsageInput, @Ctx() ctx: SubgraphContext): Promise<UsageCancellationType> {
    const { idempotencyKey, ...content } = input;
    const { usage, replayed } = await new CancellationService(scopeOf(ctx)).cancel(idempotencyKey, content);
    return Object.assign(new UsageCancellationType(), { usage: UsageType.from(usage), replayed });
  }

  @Query(() => UsageCheckType, { description: 'Whether a card can be used for an event, by the same rules as registration, writing nothing.' })
  usageCheck(@Arg('input', () => CheckUsageInput) input: CheckUsageInput, @Ctx() ctx: SubgraphContext): Promise<UsageCheckType> {
    return new RegistrationService(scopeOf(ctx)).check(input);
  }

  @Query(() => UsageType, { nullable: true, description: 'A use the caller’s organisation registered; null for any other.' })
  usage(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<UsageType | null> {
    return new UsageQueryService(ctx).byId(id);
  }

  @FieldResolver(() => EventType, { nullable: true })
  event(@Root() usage: UsageType, @Ctx() ctx: SubgraphContext): Promise<EventType | null> {
    return usage.eventId ? new EventService(ctx).reference(usage.eventId) : Promise.resolve(null);
  }
}

function toRegistration(registered: { usages: Parameters<typeof UsageType.from>[0][]; groupId: string | null; replayed: boolean }): UsageRegistrationType {
  return Object.assign(new UsageRegistrationType(), { usages: registered.usages.map(UsageType.from), groupId: registered.groupId, replayed: registered.replayed });
}
