import { Migration } from '@mikro-orm/migrations';

export class Migration20261202071155_statistics_card_id extends Migration {

  override name = 'Migration20261202071155_statistics_card_id';

  override up(): void | Promise<void> {
    this.addSql(`alter table "usage"."outbox" add "card_id" uuid null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "usage"."outbox" drop column "card_id";`);
  }

}
