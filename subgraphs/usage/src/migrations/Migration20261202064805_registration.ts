import { Migration } from '@mikro-orm/migrations';

export class Migration20261202064805_registration extends Migration {

  override name = 'Migration20261202064805_registration';

  override up(): void | Promise<void> {
    this.addSql(`create table "usage"."idempotency_key" ("organization_id" uuid not null, "key" varchar(100) not null, "operation" text not null, "request_hash" varchar(64) not null, "usage_ids" uuid[] not null, "group_id" uuid null, "created_at" timestamptz not null, primary key ("organization_id", "key"));`);

    this.addSql(`create table "usage"."usage" ("id" uuid not null, "event_id" uuid null, "provider_id" uuid not null, "event_name" varchar(200) not null, "event_date" date not null, "event_kind" text not null, "card_code" varchar(20) not null, "card_kind" text not null, "child_tickets" smallint not null, "group_id" uuid null, "registering_organization_id" uuid not null, "registered_by_user_id" uuid null, "api_key_id" uuid null, "captured_at" timestamptz null, "registered_at" timestamptz not null, "cancelled_at" timestamptz null, "cancel_reason" text null, "cancelled_by_user_id" uuid null, "cancelled_by_api_key_id" uuid null, primary key ("id"));`);
    this.addSql(`create index "usage_event_id_index" on "usage"."usage" ("event_id");`);
    this.addSql(`create index "usage_provider_id_index" on "usage"."usage" ("provider_id");`);
    this.addSql(`create index "usage_card_code_index" on "usage"."usage" ("card_code");`);
    this.addSql(`create index "usage_group_id_index" on "usage"."usage" ("group_id");`);
    this.addSql(`create index "usage_registering_organization_id_index" on "usage"."usage" ("registering_organization_id");`);

    this.addSql(`create table "usage"."outbox" ("id" bigserial primary key, "xid" xid8 not null default pg_current_xact_id(), "type" text not null, "usage_id" uuid not null, "event_id" uuid null, "provider_id" uuid not null, "registering_organization_id" uuid not null, "event_date" date not null, "event_kind" text not null, "card_kind" text not null, "child_tickets" smallint not null, "group_id" uuid null, "occurred_at" timestamptz not null);`);
    this.addSql(`create index "outbox_xid_id_index" on "usage"."outbox" ("xid", "id");`);

    this.addSql(`create table "usage"."write_throttle" ("caller_id" uuid not null, "window_start" timestamptz not null, "current" int not null, "previous" int not null, primary key ("caller_id"));`);

    this.addSql(`alter table "usage"."event" add "used" int not null default 0;`);
    this.addSql(`alter table "usage"."event" add constraint "event_used_within_cap_check" check (cap is null or used <= cap);`);
    this.addSql(`alter table "usage"."event" add constraint "event_used_check" check (used >= 0);`);

    this.addSql(`alter table "usage"."idempotency_key" add constraint "idempotency_key_operation_check" check ("operation" in ('REGISTER', 'REGISTER_GROUP', 'CANCEL'));`);

    this.addSql(`alter table "usage"."usage" add constraint "usage_event_id_foreign" foreign key ("event_id") references "usage"."event" ("id") on delete set null;`);
    this.addSql(`alter table "usage"."usage" add constraint "usage_cancelled_check" check ((cancelled_at is null) = (cancel_reason is null));`);
    this.addSql(`alter table "usage"."usage" add constraint "usage_registrar_check" check ((registered_by_user_id is null) <> (api_key_id is null));`);
    this.addSql(`alter table "usage"."usage" add constraint "usage_card_code_check" check (card_code ~ '^[A-Z0-9]{4,20}\$');`);
    this.addSql(`alter table "usage"."usage" add constraint "usage_child_tickets_check" check (child_tickets >= 0 and child_tickets <= 20);`);
    this.addSql(`alter table "usage"."usage" add constraint "usage_event_kind_check" check ("event_kind" in ('PERFORMANCE', 'COURSE', 'DAY_TICKET'));`);
    this.addSql(`alter table "usage"."usage" add constraint "usage_card_kind_check" check ("card_kind" in ('PERSONAL', 'COMMUNITY'));`);
    this.addSql(`alter table "usage"."usage" add constraint "usage_cancel_reason_check" check ("cancel_reason" in ('ENTERED_IN_ERROR', 'WRONG_CARD', 'WRONG_EVENT', 'TICKET_RETURNED', 'EVENT_CANCELLED', 'OTHER'));`);

    this.addSql(`alter table "usage"."outbox" add constraint "outbox_type_check" check ("type" in ('USAGE_REGISTERED', 'USAGE_CANCELLED'));`);
    this.addSql(`alter table "usage"."outbox" add constraint "outbox_event_kind_check" check ("event_kind" in ('PERFORMANCE', 'COURSE', 'DAY_TICKET'));`);
    this.addSql(`alter table "usage"."outbox" add constraint "outbox_card_kind_check" check ("card_kind" in ('PERSONAL', 'COMMUNITY'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "usage"."idempotency_key" cascade;`);
    this.addSql(`drop table if exists "usage"."usage" cascade;`);
    this.addSql(`drop table if exists "usage"."outbox" cascade;`);
    this.addSql(`drop table if exists "usage"."write_throttle" cascade;`);

    this.addSql(`alter table "usage"."event" drop constraint "event_used_within_cap_check";`);
    this.addSql(`alter table "usage"."event" drop constraint "event_used_check";`);
    this.addSql(`alter table "usage"."event" drop column "used";`);
  }

}
