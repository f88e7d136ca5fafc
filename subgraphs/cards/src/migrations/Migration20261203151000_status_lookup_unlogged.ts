import { Migration } from '@mikro-orm/migrations';

/**
 * Decision 0030: the per-minute look-up counts (R29) are written on every card-status look-up; as a logged table each
 * look-up was a durable commit (a WAL record and a flush). Unlogged, a crash of PostgreSQL forgets the current
 * minute's counts (the table comes back empty) — a clean restart keeps them.
 */
export class Migration20261203151000_status_lookup_unlogged extends Migration {

  override name = 'Migration20261203151000_status_lookup_unlogged';

  override up(): void | Promise<void> {
    this.addSql(`alter table "cards"."status_lookup" set unlogged;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "cards"."status_lookup" set logged;`);
  }

}
