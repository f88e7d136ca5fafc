import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';
import type { OrganizationKind } from '../organization/organization.model.js';

/** What a partner system may do with its key. */
export const API_KEY_SCOPES = ['CARD_STATUS_READ', 'USAGE_WRITE', 'EVENTS_WRITE'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const ApiKeyScopeEnum = enumOf(API_KEY_SCOPES);
registerEnumType(ApiKeyScopeEnum, { name: 'ApiKeyScope', description: 'What a partner key allows.' });

/**
 * I1: which organisation kinds a scope fits. Keys are for the systems of
 * venues and ticket agents: they check cards (R29) and register uses (R18);
 * only culture providers publish events. A distributor's key gets none.
 */
export const SCOPE_KINDS: Record<ApiKeyScope, readonly OrganizationKind[]> = {
  CARD_STATUS_READ: ['CULTURE_PROVIDER', 'TICKET_AGENT'],
  USAGE_WRITE: ['CULTURE_PROVIDER', 'TICKET_AGENT'],
  EVENTS_WRITE: ['CULTURE_PROVIDER'],
};

/** I1: a key made without an expiry lapses after a year; a partner asks for a new one rather than holding one forever. */
export const DEFAULT_KEY_LIFETIME_DAYS = 365;
