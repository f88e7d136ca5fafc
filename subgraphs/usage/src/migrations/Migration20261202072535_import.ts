import { Migration } from '@mikro-orm/migrations';

export class Migration20261202072535_import extends Migration {

  override name = 'Migration20261202072535_import';

  override up(): void | Promise<void> {
    this.addSql(`create table "usage"."usage_import" ("id" uuid not null, "owner_id" uuid not null, "owner_is_region" boolean not null, "provider_id" uuid not null, "event_kind" text not null, "file_name" varchar(200) not null, "file_sha256" varchar(64) not null, "format" text null, "sheet" varchar(200) null, "status" text not null, "failure" varchar(40) null, "uploaded_by_user_id" uuid null, "api_key_id" uuid null, "uploaded_at" timestamptz not null, "committed_at" timestamptz null, "committed_by_user_id" uuid null, "committed_by_api_key_id" uuid null, "row_count" int not null default 0, "ignored_rows" int not null default 0, "total_rows" int not null default 0, "will_register" int not null default 0, "registered" int not null default 0, "duplicates" int not null default 0, "refused" int not null default 0, "adult_tickets" int not null default 0, "child_tickets" int not null default 0, primary key ("id"));`);
    this.addSql(`create index "usage_import_owner_id_index" on "usage"."usage_import" ("owner_id");`);

    this.addSql(`create table "usage"."usage_import_row" ("usage_import_id" uuid not null, "line" int not null, "card_code" text not null, "event_name" text not null, "event_date_text" text not null, "event_time_text" text not null, "child_tickets_text" text not null, "event_reference" text not null, "order_reference" text not null, "row_key" varchar(100) not null, "row_hash" varchar(64) not null, "event_id" uuid null, "preview_outcome" text not null, "outcome" text not null, "problems" jsonb not null, "event_date" date null, "event_time" varchar(5) null, "child_tickets" int null, "readable" boolean not null, "usage_id" uuid null, primary key ("usage_import_id", "line"));`);

    this.addSql(`alter table "usage"."usage_import" add constraint "usage_import_uploader_check" check ((uploaded_by_user_id is null) <> (api_key_id is null));`);
    this.addSql(`alter table "usage"."usage_import" add constraint "usage_import_event_kind_check" check ("event_kind" in ('PERFORMANCE', 'COURSE', 'DAY_TICKET'));`);
    this.addSql(`alter table "usage"."usage_import" add constraint "usage_import_format_check" check ("format" in ('XLSX', 'CSV'));`);
    this.addSql(`alter table "usage"."usage_import" add constraint "usage_import_status_check" check ("status" in ('PREVIEWING', 'PREVIEWED', 'FAILED', 'COMMITTING', 'COMMITTED'));`);

    this.addSql(`alter table "usage"."usage_import_row" add constraint "usage_import_row_usage_import_id_foreign" foreign key ("usage_import_id") references "usage"."usage_import" ("id") on delete cascade;`);
    this.addSql(`alter table "usage"."usage_import_row" add constraint "usage_import_row_preview_outcome_check" check ("preview_outcome" in ('WILL_REGISTER', 'REGISTERED', 'DUPLICATE', 'REFUSED'));`);
    this.addSql(`alter table "usage"."usage_import_row" add constraint "usage_import_row_outcome_check" check ("outcome" in ('WILL_REGISTER', 'REGISTERED', 'DUPLICATE', 'REFUSED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "usage"."usage_import_row" drop constraint "usage_import_row_usage_import_id_foreign";`);

    this.addSql(`drop table if exists "usage"."usage_import" cascade;`);
    this.addSql(`drop table if exists "usage"."usage_import_row" cascade;`);
  }

}
