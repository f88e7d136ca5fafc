import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { OrganizationEntity } from '../organization/organization.entity.js';
import { MunicipalityEntity } from '../region/region.entity.js';

/** R18: a ticket agent registers usage only for events of the providers that are its clients. */
export const TicketAgentClientEntity = defineEntity({
  name: 'TicketAgentClient',
  tableName: 'ticket_agent_client',
  properties: {
    agent: () => p.manyToOne(OrganizationEntity).primary(),
    provider: () => p.manyToOne(OrganizationEntity).primary().index(),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type TicketAgentClient = InferEntity<typeof TicketAgentClientEntity>;

/** A unit of an organisation (e.g. one social services office of a welfare area). */
export const SiteEntity = defineEntity({
  name: 'Site',
  tableName: 'site',
  properties: {
    id: p.uuid().primary(),
    organization: () => p.manyToOne(OrganizationEntity).index(),
    name: p.string().length(200),
    municipality: () => p.manyToOne(MunicipalityEntity),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
  },
});
export type Site = InferEntity<typeof SiteEntity>;
