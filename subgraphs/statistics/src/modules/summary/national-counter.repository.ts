import type { EntityManager } from '@kaikukanta/kit';
import { NationalCounterEntity, type NationalCounter } from './national-counter.entity.js';

/** The row of the national figures. */
export const NATIONAL_SCOPE = 'national';

/** Queries on the national counters; the only place that writes them. */
export class NationalCounterRepository {
  constructor(private readonly em: EntityManager) {}

  national(): Promise<NationalCounter | null> {
    return this.em.findOne(NationalCounterEntity, { scope: NATIONAL_SCOPE });
  }

  /**
   * Adds `count` registrations, creating the row with the first one. One
   * statement that adds to the stored value, never read-then-write, so nothing
   * is lost even if two transactions ever raced on the row.
   */
  async addRegistered(count: number): Promise<void> {
    await this.em.execute(
      `insert into "statistics"."national_counter" (scope, cards_registered, updated_at) values (?, ?, now())
       on conflict (scope) do update set cards_registered = national_counter.cards_registered + excluded.cards_registered, updated_at = excluded.updated_at`,
      [NATIONAL_SCOPE, count],
    );
  }

  /** Adds `delta` uses (negative for cancellations, R25), creating the row with the first; one statement, as above. */
  async addUses(delta: number): Promise<void> {
    await this.em.execute(
      `insert into "statistics"."national_counter" (scope, uses, updated_at) values (?, greatest(?, 0), now())
       on conflict (scope) do update set uses = greatest(national_counter.uses + ?, 0), updated_at = excluded.updated_at`,
      [NATIONAL_SCOPE, delta, delta],
    );
  }
}
