import { Migration } from '@mikro-orm/migrations';

export class Migration20261212090000_published_steps extends Migration {

  override name = 'Migration20261212090000_published_steps';

  override up(): void | Promise<void> {
    this.addSql(`create table "statistics"."publication_generation" ("id" smallint not null, "generation" int not null default 1, primary key ("id"));`);
    this.addSql(`insert into "statistics"."publication_generation" ("id", "generation") values (1, 1);`);
    this.addSql(`create table "statistics"."published_year" ("year" int not null, "generation" int not null, "positions" text not null, "step_at" timestamptz not null, "computed_ms" int not null, "tables" bytea not null, primary key ("year"));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "statistics"."published_year" cascade;`);
    this.addSql(`drop table if exists "statistics"."publication_generation" cascade;`);
  }

}
