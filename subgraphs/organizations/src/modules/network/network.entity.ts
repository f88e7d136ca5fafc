import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { OrganizationEntity } from '../organization/organization.entity.js';

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
