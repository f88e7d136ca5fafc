import { Field, ID, InputType } from 'type-graphql';

@InputType('SiteInput')
export class SiteInput {
  @Field(() => String)
  name!: string;

  @Field(() => ID, { description: 'Statistics Finland municipality code of the unit, e.g. "837".' })
  municipalityCode!: string;
}
