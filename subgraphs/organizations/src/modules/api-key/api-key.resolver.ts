import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { ApiKeyScopeEnum, type ApiKeyScope } from './api-key.model.js';
import { ApiKeyService } from './api-key.service.js';
import { ApiKeyCreatedType, ApiKeyType } from './api-key.type.js';

@Resolver()
export class ApiKeyResolver {
  @Query(() => [ApiKeyType])
  apiKeys(@Arg('organizationId', () => ID) organizationId: string, @Ctx() ctx: SubgraphContext): Promise<ApiKeyType[]> {
    return new ApiKeyService(ctx).list(organizationId);
  }

  @Mutation(() => ApiKeyCreatedType)
  createApiKey(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('name', () => String) name: string,
    @Arg('scopes', () => [ApiKeyScopeEnum]) scopes: ApiKeyScope[],
    @Arg('expiresAt', () => Date, { nullable: true }) expiresAt: Date | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ApiKeyCreatedType> {
    return new ApiKeyService(ctx).create(organizationId, name, scopes, expiresAt);
  }

  @Mutation(() => ApiKeyType)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ApiKeyType> {
    return new ApiKeyService(ctx).revoke(id);
  }
}
