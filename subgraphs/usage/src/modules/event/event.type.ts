import { Directive, Field, ID, Int, ObjectType } from 'type-graphql';
import { OrganizationRef } from '../organization/organization.type.js';
import type { Event } from './event.entity.js';
import { EventKindEnum, type EventKind } from './event.model.js';

@ObjectType('Event', { description: "A culture provider's performance, course or day ticket." })
@Directive('@key(fields: "id")')
export class EventType {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  @Field(() => EventKindEnum)
  kind!: EventKind;

  @Field(() => Date)
  startsAt!: Date;

  @Field(() => Int, { nullable: true, description: 'Most card holders admitted (R20); null when no cap.' })
  cap!: number | null;

  @Field(() => OrganizationRef)
  provider!: OrganizationRef;

  providerId!: string;

  static from(entity: Event): EventType {
    return Object.assign(new EventType(), {
      id: entity.id,
      name: entity.name,
      kind: entity.kind,
      startsAt: entity.startsAt,
      cap: entity.cap ?? null,
      providerId: entity.providerId,
      provider: OrganizationRef.of(entity.providerId),
    });
  }
}
