import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The organizations subgraph's Region, seen from cards: only its key, to learn an organisation's region (R27 scope). */
@ObjectType('Region')
@Directive('@key(fields: "id", resolvable: false)')
export class RegionRef {
  @Field(() => ID)
  id!: string;
}

/** The organizations subgraph's Organization, seen from cards: its key plus the fields cards contributes. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationRef {
  @Field(() => ID)
  id!: string;

  /** Owned by the organizations subgraph; the gateway fetches it for `registeredCardCount` (@requires). */
  @Field(() => RegionRef)
  @Directive('@external')
  region?: RegionRef | null;

  static of(id: string, regionId?: string | null): OrganizationRef {
    return Object.assign(new OrganizationRef(), { id, region: regionId ? Object.assign(new RegionRef(), { id: regionId }) : null });
  }
}
