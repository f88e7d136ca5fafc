import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { UserService } from '../user/user.service.js';
import { MeType } from '../user/user.type.js';
import { AuthService } from './auth.service.js';

@Resolver()
export class AuthResolver {
  @Query(() => MeType, { nullable: true, description: 'The signed-in person; null when not signed in.' })
  me(@Ctx() ctx: SubgraphContext): Promise<MeType | null> {
    return new UserService(ctx).me();
  }

  @Mutation(() => MeType, { description: 'Starts a session (the gateway keeps it in an HttpOnly cookie). Throttled per account and address.' })
  async login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: SubgraphContext): Promise<MeType> {
    const { user, activeMembershipId } = await new AuthService(ctx).login(email, password);
    return (await new UserService(ctx).meFor(user.id, activeMembershipId)) as MeType;
  }

  @Mutation(() => Boolean, { description: 'Ends this session.' })
  logout(@Ctx() ctx: SubgraphContext): Promise<boolean> {
    return new AuthService(ctx).logout();
  }

  @Mutation(() => MeType, { description: 'Chooses the membership to act in for the rest of the session.' })
  async selectMembership(@Arg('membershipId', () => ID) membershipId: string, @Ctx() ctx: SubgraphContext): Promise<MeType> {
    await new AuthService(ctx).selectMembership(membershipId);
    return (await new UserService(ctx).meFor((ctx.identity as { userId: string }).userId, membershipId)) as MeType;
  }

  @Mutation(() => Boolean, { description: 'Changes the password and ends every session of the person.' })
  changePassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: SubgraphContext,
  ): Promise<boolean> {
    return new AuthService(ctx).changePassword(currentPassword, newPassword);
  }
}
