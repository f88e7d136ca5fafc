import { registerEnumType } from 'type-graphql';

/** What a partner system may do with its key. */
export const API_KEY_SCOPES = ['CARD_STATUS_READ', 'USAGE_WRITE', 'EVENTS_WRITE'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];
export const ApiKeyScopeEnum = Object.fromEntries(API_KEY_SCOPES.map((s) => [s, s])) as { [K in ApiKeyScope]: K };
registerEnumType(ApiKeyScopeEnum, { name: 'ApiKeyScope', description: 'What a partner key allows.' });
