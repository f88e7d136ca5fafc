import { PROVIDER_SCOPE_VIEW } from '@kaikukanta/kit/contracts';
import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { ORGANIZATION_KINDS, STATISTICS_FIELDS, VENUE_TYPES } from '../organization/organization.model.js';

/**
 * `organizations.provider_scope`, published read-only to usage and statistics (decision 0010):
 * an organisation's kinds, venue type, municipality and region, so usage can
 * decide who manages an event (R18, culture officers) and which cap rule
 * applies (R20) inside its own transaction; statistics attributes uses and cards to region, municipality,
 * venue type and field (R25) in its reader's transaction. Contract: kit/contracts/organizations.ts.
 */
export const ProviderScopeView = defineEntity({
  name: 'ProviderScopeView',
  tableName: PROVIDER_SCOPE_VIEW.view,
  view: true,
  expression:
    'select o.id as organization_id, o.kinds, o.venue_type, o.municipality_code, m.region_id, o.active, o.field from organizations.organization o join organizations.municipality m on m.code = o.municipality_code',
  properties: {
    organizationId: p.uuid().primary(),
    kinds: p.enum(ORGANIZATION_KINDS).array(),
    venueType: p.enum(VENUE_TYPES).nullable(),
    municipalityCode: p.string().length(3),
    regionId: p.uuid(),
    active: p.boolean(),
    field: p.enum(STATISTICS_FIELDS).nullable(),
  },
});
export type ProviderScopeViewRow = InferEntity<typeof ProviderScopeView>;
