import { client } from '../graphql/client.js';
import { MeDocument, type MePartsFragment } from '../graphql/generated.js';

export type Me = MePartsFragment;
export type Membership = Me['user']['memberships'][number];

const ADMIN_ROLES = new Set(['NATIONAL_ADMIN', 'REGION_ADMIN']);

/** Who is signed in and in which membership they act; loaded once, refreshed after login, logout and a switch. */
class SessionState {
  me = $state<Me | null>(null);
  loaded = $state(false);

  readonly active = $derived(this.me?.activeMembership ?? null);
  readonly isAdmin = $derived(Boolean(this.active && ADMIN_ROLES.has(this.active.role)));
  /** Signed in with several roles but none chosen yet: the person must pick one. */
  readonly mustChoose = $derived(Boolean(this.me && !this.me.activeMembership && this.me.user.memberships.length > 1));

  /** The registry could not be reached when asked (e.g. a reload while offline): not known to be signed out. */
  unreachable = $state(false);

  async refresh(): Promise<void> {
    const result = await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    // R16: no network is not "signed out": the page stays (the box office keeps capturing offline) and asks again later.
    this.unreachable = Boolean(result.error?.networkError && !result.data);
    if (this.unreachable) return;
    this.me = result.data?.me ?? null;
    this.loaded = true;
  }

  set(me: Me | null): void {
    this.me = me;
    this.loaded = true;
  }
}

export const session = new SessionState();
