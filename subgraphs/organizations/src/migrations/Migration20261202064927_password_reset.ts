import { Migration } from '@mikro-orm/migrations';

export class Migration20261202064927_password_reset extends Migration {

  override name = 'Migration20261202064927_password_reset';

  override up(): void | Promise<void> {
    this.addSql(`create table "organizations"."password_reset" ("id" uuid not null, "token_hash" varchar(64) not null, "user_id" uuid not null, "issued_by_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "organizations"."password_reset" add constraint "password_reset_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "password_reset_user_id_index" on "organizations"."password_reset" ("user_id");`);

    this.addSql(`create index "audit_log_actor_user_id_index" on "organizations"."audit_log" ("actor_user_id");`);

    this.addSql(`alter table "organizations"."password_reset" add constraint "password_reset_user_id_foreign" foreign key ("user_id") references "organizations"."user_account" ("id");`);
    this.addSql(`alter table "organizations"."password_reset" add constraint "password_reset_issued_by_id_foreign" foreign key ("issued_by_id") references "organizations"."user_account" ("id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "organizations"."password_reset" cascade;`);

    this.addSql(`drop index "organizations"."audit_log_actor_user_id_index";`);
  }

}
