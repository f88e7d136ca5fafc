import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';

/**
 * Every kind of change the audit log records. A GraphQL enum, so the web app
 * translates each from a generated list and filters by it; recording an
 * action that is not here does not compile.
 */
export const AUDIT_ACTIONS = [
  'INVITATION_CREATED',
  'INVITATION_REVOKED',
  'INVITATION_ACCEPTED',
  'MEMBERSHIP_GRANTED',
  'MEMBERSHIP_REVOKED',
  'PASSWORD_CHANGED',
  'PASSWORD_RESET_ISSUED',
  'PASSWORD_RESET_USED',
  'ORGANIZATION_CREATED',
  'ORGANIZATION_UPDATED',
  'ORGANIZATION_ACTIVATED',
  'ORGANIZATION_DEACTIVATED',
  'TICKET_AGENT_LINKED',
  'TICKET_AGENT_UNLINKED',
  'SITE_CREATED',
  'SITE_UPDATED',
  'SITE_ACTIVATED',
  'SITE_DEACTIVATED',
  'REGION_CREATED',
  'REGION_UPDATED',
  'MUNICIPALITY_SAVED',
  'API_KEY_CREATED',
  'API_KEY_REVOKED',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const AuditActionEnum = enumOf(AUDIT_ACTIONS);
registerEnumType(AuditActionEnum, { name: 'AuditAction', description: 'A kind of change in the audit log.' });

/** What an entry's targetId names. */
export type AuditTargetType = 'Invitation' | 'Membership' | 'User' | 'Organization' | 'Site' | 'Region' | 'Municipality' | 'ApiKey';
