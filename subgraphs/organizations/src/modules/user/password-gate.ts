import { passwordCheckBusy } from './user.errors.js';

/** Argon2id derivations running at once: 2 of libuv's 4 threads, so DNS look-ups and file I/O always find one free. */
export const DERIVE_CONCURRENCY = 2;
/** Derivations that may wait for a slot (about a second's worth at ~60 ms each); beyond it a login is shed. */
export const DERIVE_QUEUE_LIMIT = 32;

/**
 * L5: a semaphore with a bounded queue. Each Argon2id derivation (19 MiB,
 * t = 2) holds a libuv thread for tens of milliseconds; without a bound, a
 * few hundred addresses trying random emails keep all four threads busy and
 * stall everything else in the subgraph that authenticates everyone. Past
 * the queue the caller gets `RATE_LIMITED` at once instead of waiting.
 */
export class ConcurrencyGate {
  #active = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    readonly concurrency: number,
    readonly queueLimit: number,
  ) {}

  get active(): number {
    return this.#active;
  }

  get waiting(): number {
    return this.#waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.#active < this.concurrency) this.#active++;
    else if (this.#waiting.length >= this.queueLimit) throw passwordCheckBusy();
    // The slot is handed over by the task that finishes, so #active already counts this one.
    else await new Promise<void>((resolve) => this.#waiting.push(resolve));
    try {
      return await task();
    } finally {
      const next = this.#waiting.shift();
      if (next) next();
      else this.#active--;
    }
  }
}

/** The one gate every password derivation of this process goes through. */
export const derivations = new ConcurrencyGate(DERIVE_CONCURRENCY, DERIVE_QUEUE_LIMIT);
