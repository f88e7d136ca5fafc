import { Field, ID, InputType } from 'type-graphql';

@InputType('RegionInput')
export class RegionInput {
  @Field(() => String, { description: 'Stable short code, e.g. PIRKANMAA (upper-cased).' })
  code!: string;

  @Field(() => String)
  nameFi!: string;

  @Field(() => String)
  nameSv!: string;

  @Field(() => String)
  nameEn!: string;
}

@InputType('MunicipalityInput')
export class MunicipalityInput {
  @Field(() => ID, { description: 'Three-digit Statistics Finland municipality code, e.g. "091".' })
  code!: string;

  @Field(() => String)
  nameFi!: string;

  @Field(() => String)
  nameSv!: string;

  @Field(() => ID, { description: 'The region the municipality belongs to.' })
  regionId!: string;
}
