import { AppError, SESSION_CHANGED_HEADER, SESSION_TOKEN_HEADER, requirePerson, type SubgraphContext, isUuid } from '@kaikukanta/kit';
import { recordAudit } from '../audit/audit.service.js';
import { MembershipEntity, UserEntity, type User } from '../user/user.entity.js';
import { dummyPasswordHash, hashPassword, needsRehash, passwordProblem, PASSWORD_MAX_LENGTH, verifyPassword } from '../user/password.js';
import { invalidCredentials, loginThrottled, normaliseEmail, passwordRejected } from '../user/user.errors.js';
import { isUsableMembership } from './identity.mapper.js';
import { SessionEntity } from './session.entity.js';
import { ACCOUNT_FAILURE_LIMIT, ACCOUNT_WINDOW_SECONDS, ADDRESS_FAILURE_LIMIT, ADDRESS_WINDOW_SECONDS, ThrottleRepository } from './throttle.repository.js';
import { newToken, tokenHash } from './tokens.js';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Longer than any password we accept: refused before hashing, so a 1 MB password costs nothing. */
const tooLong = (password: string) => password.length > PASSWORD_MAX_LENGTH * 2 || [...password.normalize('NFC')].length > PASSWORD_MAX_LENGTH;

/** Login, logout, membership choice and password change (R28). */
export class AuthService {
  constructor(private readonly ctx: SubgraphContext) {}

  /**
   * Returns the user and the membership the new session acts in; the session
   * token leaves only as a response header for the gateway's HttpOnly cookie.
   */
  async login(emailInput: string, password: string): Promise<{ user: User; activeMembershipId: string | null }> {
    if (tooLong(password)) throw passwordRejected('TOO_LONG');
    const email = normaliseEmail(emailInput);
    const throttle = new ThrottleRepository(this.ctx.em);
    const accountKey = `account:${tokenHash(email)}`;
    const addressKey = this.ctx.clientIp ? `address:${this.ctx.clientIp}` : null;
    // The address first: an address that is locked out does not also count against the accounts it tries.
    if (addressKey) {
      const locked = await throttle.attempt(addressKey, ADDRESS_FAILURE_LIMIT, ADDRESS_WINDOW_SECONDS);
      if (locked) throw loginThrottled(locked);
    }
    const locked = await throttle.attempt(accountKey, ACCOUNT_FAILURE_LIMIT, ACCOUNT_WINDOW_SECONDS);
    if (locked) throw loginThrottled(locked);

    const user = await this.ctx.em.findOne(UserEntity, { email, active: true });
    const hash = user?.passwordHash ?? (await this.shedUncounted(() => dummyPasswordHash(), throttle, [addressKey, accountKey]));
    const valid = (await this.shedUncounted(() => verifyPassword(password, hash), throttle, [addressKey, accountKey])) && Boolean(user?.passwordHash);
    if (!valid || !user) throw invalidCredentials();
    await throttle.succeeded(accountKey, addressKey);
    await throttle.prune();
    // Parameters travel with each hash: a hash made with older ones is replaced now that we know the password.
    if (needsRehash(hash)) user.passwordHash = await hashPassword(password);

    const memberships = (await this.ctx.em.find(MembershipEntity, { user, revokedAt: null }, { populate: ['organization'] })).filter(isUsableMembership);
    // One membership: act in it at once; several: the person picks (selectMembership).
    const activeMembership = memberships.length === 1 ? (memberships[0] ?? null) : null;
    const token = newToken();
    const now = new Date();
    this.ctx.em.create(SessionEntity, {
      id: crypto.randomUUID(),
      tokenHash: tokenHash(token),
      user,
      activeMembership,
      createdAt: now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
      lastSeenAt: now,
    });
    await this.ctx.em.flush();
    this.ctx.responseHeaders.set(SESSION_TOKEN_HEADER, token);
    return { user, activeMembershipId: activeMembership?.id ?? null };
  }

  async logout(): Promise<boolean> {
    const identity = this.ctx.identity;
    if (identity.kind !== 'user') return false;
    await this.ctx.em.nativeUpdate(SessionEntity, { id: identity.sessionId }, { revokedAt: new Date() });
    this.ctx.responseHeaders.set(SESSION_CHANGED_HEADER, 'revoked');
    return true;
  }

  /** Only one's own, live membership; one of a deactivated organisation cannot be acted in. */
  async selectMembership(membershipId: string): Promise<void> {
    const identity = requirePerson(this.ctx.identity);
    const membership = isUuid(membershipId)
      ? await this.ctx.em.findOne(MembershipEntity, { id: membershipId, user: identity.userId, revokedAt: null }, { populate: ['organization'] })
      : null;
    if (!membership) throw new AppError('NOT_FOUND');
    if (!isUsableMembership(membership)) throw new AppError('FORBIDDEN');
    await this.ctx.em.nativeUpdate(SessionEntity, { id: identity.sessionId }, { activeMembership: membership.id });
    this.ctx.responseHeaders.set(SESSION_CHANGED_HEADER, 'membership');
  }

  /** Changing the password ends every session of the user, this one included: everyone logs in again. */
  async changePassword(currentPassword: string, newPassword: string): Promise<boolean> {
    const identity = requirePerson(this.ctx.identity);
    if (tooLong(currentPassword)) throw invalidCredentials();
    if (tooLong(newPassword)) throw passwordRejected('TOO_LONG');
    // The current password is a login by another door: the same per-account throttle, counted first, so a
    // hijacked session cannot guess it (or burn Argon2id time) faster than a login could.
    const throttle = new ThrottleRepository(this.ctx.em);
    const owner = await this.ctx.em.findOneOrFail(UserEntity, { id: identity.userId });
    const accountKey = `account:${tokenHash(owner.email)}`;
    const locked = await throttle.attempt(accountKey, ACCOUNT_FAILURE_LIMIT, ACCOUNT_WINDOW_SECONDS);
    if (locked) throw loginThrottled(locked);
    await this.ctx.em.transactional(async (em) => {
      const user = await em.findOneOrFail(UserEntity, { id: identity.userId });
      if (!user.passwordHash || !(await verifyPassword(currentPassword, user.passwordHash))) throw invalidCredentials();
      await new ThrottleRepository(em).succeeded(accountKey, null);
      const problem = passwordProblem(newPassword, user.email);
      if (problem) throw passwordRejected(problem);
      user.passwordHash = await hashPassword(newPassword);
      user.passwordChangedAt = new Date();
      await em.nativeUpdate(SessionEntity, { user: user.id, revokedAt: null }, { revokedAt: new Date() });
      recordAudit(em, { actorUserId: user.id, action: 'PASSWORD_CHANGED', targetType: 'User', targetId: user.id, regionId: null });
    });
    this.ctx.responseHeaders.set(SESSION_CHANGED_HEADER, 'revoked');
    return true;
  }

  /** L5: a check shed under load (RATE_LIMITED before any password was compared) takes its attempt back. */
  private async shedUncounted<T>(check: () => Promise<T>, throttle: ThrottleRepository, keys: (string | null)[]): Promise<T> {
    try {
      return await check();
    } catch (error) {
      if (error instanceof AppError && error.code === 'RATE_LIMITED') await throttle.refund(keys.filter((key) => key !== null));
      throw error;
    }
  }
}
