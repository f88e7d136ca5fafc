import { Migration } from '@mikro-orm/migrations';

export class Migration20261210090000_live_usage extends Migration {

  override name = 'Migration20261210090000_live_usage';

  override up(): void | Promise<void> {
    this.addSql(`create table "statistics"."live_usage" ("sequence" bigserial primary key, "change" text not null check ("change" in ('REGISTERED', 'CANCELLED')), "usage_id" uuid not null, "provider_id" uuid not null, "registering_organization_id" uuid null, "event_id" uuid null, "event_date" date not null, "event_kind" text not null, "card_kind" text not null, "child_tickets" int not null, "occurred_at" timestamptz not null, "recorded_at" timestamptz not null default now());`);
    this.addSql(`create index "live_usage_provider_idx" on "statistics"."live_usage" ("provider_id", "sequence");`);
    this.addSql(`create index "live_usage_registering_idx" on "statistics"."live_usage" ("registering_organization_id", "sequence");`);
    this.addSql(`create index "live_usage_recorded_idx" on "statistics"."live_usage" ("recorded_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "statistics"."live_usage" cascade;`);
  }

}
