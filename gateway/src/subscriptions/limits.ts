import { GraphQLError } from 'graphql';
import { GENERIC_MESSAGES } from '@kaikukanta/kit/errors';
import type { Locale, Messages } from '@kaikukanta/kit/i18n';

/** What one client may do on the live channel (H2). */
export interface SubscriptionLimits {
  /** Largest graphql-ws message accepted from a client (default 64 KiB); ws would otherwise accept 100 MiB frames from anyone. */
  maxMessageBytes: number;
  /** Open subscriptions per socket (default 20): live views need a handful. */
  maxSubscriptionsPerSocket: number;
  /**
   * `subscribe` messages a socket may send at once (default 25: a page opens
   * its live views together). A refused message frees its slot at once, so
   * the per-socket cap alone does not bound the work a socket can ask for.
   */
  subscribeBurst: number;
  /**
   * How fast the burst refills, in messages per second (default 5). Messages
   * beyond it are refused (RATE_LIMITED); a socket refused more than
   * `subscribeBurst` times within one second is closed (1008).
   */
  subscribesPerSecond: number;
  /** Open sockets per client address (default 50; an office behind one NAT address shares it). */
  socketsPerAddress: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  maxMessageBytes: 64 * 1024,
  maxSubscriptionsPerSocket: 20,
  subscribeBurst: 25,
  subscribesPerSecond: 5,
  socketsPerAddress: 50,
};

/** One socket's `subscribe` messages: a token bucket, and a count of refusals per second. */
export class MessageRate {
  #tokens: number;
  #last: number;
  #refusalWindow = Number.NEGATIVE_INFINITY;
  #refusals = 0;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {
    this.#tokens = burst;
    this.#last = now();
  }

  /** `accept` within the rate, `refuse` above it, `close` when the socket floods. */
  take(): 'accept' | 'refuse' | 'close' {
    const now = this.now();
    this.#tokens = Math.min(this.burst, this.#tokens + ((now - this.#last) / 1_000) * this.perSecond);
    this.#last = now;
    if (this.#tokens >= 1) {
      this.#tokens -= 1;
      return 'accept';
    }
    if (now - this.#refusalWindow >= 1_000) {
      this.#refusalWindow = now;
      this.#refusals = 0;
    }
    this.#refusals += 1;
    return this.#refusals > this.burst ? 'close' : 'refuse';
  }
}

/** Open sockets by client address; an address without sockets is forgotten. */
export class SocketsPerAddress {
  readonly #open = new Map<string, number>();

  constructor(private readonly max: number) {}

  hasRoom(address: string): boolean {
    return (this.#open.get(address) ?? 0) < this.max;
  }

  opened(address: string): void {
    this.#open.set(address, (this.#open.get(address) ?? 0) + 1);
  }

  closed(address: string): void {
    const left = (this.#open.get(address) ?? 1) - 1;
    if (left > 0) this.#open.set(address, left);
    else this.#open.delete(address);
  }
}

const TOO_MANY_SUBSCRIPTIONS = (max: number): Messages => ({
  fi: `Yhdellä yhteydellä voi olla enintään ${max} tilausta.`,
  sv: `Högst ${max} prenumerationer per anslutning.`,
  en: `At most ${max} subscriptions per connection.`,
});

export const rateLimited = (locale: Locale) => new GraphQLError(GENERIC_MESSAGES.RATE_LIMITED[locale], { extensions: { code: 'RATE_LIMITED' } });

export const tooManySubscriptions = (max: number, locale: Locale) =>
  new GraphQLError(TOO_MANY_SUBSCRIPTIONS(max)[locale], { extensions: { code: 'RATE_LIMITED' } });
