import { enumOf } from '@kaikukanta/kit';
import { registerEnumType } from 'type-graphql';

/** What a partner system may do with its key. */
export const API_KEY_SCOPES = ['CARD_STATUS_READ', 'USAGE_WRITE', 'EVENTS_WRITE'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const ApiKeyScopeEnum = enumOf(API_KEY_SCOPES);
registerEnumType(ApiKeyScopeEnum, { name: 'ApiKeyScope', description: 'What a partner key allows.' });
