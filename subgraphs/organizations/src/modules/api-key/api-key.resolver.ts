import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { OrganizationService } from '../organization/organization.service.js';
import { OrganizationType } from '../organization/organization.type.js';
import { ApiKeyScopeEnum, type ApiKeyScope } from './api-key.model.js';
import { ApiKeyService } from './api-key.service.js';
import { ApiKeyCreatedType, ApiKeyType } from './api-key.type.js';

@Resolver(() => ApiKeyType)
export class ApiKeyResolver {
  @Query(() => ApiKeyType, { nullable: true, description: 'The partner key this request is made with (Authorization: Bearer); null for people and anonymous callers.' })
  currentApiKey(@Ctx() ctx: SubgraphContext): Promise<ApiKeyType | null> {
    return new ApiKeyService(ctx).current();
  }

  @Query(() => [ApiKeyType])
  apiKeys(@Arg('organizationId', () => ID) organizationId: string, @Ctx() ctx: SubgraphContext): Promise<ApiKeyType[]> {
    return new ApiKeyService(ctx).list(organizationId);
  }

  @Mutation(() => ApiKeyCreatedType)
  createApiKey(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('name', () => String) name: string,
    @Arg('scopes', () => [ApiKeyScopeEnum]) scopes: ApiKeyScope[],
    @Arg('expiresAt', () => Date, { nullable: true, description: 'When the key stops working; one year from now when omitted.' }) expiresAt: Date | null,
    @Ctx() ctx: SubgraphContext,
  ): Promise<ApiKeyCreatedType> {
    return new ApiKeyService(ctx).create(organizationId, name, scopes, expiresAt);
  }

  @Mutation(() => ApiKeyType)
  revokeApiKey(@Arg('id', () => ID) id: string, @Ctx() ctx: SubgraphContext): Promise<ApiKeyType> {
    return new ApiKeyService(ctx).revoke(id);
  }

  @FieldResolver(() => OrganizationType, { nullable: true, description: 'The organisation the key acts as.' })
  organization(@Root() key: ApiKeyType, @Ctx() ctx: SubgraphContext): Promise<OrganizationType | null> {
    return new OrganizationService(ctx).byId(key.organizationId);
  }
}
