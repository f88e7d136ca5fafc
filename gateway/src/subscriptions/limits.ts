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
   * `subscribe` messages per socket per second (default 10). A refused
   * message frees its slot at once, so the per-socket cap alone does not
   * bound the work a socket can ask for. A socket that sends three times
   * as many in one second is closed (1008).
   */
  subscribesPerSecond: number;
  /** Open sockets per client address (default 50; an office behind one NAT address shares it). */
  socketsPerAddress: number;
}

export const DEFAULT_SUBSCRIPTION_LIMITS: SubscriptionLimits = {
  maxMessageBytes: 64 * 1024,
  maxSubscriptionsPerSocket: 20,
  subscribesPerSecond: 10,
  socketsPerAddress: 50,
};

const FLOOD_FACTOR = 3;

/** Counts one socket's `subscribe` messages in one-second windows. */
export class MessageRate {
  #windowStart = Number.NEGATIVE_INFINITY;
  #count = 0;

  constructor(
    private readonly perSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** `accept` within the rate, `refuse` above it, `close` when the socket floods. */
  take(): 'accept' | 'refuse' | 'close' {
    const now = this.now();
    if (now - this.#windowStart >= 1_000) {
      this.#windowStart = now;
      this.#count = 0;
    }
    this.#count += 1;
    if (this.#count <= this.perSecond) return 'accept';
    return this.#count <= this.perSecond * FLOOD_FACTOR ? 'refuse' : 'close';
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
