import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';
import { BACKGROUND_DIMENSIONS } from './cards-figures.apply.js';

/** Whose figures: the whole country, a region, a municipality, or one organisation in one of its roles. */
export const SCOPE_KINDS = ['NATION', 'REGION', 'MUNICIPALITY', 'DISTRIBUTOR', 'PROVIDER', 'REGISTRAR'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];
export interface Scope {
  kind: ScopeKind;
  /** Region or organisation id, or municipality code; absent for NATION. */
  id?: string;
  /**
   * A MUNICIPALITY scope read as a row of this region's tables (a culture officer's, decisions 0017 and 0022):
   * `REGION=r&MUNICIPALITY=m`, only what was attributed to the municipality while it lay in the region. Absent:
   * the national row `MUNICIPALITY=m` (national roles).
   */
  region?: string;
}

/** How a table breaks its figures down (R25). */
export const DIMENSIONS = ['REGION', 'MUNICIPALITY', 'DISTRIBUTOR', 'PROVIDER', 'REGISTRAR', 'VENUE_TYPE', 'FIELD', 'EVENT_KIND', 'CARD_KIND', 'MONTH', 'DAY'] as const;
export type Dimension = (typeof DIMENSIONS)[number];
export const CARD_DIMENSIONS: readonly Dimension[] = ['REGION', 'MUNICIPALITY', 'DISTRIBUTOR', 'CARD_KIND', 'MONTH', 'DAY'];
export const DISTINCT_DIMENSIONS: readonly Dimension[] = ['REGION', 'MUNICIPALITY', 'PROVIDER', 'DISTRIBUTOR', 'FIELD', 'MONTH', 'DAY'];

export interface Period {
  from: string;
  to: string;
}

export const ScopeKindEnum = enumOf(SCOPE_KINDS);
export const DimensionEnum = enumOf(DIMENSIONS);
export const BackgroundDimensionEnum = enumOf(BACKGROUND_DIMENSIONS);
registerEnumType(ScopeKindEnum, { name: 'StatisticsScopeKind', description: 'Whose figures: the country, a region, a municipality, or an organisation as distributor (cards it granted), provider (its own usage) or registrar (usage it registered).' });
registerEnumType(DimensionEnum, { name: 'StatisticsDimension', description: 'How a statistics table breaks its figures down (R25).' });
registerEnumType(BackgroundDimensionEnum, { name: 'BackgroundDimension', description: 'A background distribution of personal cards granted (R25), in bands: birth decade, mother tongue, gender, postal area (two digits), life situation, children (0, 1, 2, 3_OR_MORE).' });
