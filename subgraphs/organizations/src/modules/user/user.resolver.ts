import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { AcceptInvitationInput, CreateInvitationInput, MembershipScopeInput } from './user.input.js';
import { UserService } from './user.service.js';
import { InvitationCreatedType, InvitationType, MembershipType, UserType } from './user.type.js';

@Resolver()
export class UserResolver {
  @Query(() => [UserType], { description: "People with rights: everyone for national admins, the region's people for a responsible person." })
  users(@Ctx() ctx: SubgraphContext): Promise<UserType[]> {
    return new UserService(ctx).users();
  }

  @Query(() => [InvitationType])
  pendingInvitations(@Ctx() ctx: SubgraphContext): Promise<InvitationType[]> {
    return new UserService(ctx).pendingInvitations();
  }

  @Query(() => InvitationType, { nullable: true, description: 'An invitation by its one-time token; null when unknown, used or expired.' })
  invitation(@Arg('token', () => String) token: string, @Ctx() ctx: SubgraphContext): Promise<InvitationType | null> {
    return new UserService(ctx).invitationByToken(token);
  }

  @Mutation(() => InvitationCreatedType)
  createInvitation(@Arg('input', () => CreateInvitationInput) input: CreateInvitationInput, @Ctx() ctx: SubgraphContext): Promise<InvitationCreatedType> {
    return new UserService(ctx).createInvitation(input);
  }

  @Mutation(() => Boolean, { description: 'Ends a pending invitation: its link no longer works.' })
  revokeInvitation(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return new UserService(ctx).revokeInvitation(id);
  }

  @Mutation(() => Boolean, { description: 'Sets the name and password of a new account from an invitation; then the person logs in.' })
  acceptInvitation(@Arg('input', () => AcceptInvitationInput) input: AcceptInvitationInput, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return new UserService(ctx).acceptInvitation(input);
  }

  @Mutation(() => MembershipType)
  grantMembership(
    @Arg('userId', () => ID) userId: string,
    @Arg('input', () => MembershipScopeInput) input: MembershipScopeInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<MembershipType> {
    return new UserService(ctx).grantMembership(userId, input);
  }

  @Mutation(() => Boolean)
  revokeMembership(@Arg('membershipId', () => ID) membershipId: string, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return new UserService(ctx).revokeMembership(membershipId);
  }
}
