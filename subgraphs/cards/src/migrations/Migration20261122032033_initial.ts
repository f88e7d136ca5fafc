import { Migration } from '@mikro-orm/migrations';

export class Migration20261122032033_initial extends Migration {

  override name = 'Migration20261122032033_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "cards";`);
    this.addSql(`create table "cards"."card" ("id" uuid not null, "code" varchar(20) not null, "kind" text not null, "distributor_id" uuid not null, "granted_on" date not null, "valid_until" date not null, "state" text not null default 'ACTIVE', "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "cards"."card" add constraint "card_code_unique" unique ("code");`);
    this.addSql(`create index "card_distributor_id_index" on "cards"."card" ("distributor_id");`);

    this.addSql(`alter table "cards"."card" add constraint "card_kind_check" check ("kind" in ('PERSONAL', 'COMMUNITY'));`);
    this.addSql(`alter table "cards"."card" add constraint "card_state_check" check ("state" in ('ACTIVE', 'ENDED', 'OUT_OF_USE'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "cards"."card" cascade;`);

    this.addSql(`drop schema if exists "cards";`);
  }

}
