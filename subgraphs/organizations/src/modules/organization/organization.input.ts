import { Field, ID, InputType } from 'type-graphql';
import {
  OrganizationKindEnum,
  StatisticsFieldEnum,
  VenueTypeEnum,
  type OrganizationKind,
  type StatisticsField,
  type VenueType,
} from './organization.model.js';

@InputType('OrganizationInput')
export class OrganizationInput {
  @Field(() => String)
  name!: string;

  @Field(() => [OrganizationKindEnum])
  kinds!: OrganizationKind[];

  @Field(() => ID, { description: 'Statistics Finland municipality code, e.g. "837".' })
  municipalityCode!: string;

  @Field(() => VenueTypeEnum, { nullable: true, description: 'Required for culture providers.' })
  venueType?: VenueType | null;

  @Field(() => StatisticsFieldEnum, { nullable: true, description: 'Required for culture providers.' })
  field?: StatisticsField | null;
}
