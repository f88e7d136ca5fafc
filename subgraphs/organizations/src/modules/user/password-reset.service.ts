import { LockMode } from '@mikro-orm/postgresql';
import { AppError, isNationalAdmin, isUuid, type Actor, type EntityManager, type SubgraphContext } from '@kaikukanta/kit';
import { canGrantRole, requireAnyAdmin } from '../access/policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { isUsableMembership, toActiveMembership } from '../session/identity.mapper.js';
import { SessionEntity } from '../session/session.entity.js';
import { newToken, tokenHash } from '../session/tokens.js';
import { hashPassword, passwordProblem } from './password.js';
import { PasswordResetEntity } from './password-reset.entity.js';
import { PasswordResetIssuedType, PasswordResetType, type ResetPasswordInput } from './password-reset.type.js';
import { MembershipEntity, UserEntity, type Membership } from './user.entity.js';
import { passwordRejected, passwordResetInvalid } from './user.errors.js';
import { regionOf } from './user.service.js';

/** Long enough to reach the person by another channel, short enough that a link left in a chat soon dies. */
export const PASSWORD_RESET_TTL_MS = 24 * 60 * 60 * 1000;

/**
 * Forgotten passwords (R28): an administrator issues a one-time link, shown
 * once, as with invitations; the person sets a new password through it, which
 * ends every session of theirs. Both steps are audited.
 */
export class PasswordResetService {
  constructor(private readonly ctx: SubgraphContext) {}

  async issue(userId: string): Promise<PasswordResetIssuedType> {
    const actor = requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const user = isUuid(userId) ? await em.findOne(UserEntity, { id: userId }) : null;
      if (!user) throw new AppError('NOT_FOUND');
      const memberships = await membershipsOf(em, user.id);
      // One's own password is changed with the current one (changePassword), never by a link.
      if (user.id === actor.userId || !mayManagePerson(actor, memberships)) throw new AppError('FORBIDDEN');
      const now = new Date();
      await em.nativeUpdate(PasswordResetEntity, { user: user.id, usedAt: null, revokedAt: null }, { revokedAt: now });
      const token = newToken();
      const reset = em.create(PasswordResetEntity, {
        id: crypto.randomUUID(),
        tokenHash: tokenHash(token),
        user,
        issuedBy: actor.userId,
        createdAt: now,
        expiresAt: new Date(now.getTime() + PASSWORD_RESET_TTL_MS),
      });
      recordAudit(em, { actorUserId: actor.userId, action: 'PASSWORD_RESET_ISSUED', targetType: 'User', targetId: user.id, regionId: regionFor(actor, memberships) });
      await em.flush();
      return Object.assign(new PasswordResetIssuedType(), { link: `/reset/${token}`, expiresAt: reset.expiresAt });
    });
  }

  /** What the link's page shows; the same null for unknown, used, replaced and expired links. */
  async byToken(token: string): Promise<PasswordResetType | null> {
    if (token.length > 100) return null;
    const reset = await this.ctx.em.findOne(PasswordResetEntity, pending(token), { populate: ['user'] });
    if (!reset?.user.active) return null;
    return Object.assign(new PasswordResetType(), { email: reset.user.email, expiresAt: reset.expiresAt });
  }

  async reset(input: ResetPasswordInput): Promise<boolean> {
    return this.ctx.em.transactional(async (em) => {
      // One use only: lock the row, as acceptInvitation does.
      const reset = await em.findOne(PasswordResetEntity, pending(input.token.slice(0, 100)), { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!reset) throw passwordResetInvalid();
      const user = await em.findOneOrFail(UserEntity, { id: reset.user.id });
      if (!user.active) throw passwordResetInvalid();
      // R28: the link carries its issuer's authority and dies with it (as an invitation does).
      const memberships = await membershipsOf(em, user.id);
      const issuerMemberships = (await em.find(MembershipEntity, { user: reset.issuedBy.id, revokedAt: null }, { populate: ['organization.municipality'] })).filter(isUsableMembership);
      const issuer = issuerMemberships.map((m): Actor => ({ kind: 'user', userId: reset.issuedBy.id, membership: toActiveMembership(m) })).find((a) => mayManagePerson(a, memberships));
      if (!issuer) throw passwordResetInvalid();
      const problem = passwordProblem(input.password, user.email);
      if (problem) throw passwordRejected(problem);
      const now = new Date();
      user.passwordHash = await hashPassword(input.password);
      user.passwordChangedAt = now;
      reset.usedAt = now;
      // Whoever knew the old password (or holds a stolen session) is out at once.
      await em.nativeUpdate(SessionEntity, { user: user.id, revokedAt: null }, { revokedAt: now });
      recordAudit(em, {
        actorUserId: user.id,
        action: 'PASSWORD_RESET_USED',
        targetType: 'User',
        targetId: user.id,
        regionId: regionFor(issuer, memberships),
        details: { issuedBy: reset.issuedBy.id },
      });
      return true;
    });
  }
}

function pending(token: string) {
  return { tokenHash: tokenHash(token), usedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } };
}

function membershipsOf(em: EntityManager, userId: string): Promise<Membership[]> {
  return em.find(MembershipEntity, { user: userId, revokedAt: null }, { populate: ['organization.municipality', 'region'] });
}

/**
 * National admins manage everyone. A responsible person manages a person all
 * of whose roles they could grant: someone who is also another region's staff,
 * a responsible person or a national admin is not theirs to take over.
 */
export function mayManagePerson(actor: Actor, memberships: Membership[]): boolean {
  if (isNationalAdmin(actor)) return true;
  return memberships.length > 0 && memberships.every((m) => canGrantRole(actor, m.role, regionOf(m)));
}

/** The region the entry belongs to, so the responsible person reads it: theirs, or the person's one region. */
function regionFor(actor: Actor, memberships: Membership[]): string | null {
  if (!isNationalAdmin(actor)) return actor.membership.regionId ?? null;
  const regions = new Set(memberships.map(regionOf));
  return regions.size === 1 ? ([...regions][0] ?? null) : null;
}
