import { Field, ID, ObjectType } from 'type-graphql';
import { OrganizationType } from '../organization/organization.type.js';
import { MunicipalityType, RegionType } from '../region/region.type.js';
import type { Invitation, Membership, User } from './user.entity.js';
import { RoleEnum, type Role } from './user.model.js';

@ObjectType('Membership', { description: 'One role of a person, in an organisation, a region or nationally.' })
export class MembershipType {
  @Field(() => ID)
  id!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => OrganizationType, { nullable: true })
  organization!: OrganizationType | null;

  @Field(() => RegionType, { nullable: true })
  region!: RegionType | null;

  @Field(() => MunicipalityType, { nullable: true, description: "A culture officer's municipality, in the region: they act for its providers (decision 0022)." })
  municipality!: MunicipalityType | null;

  @Field(() => Date)
  createdAt!: Date;

  /** Expects organization (with municipality), region and municipality populated or null. */
  static from(membership: Membership): MembershipType {
    return Object.assign(new MembershipType(), {
      id: membership.id,
      role: membership.role,
      organization: membership.organization ? OrganizationType.from(membership.organization) : null,
      region: membership.region ? RegionType.from(membership.region) : null,
      municipality: membership.municipality ? MunicipalityType.from(membership.municipality) : null,
      createdAt: membership.createdAt,
    });
  }
}

@ObjectType('User', { description: 'A person who uses the registry (staff, responsible person, analyst) — never a cardholder.' })
export class UserType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Boolean)
  active!: boolean;

  @Field(() => [MembershipType])
  memberships!: MembershipType[];

  static from(user: User, memberships: Membership[]): UserType {
    return Object.assign(new UserType(), {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      active: user.active,
      memberships: memberships.map(MembershipType.from),
    });
  }
}

@ObjectType('Me', { description: 'The signed-in person, their memberships and the one they act in now.' })
export class MeType {
  @Field(() => UserType)
  user!: UserType;

  @Field(() => MembershipType, { nullable: true, description: 'Null until the person picks one (selectMembership).' })
  activeMembership!: MembershipType | null;
}

@ObjectType('Invitation', { description: 'A pending one-time invitation.' })
export class InvitationType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  email!: string;

  @Field(() => RoleEnum)
  role!: Role;

  @Field(() => OrganizationType, { nullable: true })
  organization!: OrganizationType | null;

  @Field(() => RegionType, { nullable: true })
  region!: RegionType | null;

  @Field(() => MunicipalityType, { nullable: true, description: "A culture officer's municipality (decision 0022)." })
  municipality!: MunicipalityType | null;

  @Field(() => Date)
  expiresAt!: Date;

  static from(invitation: Invitation): InvitationType {
    return Object.assign(new InvitationType(), {
      id: invitation.id,
      email: invitation.email,
      role: invitation.role,
      organization: invitation.organization ? OrganizationType.from(invitation.organization) : null,
      region: invitation.region ? RegionType.from(invitation.region) : null,
      municipality: invitation.municipality ? MunicipalityType.from(invitation.municipality) : null,
      expiresAt: invitation.expiresAt,
    });
  }
}

@ObjectType('InvitationCreated')
export class InvitationCreatedType {
  @Field(() => InvitationType)
  invitation!: InvitationType;

  @Field(() => String, { description: 'The one-time path to give to the invitee, e.g. /invitation/<token>. Shown only now.' })
  link!: string;
}
