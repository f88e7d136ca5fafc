import { Migration } from '@mikro-orm/migrations';

export class Migration20261122032122_initial extends Migration {

  override name = 'Migration20261122032122_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "statistics";`);
    this.addSql(`create table "statistics"."national_counter" ("scope" varchar(20) not null, "cards_registered" int not null default 0, "cards_used" int not null default 0, "uses" int not null default 0, "updated_at" timestamptz null, primary key ("scope"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "statistics"."national_counter" cascade;`);

    this.addSql(`drop schema if exists "statistics";`);
  }

}
