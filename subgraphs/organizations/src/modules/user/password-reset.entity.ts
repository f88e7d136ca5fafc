import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { UserEntity } from './user.entity.js';

/**
 * A one-time link to set a new password, issued by an administrator for a
 * person who forgot theirs (R28: rights and users are the responsible
 * person's to maintain). Only the hash of its token is stored; it ends when
 * used, when a newer one is issued, or when it expires.
 */
export const PasswordResetEntity = defineEntity({
  name: 'PasswordReset',
  tableName: 'password_reset',
  properties: {
    id: p.uuid().primary(),
    tokenHash: p.string().length(64).unique(),
    user: () => p.manyToOne(UserEntity).index(),
    issuedBy: () => p.manyToOne(UserEntity),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    usedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type PasswordReset = InferEntity<typeof PasswordResetEntity>;
