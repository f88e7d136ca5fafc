import { Migration } from '@mikro-orm/migrations';

export class Migration20261122154114_reader_position extends Migration {

  override name = 'Migration20261122154114_reader_position';

  override up(): void | Promise<void> {
    this.addSql(`create table "statistics"."reader_position" ("source" text not null, "position" bigint not null default '0', "updated_at" timestamptz null, primary key ("source"));`);

    this.addSql(`alter table "statistics"."reader_position" add constraint "reader_position_source_check" check ("source" in ('cards'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "statistics"."reader_position" cascade;`);
  }

}
