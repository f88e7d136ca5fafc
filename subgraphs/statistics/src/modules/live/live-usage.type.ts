import { Directive, Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type { LiveUsageRow } from './live-usage.repository.js';

enum LiveUsageChange {
  REGISTERED = 'REGISTERED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(LiveUsageChange, { name: 'LiveUsageChange', description: 'A use registered, or one cancelled (R25).' });

// The same values as the usage and cards subgraphs' enums of these names: composition merges them.
enum EventKind {
  PERFORMANCE = 'PERFORMANCE',
  COURSE = 'COURSE',
  DAY_TICKET = 'DAY_TICKET',
}
registerEnumType(EventKind, { name: 'EventKind', description: 'Performance, course or day ticket.' });
enum CardKind {
  PERSONAL = 'PERSONAL',
  COMMUNITY = 'COMMUNITY',
}
registerEnumType(CardKind, { name: 'CardKind' });

/** The organizations subgraph's Organization, seen from the live channel: its key only. */
@ObjectType('Organization')
@Directive('@key(fields: "id", resolvable: false)')
export class LiveOrganizationRef {
  @Field(() => ID)
  id!: string;
}

/** The usage subgraph's Event, seen from the live channel: its key only. */
@ObjectType('Event')
@Directive('@key(fields: "id", resolvable: false)')
export class LiveEventRef {
  @Field(() => ID)
  id!: string;
}

const ref = <T extends { id: string }>(Type: new () => T, id: string): T => Object.assign(new Type(), { id });

/**
 * An entity keyed by its place in the live log (decision 0016): the live
 * channel sends only `sequence`, and the gateway resolves whatever else the
 * subscriber selected — the provider's name, its region, the event — as a
 * query with the subscriber's identity.
 */
@ObjectType('LiveUsage', { description: 'One use registered or cancelled, as the live channel tells it (R24). No card and nothing of the holder (R9).' })
@Directive('@key(fields: "sequence")')
export class LiveUsageType {
  @Field(() => Int, { description: 'Place in the live log: increases with every use, in commit order. Pass the last one seen as `after` to resume.' })
  sequence!: number;

  @Field(() => LiveUsageChange)
  change!: LiveUsageChange;

  @Field(() => LiveOrganizationRef, { description: 'The culture provider the use was at.' })
  provider!: LiveOrganizationRef;

  @Field(() => LiveOrganizationRef, { nullable: true, description: 'The organisation that registered it: the provider or a ticket agent (R18); null when no organisation did.' })
  registeringOrganization!: LiveOrganizationRef | null;

  @Field(() => LiveEventRef, { nullable: true, description: 'Null for an agency report without a kept event (R17).' })
  event!: LiveEventRef | null;

  @Field(() => String, { description: 'The event day in Finland, YYYY-MM-DD.' })
  eventDate!: string;

  @Field(() => EventKind)
  eventKind!: EventKind;

  @Field(() => CardKind)
  cardKind!: CardKind;

  @Field(() => Int, { description: 'Child tickets of the use; the one adult ticket is implicit (R11).' })
  childTickets!: number;

  @Field(() => Date, { description: 'When the use was captured (R16).' })
  occurredAt!: Date;

  static from(row: LiveUsageRow): LiveUsageType {
    return Object.assign(new LiveUsageType(), {
      sequence: row.sequence,
      change: row.change as LiveUsageChange,
      provider: ref(LiveOrganizationRef, row.providerId),
      registeringOrganization: row.registeringOrganizationId ? ref(LiveOrganizationRef, row.registeringOrganizationId) : null,
      event: row.eventId ? ref(LiveEventRef, row.eventId) : null,
      eventDate: row.eventDate,
      eventKind: row.eventKind as EventKind,
      cardKind: row.cardKind as CardKind,
      childTickets: row.childTickets,
      occurredAt: row.occurredAt,
    });
  }
}
