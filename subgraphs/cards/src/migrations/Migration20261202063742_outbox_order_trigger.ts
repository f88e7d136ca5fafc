import { Migration } from '@mikro-orm/migrations';

/** L4, decision 0009: the outbox's ordering lock taken by a trigger on every insert (see OutboxEntity's `triggers`). */
export class Migration20261202063742_outbox_order_trigger extends Migration {

  override name = 'Migration20261202063742_outbox_order_trigger';

  override up(): void | Promise<void> {
    this.addSql(`create or replace function "cards"."outbox_append_lock_fn"() returns trigger as \$\$ begin perform pg_advisory_xact_lock(7202611220001); return null; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "append_lock" BEFORE INSERT on "cards"."outbox" for each STATEMENT execute function "cards"."outbox_append_lock_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "append_lock" on "cards"."outbox";`);
    this.addSql(`drop function if exists "cards"."outbox_append_lock_fn"();`);
  }

}
