import { Migration } from '@mikro-orm/migrations';

export class Migration20261202064019_login_throttle_window extends Migration {

  override name = 'Migration20261202064019_login_throttle_window';

  override up(): void | Promise<void> {
    this.addSql(`alter table "organizations"."login_throttle" add "window_started_at" timestamptz null;`);
    this.addSql(`create index "login_throttle_updated_at_index" on "organizations"."login_throttle" ("updated_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "organizations"."login_throttle_updated_at_index";`);
    this.addSql(`alter table "organizations"."login_throttle" drop column "window_started_at";`);
  }

}
