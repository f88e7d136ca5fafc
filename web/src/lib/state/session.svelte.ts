import { client } from '../graphql/client.js';
import { MeDocument, type MePartsFragment } from '../graphql/generated.js';
import { sessionAnswer, sessionRetryDelay } from './session-answer.js';

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

  /** The session could not be learnt when asked (offline, or the registry of sessions unavailable): not known to be signed out. */
  unreachable = $state(false);

  #failures = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;

  async refresh(): Promise<void> {
    clearTimeout(this.#retry);
    const result = await client.query(MeDocument, {}, { requestPolicy: 'network-only' }).toPromise();
    // R16: no network is not "signed out": the page stays (the box office keeps capturing offline). Nor is an
    // error in place of `me` (503 SUBGRAPH_UNAVAILABLE while organizations is slow, decision 0020): it is asked
    // again with backoff until an answer says who is signed in.
    const answer = sessionAnswer(result);
    this.unreachable = !answer;
    if (!answer) {
      this.#failures += 1;
      if (typeof window !== 'undefined') this.#retry = setTimeout(() => void this.refresh(), sessionRetryDelay(this.#failures));
      return;
    }
    this.#failures = 0;
    this.me = answer.me;
    this.loaded = true;
  }

  set(me: Me | null): void {
    clearTimeout(this.#retry);
    this.#failures = 0;
    this.unreachable = false;
    this.me = me;
    this.loaded = true;
  }
}

export const session = new SessionState();
