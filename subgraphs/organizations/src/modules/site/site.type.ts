import { Field, ID, ObjectType } from 'type-graphql';
import type { Site } from './site.entity.js';

@ObjectType('Site', { description: 'A unit of an organisation, e.g. one office of a distributor that has several.' })
export class SiteType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => Boolean)
  active!: boolean;

  organizationId!: string;
  municipalityCode!: string;

  static from(entity: Site): SiteType {
    return Object.assign(new SiteType(), {
      id: entity.id,
      name: entity.name,
      active: entity.active,
      organizationId: entity.organization.id,
      municipalityCode: entity.municipality.code,
    });
  }
}
