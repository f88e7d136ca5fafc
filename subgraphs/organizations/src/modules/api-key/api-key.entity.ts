import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { OrganizationEntity } from '../organization/organization.entity.js';
import { UserEntity } from '../user/user.entity.js';
import { API_KEY_SCOPES } from './api-key.model.js';

/**
 * A partner system's key, bound to one organisation. The key is 256 random
 * bits, so a SHA-256 of it is as strong as a password hash and checkable on
 * every request; the prefix is stored in clear so people can tell keys apart.
 */
export const ApiKeyEntity = defineEntity({
  name: 'ApiKey',
  tableName: 'api_key',
  properties: {
    id: p.uuid().primary(),
    organization: () => p.manyToOne(OrganizationEntity).index(),
    name: p.string().length(100),
    prefix: p.string().length(16).unique(),
    secretHash: p.string().length(64),
    scopes: p.enum(API_KEY_SCOPES).array(),
    createdBy: () => p.manyToOne(UserEntity),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime().nullable(),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKeyEntity>;
