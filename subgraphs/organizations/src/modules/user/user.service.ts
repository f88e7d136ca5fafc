import { LockMode } from '@mikro-orm/postgresql';
import { AppError, isNationalAdmin, type Actor, type SubgraphContext, isUuid } from '@kaikukanta/kit';
import { canGrantRole, requireAnyAdmin } from '../access/policy.js';
import { recordAudit } from '../audit/audit.service.js';
import { isUsableMembership, toActiveMembership } from '../session/identity.mapper.js';
import { newToken, tokenHash } from '../session/tokens.js';
import { resolveScope } from './membership-scope.js';
import { hashPassword, passwordProblem } from './password.js';
import { InvitationEntity, MembershipEntity, UserEntity, type Membership } from './user.entity.js';
import { emailTaken, invitationInvalid, normaliseEmail, ownMembershipRefused, passwordRejected, requiredText } from './user.errors.js';
import type { AcceptInvitationInput, CreateInvitationInput, MembershipScopeInput } from './user.input.js';
import { InvitationCreatedType, InvitationType, MeType, MembershipType, UserType } from './user.type.js';

const INVITATION_TTL_MS = 7 * 24 * 60 * 60 * 1000;
const MEMBERSHIP_POPULATE = ['organization.municipality', 'region', 'municipality'] as const;

/** People and their rights: invitations, memberships (R28). */
export class UserService {
  constructor(private readonly ctx: SubgraphContext) {}

  async me(): Promise<MeType | null> {
    const identity = this.ctx.identity;
    if (identity.kind !== 'user') return null;
    return this.meFor(identity.userId, identity.membership?.id ?? null);
  }

  /**
   * The person as they see themselves, acting in exactly the membership their
   * session acts in (the gateway's identity), so `me` never claims a role the
   * other subgraphs would not grant.
   */
  async meFor(userId: string, activeMembershipId: string | null): Promise<MeType | null> {
    const user = await this.ctx.em.findOne(UserEntity, { id: userId });
    if (!user) return null;
    const memberships = await this.activeMemberships([user.id]);
    const active = memberships.find((m) => m.id === activeMembershipId) ?? null;
    return Object.assign(new MeType(), { user: UserType.from(user, memberships), activeMembership: active ? MembershipType.from(active) : null });
  }

  /**
   * National admins see everyone; a responsible person sees the people who
   * have a membership in their region, and of them only that region's
   * memberships (R28: their other roles are other regions' business).
   */
  async users(): Promise<UserType[]> {
    const actor = requireAnyAdmin(this.ctx.identity);
    const national = isNationalAdmin(actor);
    const users = national
      ? await this.ctx.em.find(UserEntity, {}, { orderBy: { email: 'asc' } })
      : await this.ctx.em.find(UserEntity, { id: { $in: await this.userIdsInRegion(actor.membership.regionId as string) } }, { orderBy: { email: 'asc' } });
    const memberships = (await this.activeMemberships(users.map((u) => u.id))).filter((m) => national || regionOf(m) === actor.membership.regionId);
    return users.map((u) => UserType.from(u, memberships.filter((m) => m.user.id === u.id)));
  }

  async pendingInvitations(): Promise<InvitationType[]> {
    const actor = requireAnyAdmin(this.ctx.identity);
    const invitations = await this.ctx.em.find(
      InvitationEntity,
      { acceptedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
      { populate: MEMBERSHIP_POPULATE, orderBy: { createdAt: 'desc' } },
    );
    return invitations.filter((i) => isNationalAdmin(actor) || regionOf(i) === actor.membership.regionId).map(InvitationType.from);
  }

  /** R28: only administrators invite; who may invite to which role and region is checked once the scope is known. */
  async createInvitation(input: CreateInvitationInput): Promise<InvitationCreatedType> {
    const actor = requireAnyAdmin(this.ctx.identity);
    const email = normaliseEmail(input.email);
    return this.ctx.em.transactional(async (em) => {
      const scope = await resolveScope(em, input);
      this.assertMayGrant(actor, scope.role, scope.regionId);
      if (await em.count(UserEntity, { email })) throw emailTaken();
      const token = newToken();
      const invitation = em.create(InvitationEntity, {
        id: crypto.randomUUID(),
        tokenHash: tokenHash(token),
        email,
        role: scope.role,
        organization: scope.organization,
        region: scope.region,
        municipality: scope.municipality,
        invitedBy: actor.userId,
        createdAt: new Date(),
        expiresAt: new Date(Date.now() + INVITATION_TTL_MS),
      });
      recordAudit(em, { actorUserId: actor.userId, action: 'INVITATION_CREATED', targetType: 'Invitation', targetId: invitation.id, regionId: scope.regionId, details: { email, role: scope.role, ...municipalityDetail(scope) } });
      await em.flush();
      return Object.assign(new InvitationCreatedType(), { invitation: InvitationType.from(invitation), link: `/invitation/${token}` });
    });
  }

  /** What the invitee sees before setting a password; the same null for unknown, used and expired links. */
  async invitationByToken(token: string): Promise<InvitationType | null> {
    if (token.length > 100) return null;
    const invitation = await this.ctx.em.findOne(
      InvitationEntity,
      { tokenHash: tokenHash(token), acceptedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
      { populate: MEMBERSHIP_POPULATE },
    );
    return invitation ? InvitationType.from(invitation) : null;
  }

  /** Creates the account and its first membership from a valid invitation, in one transaction. */
  async acceptInvitation(input: AcceptInvitationInput): Promise<boolean> {
    const displayName = requiredText('displayName', input.displayName, 120);
    return this.ctx.em.transactional(async (em) => {
      const invitation = await em.findOne(
        InvitationEntity,
        { tokenHash: tokenHash(input.token.slice(0, 100)), acceptedAt: null, revokedAt: null, expiresAt: { $gt: new Date() } },
        // One acceptance only. PostgreSQL cannot lock the nullable side of an outer join, so lock the row alone, then load its scope.
        { lockMode: LockMode.PESSIMISTIC_WRITE },
      );
      if (!invitation) throw invitationInvalid();
      await em.populate(invitation, ['organization.municipality', 'region', 'municipality']);
      // R28: the link carries the inviter's authority, so it dies with it — an inviter who no longer may
      // grant this role here (membership revoked, organisation deactivated) leaves a link that does nothing.
      const inviterMemberships = (
        await em.find(MembershipEntity, { user: invitation.invitedBy.id, revokedAt: null }, { populate: ['organization.municipality'] })
      ).filter(isUsableMembership);
      const stillEntitled = inviterMemberships.some((m) =>
        canGrantRole({ kind: 'user', userId: invitation.invitedBy.id, membership: toActiveMembership(m) }, invitation.role, regionOf(invitation)),
      );
      if (!stillEntitled) throw invitationInvalid();
      const problem = passwordProblem(input.password, invitation.email);
      if (problem) throw passwordRejected(problem);
      if (await em.count(UserEntity, { email: invitation.email })) throw emailTaken();
      const user = em.create(UserEntity, {
        id: crypto.randomUUID(),
        email: invitation.email,
        displayName,
        passwordHash: await hashPassword(input.password),
        active: true,
        createdAt: new Date(),
        passwordChangedAt: new Date(),
      });
      const membership = em.create(MembershipEntity, {
        id: crypto.randomUUID(),
        user,
        role: invitation.role,
        organization: invitation.organization ?? null,
        region: invitation.region ?? null,
        municipality: invitation.municipality ?? null,
        grantedBy: invitation.invitedBy.id,
        createdAt: new Date(),
      });
      invitation.acceptedAt = new Date();
      const regionId = regionOf(invitation);
      recordAudit(em, { actorUserId: user.id, action: 'INVITATION_ACCEPTED', targetType: 'Membership', targetId: membership.id, regionId, details: { role: invitation.role } });
      return true;
    });
  }

  /** Ends a pending invitation, so its link no longer works; the same rights as creating it. */
  async revokeInvitation(invitationId: string): Promise<boolean> {
    const actor = requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const invitation = isUuid(invitationId)
        ? await em.findOne(InvitationEntity, { id: invitationId, acceptedAt: null, revokedAt: null }, { populate: MEMBERSHIP_POPULATE })
        : null;
      if (!invitation) throw new AppError('NOT_FOUND');
      const regionId = regionOf(invitation);
      this.assertMayGrant(actor, invitation.role, regionId);
      invitation.revokedAt = new Date();
      recordAudit(em, { actorUserId: actor.userId, action: 'INVITATION_REVOKED', targetType: 'Invitation', targetId: invitation.id, regionId, details: { role: invitation.role } });
      return true;
    });
  }

  /** R28: a responsible person grants roles in their region; national admins any role anywhere. */
  async grantMembership(userId: string, input: MembershipScopeInput): Promise<MembershipType> {
    const actor = requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const scope = await resolveScope(em, input);
      this.assertMayGrant(actor, scope.role, scope.regionId);
      const user = isUuid(userId) ? await em.findOne(UserEntity, { id: userId }) : null;
      if (!user) throw new AppError('NOT_FOUND');
      const { organization, region, municipality } = scope;
      const duplicate = await em.count(MembershipEntity, { user, role: scope.role, organization, region, municipality, revokedAt: null });
      if (duplicate) throw new AppError('CONFLICT');
      const membership = em.create(MembershipEntity, { id: crypto.randomUUID(), user, role: scope.role, organization, region, municipality, grantedBy: actor.userId, createdAt: new Date() });
      recordAudit(em, { actorUserId: actor.userId, action: 'MEMBERSHIP_GRANTED', targetType: 'Membership', targetId: membership.id, regionId: scope.regionId, details: { userId, role: scope.role, ...municipalityDetail(scope) } });
      await em.flush();
      return MembershipType.from(membership);
    });
  }

  /** Takes effect at once: the gateway's next identity look-up no longer finds the membership. */
  async revokeMembership(membershipId: string): Promise<boolean> {
    const actor = requireAnyAdmin(this.ctx.identity);
    return this.ctx.em.transactional(async (em) => {
      const membership = isUuid(membershipId)
        ? await em.findOne(MembershipEntity, { id: membershipId, revokedAt: null }, { populate: MEMBERSHIP_POPULATE })
        : null;
      if (!membership) throw new AppError('NOT_FOUND');
      // Nobody removes their own rights: a responsible person who did would lock themselves out mid-task,
      // and the last national admin would leave the registry without one. Another administrator can.
      if (membership.user.id === actor.userId) throw ownMembershipRefused();
      const regionId = regionOf(membership);
      this.assertMayGrant(actor, membership.role, regionId);
      membership.revokedAt = new Date();
      recordAudit(em, { actorUserId: actor.userId, action: 'MEMBERSHIP_REVOKED', targetType: 'Membership', targetId: membership.id, regionId, details: { userId: membership.user.id, role: membership.role } });
      return true;
    });
  }

  private assertMayGrant(actor: Actor, role: MembershipScopeInput['role'], regionId: string | null): void {
    if (!canGrantRole(actor, role, regionId)) throw new AppError('FORBIDDEN');
  }

  private activeMemberships(userIds: string[]): Promise<Membership[]> {
    if (!userIds.length) return Promise.resolve([]);
    return this.ctx.em.find(MembershipEntity, { user: { $in: userIds }, revokedAt: null }, { populate: MEMBERSHIP_POPULATE, orderBy: { createdAt: 'asc' } });
  }

  private async userIdsInRegion(regionId: string): Promise<string[]> {
    const memberships = await this.ctx.em.find(
      MembershipEntity,
      { revokedAt: null, $or: [{ region: regionId }, { organization: { municipality: { region: regionId } } }] },
      { fields: ['user'] },
    );
    return [...new Set(memberships.map((m) => m.user.id))];
  }
}

/** The region a membership or invitation lives in: its own, or its organisation's; null for national ones. Expects organization.municipality populated. */
export function regionOf(scoped: Pick<Membership, 'region' | 'organization'>): string | null {
  return scoped.region?.id ?? scoped.organization?.municipality.region.id ?? null;
}

/** The audit trail names a culture officer's municipality: "officer of Tampere" is the right granted (decision 0022). */
function municipalityDetail(scope: { municipality: { code: string } | null }): { municipalityCode?: string } {
  return scope.municipality ? { municipalityCode: scope.municipality.code } : {};
}
