import { Migration } from '@mikro-orm/migrations';

export class Migration20261202070404_usage_reader extends Migration {

  override name = 'Migration20261202070404_usage_reader';

  override up(): void | Promise<void> {
    this.addSql(`alter table "statistics"."reader_position" drop constraint "reader_position_source_check";`);
    this.addSql(`alter table "statistics"."reader_position" add constraint "reader_position_source_check" check ("source" in ('cards', 'usage'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "statistics"."reader_position" drop constraint "reader_position_source_check";`);
    this.addSql(`alter table "statistics"."reader_position" add constraint "reader_position_source_check" check ("source" in ('cards'));`);
  }

}
