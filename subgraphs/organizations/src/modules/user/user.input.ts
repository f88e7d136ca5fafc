import { Field, ID, InputType } from 'type-graphql';
import { RoleEnum, type Role } from './user.model.js';

@InputType('MembershipScopeInput', { description: 'A role and its scope: an organisation for staff roles, a region for region roles (and a municipality of it for a culture officer), nothing for national ones.' })
export class MembershipScopeInput {
  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => ID, { nullable: true })
  organizationId?: string | null;

  @Field(() => ID, { nullable: true })
  regionId?: string | null;

  @Field(() => ID, { nullable: true, description: "A culture officer's municipality (Statistics Finland code), in the region; required for CULTURE_OFFICER, refused for other roles." })
  municipalityCode?: string | null;
}

@InputType('CreateInvitationInput')
export class CreateInvitationInput extends MembershipScopeInput {
  @Field(() => String)
  email!: string;
}

@InputType('AcceptInvitationInput')
export class AcceptInvitationInput {
  @Field(() => String)
  token!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => String)
  password!: string;
}
