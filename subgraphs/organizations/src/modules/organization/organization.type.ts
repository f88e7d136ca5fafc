import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Organization } from './organization.entity.js';
import {
  OrganizationKindEnum,
  StatisticsFieldEnum,
  VenueTypeEnum,
  type OrganizationKind,
  type StatisticsField,
  type VenueType,
} from './organization.model.js';

@ObjectType('Organization', { description: 'A card distributor, culture provider or ticket agent.' })
@Directive('@key(fields: "id")')
export class OrganizationType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => [OrganizationKindEnum])
  kinds!: OrganizationKind[];

  @Field(() => VenueTypeEnum, { nullable: true, description: 'For culture providers.' })
  venueType!: VenueType | null;

  @Field(() => StatisticsFieldEnum, { nullable: true, description: 'For culture providers: the field in national statistics.' })
  field!: StatisticsField | null;

  @Field(() => Boolean)
  active!: boolean;

  municipalityCode!: string;

  static from(entity: Pick<Organization, 'id' | 'name' | 'kinds' | 'venueType' | 'field' | 'active'> & { municipality: { code: string } }): OrganizationType {
    return Object.assign(new OrganizationType(), {
      id: entity.id,
      name: entity.name,
      kinds: [...entity.kinds],
      venueType: entity.venueType ?? null,
      field: entity.field ?? null,
      active: entity.active,
      municipalityCode: entity.municipality.code,
    });
  }
}
