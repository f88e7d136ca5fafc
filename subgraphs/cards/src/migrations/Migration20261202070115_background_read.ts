import { Migration } from '@mikro-orm/migrations';

/**
 * M5: the log of background-data reads, append-only. UPDATE and DELETE are refused by the entity's trigger; TRUNCATE by
 * `background_read_no_truncate`, added here by hand (see BackgroundReadEntity: MikroORM cannot introspect TRUNCATE triggers).
 * The cards role's grants (INSERT, SELECT only) come from APPEND_ONLY in kit/db/roles.ts.
 */
export class Migration20261202070115_background_read extends Migration {

  override name = 'Migration20261202070115_background_read';

  override up(): void | Promise<void> {
    this.addSql(`create table "cards"."background_read" ("id" bigserial primary key, "at" timestamptz not null, "request_id" uuid null, "reader_kind" text not null, "user_id" uuid null, "api_key_id" uuid null, "organization_id" uuid null, "region_id" uuid null, "role" text null, "card_id" uuid not null);`);
    this.addSql(`create index "background_read_at_index" on "cards"."background_read" ("at");`);
    this.addSql(`create index "background_read_card_id_index" on "cards"."background_read" ("card_id");`);

    this.addSql(`alter table "cards"."background_read" add constraint "background_read_reader_kind_check" check ("reader_kind" in ('USER', 'API_KEY'));`);
    this.addSql(`alter table "cards"."background_read" add constraint "background_read_role_check" check ("role" in ('NATIONAL_ADMIN', 'REGION_ADMIN', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT', 'ANALYST', 'CULTURE_OFFICER'));`);
    this.addSql(`create or replace function "cards"."background_read_background_read_append_only_fn"() returns trigger as \$\$ begin raise exception 'background_read is append-only'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "background_read_append_only" BEFORE UPDATE OR DELETE on "cards"."background_read" for each STATEMENT execute function "cards"."background_read_background_read_append_only_fn"();`);
    this.addSql(`create or replace function "cards"."background_read_no_truncate_fn"() returns trigger as \$\$ begin raise exception 'background_read is append-only'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "background_read_no_truncate" BEFORE TRUNCATE on "cards"."background_read" for each STATEMENT execute function "cards"."background_read_no_truncate_fn"();`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop trigger if exists "background_read_no_truncate" on "cards"."background_read";`);
    this.addSql(`drop function if exists "cards"."background_read_no_truncate_fn"();`);
    this.addSql(`drop trigger if exists "background_read_append_only" on "cards"."background_read";`);
    this.addSql(`drop function if exists "cards"."background_read_background_read_append_only_fn"();`);
    this.addSql(`drop table if exists "cards"."background_read" cascade;`);
  }

}
