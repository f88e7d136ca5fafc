import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { PasswordResetService } from './password-reset.service.js';
import { PasswordResetIssuedType, PasswordResetType, ResetPasswordInput } from './password-reset.type.js';

@Resolver()
export class PasswordResetResolver {
  @Mutation(() => PasswordResetIssuedType, {
    description: "A one-time link for a person to set a new password (24 h); any earlier one ends. National admins, or the person's responsible person.",
  })
  issuePasswordReset(@Arg('userId', () => ID) userId: string, @Ctx() ctx: SubgraphContext): Promise<PasswordResetIssuedType> {
    return new PasswordResetService(ctx).issue(userId);
  }

  @Query(() => PasswordResetType, { nullable: true, description: 'A password reset by its one-time token; null when unknown, used or expired.' })
  passwordReset(@Arg('token', () => String) token: string, @Ctx() ctx: SubgraphContext): Promise<PasswordResetType | null> {
    return new PasswordResetService(ctx).byToken(token);
  }

  @Mutation(() => Boolean, { description: "Sets a new password from a reset link and ends the person's sessions; then they log in." })
  resetPassword(@Arg('input', () => ResetPasswordInput) input: ResetPasswordInput, @Ctx() ctx: SubgraphContext): Promise<boolean> {
    return new PasswordResetService(ctx).reset(input);
  }
}
