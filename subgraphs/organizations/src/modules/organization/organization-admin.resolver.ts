import type { SubgraphContext } from '@kaikukanta/kit';
import { Arg, Ctx, ID, Mutation, Resolver } from 'type-graphql';
import { OrganizationAdminService } from './organization-admin.service.js';
import { OrganizationInput } from './organization.input.js';
import { OrganizationType } from './organization.type.js';

@Resolver(() => OrganizationType)
export class OrganizationAdminResolver {
  @Mutation(() => OrganizationType)
  createOrganization(@Arg('input', () => OrganizationInput) input: OrganizationInput, @Ctx() ctx: SubgraphContext): Promise<OrganizationType> {
    return new OrganizationAdminService(ctx).create(input);
  }

  @Mutation(() => OrganizationType)
  updateOrganization(
    @Arg('id', () => ID) id: string,
    @Arg('input', () => OrganizationInput) input: OrganizationInput,
    @Ctx() ctx: SubgraphContext,
  ): Promise<OrganizationType> {
    return new OrganizationAdminService(ctx).update(id, input);
  }

  @Mutation(() => OrganizationType, { description: 'Deactivating keeps the organisation and its history.' })
  setOrganizationActive(@Arg('id', () => ID) id: string, @Arg('active', () => Boolean) active: boolean, @Ctx() ctx: SubgraphContext): Promise<OrganizationType> {
    return new OrganizationAdminService(ctx).setActive(id, active);
  }

  @Mutation(() => Boolean, { description: "Makes a culture provider a ticket agent's client (R18), or ends it with linked: false." })
  linkTicketAgent(
    @Arg('agentId', () => ID) agentId: string,
    @Arg('providerId', () => ID) providerId: string,
    @Arg('linked', () => Boolean, { defaultValue: true }) linked: boolean,
    @Ctx() ctx: SubgraphContext,
  ): Promise<boolean> {
    return new OrganizationAdminService(ctx).linkTicketAgent(agentId, providerId, linked);
  }
}
