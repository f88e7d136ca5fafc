import { Migration } from '@mikro-orm/migrations';

/**
 * Room on each page of usage_import_row for the commit's rewrite of every row's outcome (decision 0018): none of the
 * columns it sets is indexed, so with free space on the page the update is HOT — no new index entry, no page split.
 * Only pages written from now on are affected.
 */
export class Migration20261202121000_import_row_fillfactor extends Migration {

  override name = 'Migration20261202121000_import_row_fillfactor';

  override up(): void | Promise<void> {
    this.addSql(`alter table "usage"."usage_import_row" set (fillfactor = 50);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "usage"."usage_import_row" reset (fillfactor);`);
  }

}
