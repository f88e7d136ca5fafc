import { Migration } from '@mikro-orm/migrations';

export class Migration20261202115551_import_job_seen extends Migration {

  override name = 'Migration20261202115551_import_job_seen';

  override up(): void | Promise<void> {
    this.addSql(`alter table "usage"."usage_import" add "job_seen_at" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "usage"."usage_import" drop column "job_seen_at";`);
  }

}
