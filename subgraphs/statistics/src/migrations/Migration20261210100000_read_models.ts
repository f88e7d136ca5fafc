import { Migration } from '@mikro-orm/migrations';

export class Migration20261210100000_read_models extends Migration {

  override name = 'Migration20261210100000_read_models';

  override up(): void | Promise<void> {
    this.addSql(`create table "statistics"."card_background" ("day" date not null, "distributor_id" uuid not null, "region" varchar(36) not null, "municipality" varchar(3) not null, "dimension" varchar(20) not null, "value" varchar(30) not null, "cards" int not null default 0, primary key ("day", "distributor_id", "region", "municipality", "dimension", "value"));`);

    this.addSql(`create table "statistics"."card_daily" ("day" date not null, "distributor_id" uuid not null, "region" varchar(36) not null, "municipality" varchar(3) not null, "card_kind" varchar(10) not null, "granted" int not null default 0, "extended" int not null default 0, "ended" int not null default 0, "taken_out_of_use" int not null default 0, "active_delta" int not null default 0, primary key ("day", "distributor_id", "region", "municipality", "card_kind"));`);

    this.addSql(`create table "statistics"."card_state" ("card_id" uuid not null, "card_kind" varchar(10) not null, "distributor_id" uuid not null, "region" varchar(36) not null, "municipality" varchar(3) not null, "granted_on" date not null, "active_until" date not null, primary key ("card_id"));`);

    this.addSql(`create table "statistics"."card_use" ("card_id" uuid not null, "period" varchar(5) not null, "period_start" date not null, "scope_kind" varchar(20) not null, "scope_id" varchar(60) not null, "uses" int not null default 0, primary key ("card_id", "period", "period_start", "scope_kind", "scope_id"));`);
    this.addSql(`create index "card_use_scope_index" on "statistics"."card_use" ("period", "scope_kind", "scope_id", "period_start");`);

    this.addSql(`create table "statistics"."distinct_cards" ("period" varchar(5) not null, "period_start" date not null, "scope_kind" varchar(20) not null, "scope_id" varchar(60) not null, "region" varchar(36) not null default '', "cards" int not null default 0, primary key ("period", "period_start", "scope_kind", "scope_id"));`);

    this.addSql(`create table "statistics"."usage_daily" ("day" date not null, "provider_id" uuid not null, "registrar" varchar(36) not null, "distributor" varchar(36) not null, "region" varchar(36) not null, "municipality" varchar(3) not null, "venue_type" varchar(30) not null, "field" varchar(10) not null, "event_kind" varchar(12) not null, "card_kind" varchar(10) not null, "uses" int not null default 0, "child_tickets" int not null default 0, primary key ("day", "provider_id", "registrar", "distributor", "region", "municipality", "venue_type", "field", "event_kind", "card_kind"));`);

  }

  override down(): void | Promise<void> {

    this.addSql(`drop table if exists "statistics"."card_background" cascade;`);
    this.addSql(`drop table if exists "statistics"."card_daily" cascade;`);
    this.addSql(`drop table if exists "statistics"."card_state" cascade;`);
    this.addSql(`drop table if exists "statistics"."card_use" cascade;`);
    this.addSql(`drop table if exists "statistics"."distinct_cards" cascade;`);
    this.addSql(`drop table if exists "statistics"."usage_daily" cascade;`);

  }

}
