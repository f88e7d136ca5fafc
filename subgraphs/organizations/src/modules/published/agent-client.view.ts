import { AGENT_CLIENT_VIEW } from '@kaikukanta/kit/contracts';
import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';

/**
 * `organizations.agent_client`, published read-only to usage (decision 0010):
 * a ticket agent registers usage and keeps events only for the providers that
 * are its clients (R18). Contract: kit/contracts/organizations.ts.
 */
export const AgentClientView = defineEntity({
  name: 'AgentClientView',
  tableName: AGENT_CLIENT_VIEW.view,
  view: true,
  expression: 'select agent_id, provider_id from organizations.ticket_agent_client',
  properties: {
    agentId: p.uuid().primary(),
    providerId: p.uuid().primary(),
  },
});
export type AgentClientViewRow = InferEntity<typeof AgentClientView>;
