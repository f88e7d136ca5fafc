import { Field, ID, ObjectType } from 'type-graphql';
import type { ApiKey } from './api-key.entity.js';
import { ApiKeyScopeEnum, type ApiKeyScope } from './api-key.model.js';

@ObjectType('ApiKey', { description: "A partner system's key. The secret is shown once, at creation." })
export class ApiKeyType {
  @Field(() => ID)
  id!: string;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => String)
  name!: string;

  @Field(() => String, { description: 'The visible start of the key, kk_<prefix>_…' })
  prefix!: string;

  @Field(() => [ApiKeyScopeEnum])
  scopes!: ApiKeyScope[];

  @Field(() => Date)
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  expiresAt!: Date | null;

  @Field(() => Date, { nullable: true })
  lastUsedAt!: Date | null;

  @Field(() => Date, { nullable: true })
  revokedAt!: Date | null;

  static from(key: ApiKey): ApiKeyType {
    return Object.assign(new ApiKeyType(), {
      id: key.id,
      organizationId: key.organization.id,
      name: key.name,
      prefix: key.prefix,
      scopes: [...key.scopes],
      createdAt: key.createdAt,
      expiresAt: key.expiresAt ?? null,
      lastUsedAt: key.lastUsedAt ?? null,
      revokedAt: key.revokedAt ?? null,
    });
  }
}

@ObjectType('ApiKeyCreated')
export class ApiKeyCreatedType {
  @Field(() => ApiKeyType)
  apiKey!: ApiKeyType;

  @Field(() => String, { description: 'The whole key. Shown only now; only its hash is stored.' })
  secret!: string;
}
