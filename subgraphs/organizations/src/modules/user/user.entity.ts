import { defineEntity, p, type InferEntity } from '@mikro-orm/postgresql';
import { OrganizationEntity } from '../organization/organization.entity.js';
import { MunicipalityEntity, RegionEntity } from '../region/region.entity.js';
import { MEMBERSHIP_SCOPE_CHECK, ROLES } from './user.model.js';

/** A person who uses the registry (staff of an organisation, a responsible person, an analyst) — never a cardholder. */
export const UserEntity = defineEntity({
  name: 'UserAccount',
  tableName: 'user_account',
  properties: {
    id: p.uuid().primary(),
    /** The login, lower-cased. */
    email: p.string().length(254).unique(),
    displayName: p.string().length(120),
    /** Argon2id in PHC format; null until an invitation is accepted. */
    passwordHash: p.string().length(200).nullable(),
    active: p.boolean().default(true),
    createdAt: p.datetime().onCreate(() => new Date()),
    passwordChangedAt: p.datetime().nullable(),
  },
});
export type User = InferEntity<typeof UserEntity>;

/** One role of a user in one scope. Revoking keeps the row (revokedAt) so the audit trail stays readable. */
export const MembershipEntity = defineEntity({
  name: 'Membership',
  tableName: 'membership',
  checks: [{ name: 'membership_scope_check', expression: MEMBERSHIP_SCOPE_CHECK }],
  properties: {
    id: p.uuid().primary(),
    user: () => p.manyToOne(UserEntity).index(),
    role: p.enum(ROLES),
    organization: () => p.manyToOne(OrganizationEntity).nullable().index(),
    region: () => p.manyToOne(RegionEntity).nullable().index(),
    /** A culture officer's municipality, in `region` (decision 0022); null for every other role. */
    municipality: () => p.manyToOne(MunicipalityEntity).nullable(),
    grantedBy: p.uuid().nullable(),
    createdAt: p.datetime().onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
  },
});
export type Membership = InferEntity<typeof MembershipEntity>;

/** A one-time invitation link; only the hash of its token is stored. */
export const InvitationEntity = defineEntity({
  name: 'Invitation',
  tableName: 'invitation',
  checks: [{ name: 'invitation_scope_check', expression: MEMBERSHIP_SCOPE_CHECK }],
  properties: {
    id: p.uuid().primary(),
    tokenHash: p.string().length(64).unique(),
    email: p.string().length(254).index(),
    role: p.enum(ROLES),
    organization: () => p.manyToOne(OrganizationEntity).nullable(),
    region: () => p.manyToOne(RegionEntity).nullable(),
    municipality: () => p.manyToOne(MunicipalityEntity).nullable(),
    invitedBy: () => p.manyToOne(UserEntity),
    createdAt: p.datetime().onCreate(() => new Date()),
    expiresAt: p.datetime(),
    acceptedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
  },
});
export type Invitation = InferEntity<typeof InvitationEntity>;
