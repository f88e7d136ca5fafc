import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The organizations subgraph's Organization, seen from cards: its key plus the fields cards contributes. */
@ObjectType('Organization')
@Directive('@key(fields: "id")')
export class OrganizationRef {
  @Field(() => ID)
  id!: string;

  static of(id: string): OrganizationRef {
    return Object.assign(new OrganizationRef(), { id });
  }
}
