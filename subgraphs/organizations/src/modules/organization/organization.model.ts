import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';

/** An organisation may be several kinds at once (e.g. a theatre that also sells tickets for guests). */
export const ORGANIZATION_KINDS = ['DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const VENUE_TYPES = [
  'THEATRE',
  'MUSEUM',
  'MUSIC',
  'CINEMA',
  'ADULT_EDUCATION_CENTRE',
  'LIBRARY',
  'FESTIVAL',
  'SPORT',
  'GUEST_PRODUCER',
  'OTHER',
] as const;
export type VenueType = (typeof VENUE_TYPES)[number];

/** The field national statistics split uses by (R25). */
export const STATISTICS_FIELDS = ['CULTURE', 'EDUCATION', 'SCIENCE', 'SPORT'] as const;
export type StatisticsField = (typeof STATISTICS_FIELDS)[number];


export const OrganizationKindEnum = enumOf(ORGANIZATION_KINDS);
export const VenueTypeEnum = enumOf(VENUE_TYPES);
export const StatisticsFieldEnum = enumOf(STATISTICS_FIELDS);

registerEnumType(OrganizationKindEnum, { name: 'OrganizationKind', description: 'What an organisation does in the network.' });
registerEnumType(VenueTypeEnum, { name: 'VenueType', description: 'Kind of venue of a culture provider.' });
registerEnumType(StatisticsFieldEnum, { name: 'StatisticsField', description: 'Field used in national statistics (R25).' });
