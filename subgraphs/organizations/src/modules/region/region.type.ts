import { LocalizedText } from '@kaikukanta/kit';
import { Directive, Field, ID, ObjectType } from 'type-graphql';
import type { Municipality, Region } from './region.entity.js';

@ObjectType('Region', { description: 'A Kaikukortti area (Kaikukortti-alue).' })
@Directive('@key(fields: "id")')
export class RegionType {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'Stable short code, e.g. PIRKANMAA.' })
  code!: string;

  @Field(() => LocalizedText)
  name!: LocalizedText;

  static from(entity: Pick<Region, 'id' | 'code' | 'nameFi' | 'nameSv' | 'nameEn'>): RegionType {
    return Object.assign(new RegionType(), {
      id: entity.id,
      code: entity.code,
      name: LocalizedText.of({ fi: entity.nameFi, sv: entity.nameSv, en: entity.nameEn }),
    });
  }
}

@ObjectType('Municipality', { description: 'A municipality, identified by its Statistics Finland code.' })
export class MunicipalityType {
  @Field(() => ID, { description: 'Three-digit Statistics Finland municipality code, e.g. "091" for Helsinki.' })
  code!: string;

  @Field(() => LocalizedText)
  name!: LocalizedText;

  regionId!: string;

  static from(entity: Pick<Municipality, 'code' | 'nameFi' | 'nameSv'> & { region: { id: string } }): MunicipalityType {
    return Object.assign(new MunicipalityType(), {
      code: entity.code,
      // English uses the Finnish name, as Statistics Finland does.
      name: LocalizedText.of({ fi: entity.nameFi, sv: entity.nameSv, en: entity.nameFi }),
      regionId: entity.region.id,
    });
  }
}
