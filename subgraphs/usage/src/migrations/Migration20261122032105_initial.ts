import { Migration } from '@mikro-orm/migrations';

export class Migration20261122032105_initial extends Migration {

  override name = 'Migration20261122032105_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "usage";`);
    this.addSql(`create table "usage"."event" ("id" uuid not null, "provider_id" uuid not null, "name" varchar(200) not null, "kind" text not null, "starts_at" timestamptz not null, "cap" int null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "event_provider_id_index" on "usage"."event" ("provider_id");`);

    this.addSql(`alter table "usage"."event" add constraint "event_cap_check" check (cap is null or cap >= 0);`);
    this.addSql(`alter table "usage"."event" add constraint "event_kind_check" check ("kind" in ('PERFORMANCE', 'COURSE', 'DAY_TICKET'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "usage"."event" cascade;`);

    this.addSql(`drop schema if exists "usage";`);
  }

}
