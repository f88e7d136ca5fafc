import { Migration } from '@mikro-orm/migrations';

export class Migration20261122152101_initial extends Migration {

  override name = 'Migration20261122152101_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "cards";`);
    this.addSql(`create table "cards"."card" ("id" uuid not null, "code" varchar(20) not null, "kind" text not null, "distributor_id" uuid not null, "region_id" uuid null, "granted_on" date not null, "trial_ends_on" date null, "valid_until" date not null, "state" text not null default 'ACTIVE', "closed_on" date null, "out_of_use_reason" text null, "child_ticket_limit" smallint not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "cards"."card" add constraint "card_code_unique" unique ("code");`);
    this.addSql(`create index "card_distributor_id_index" on "cards"."card" ("distributor_id");`);
    this.addSql(`create index "card_region_id_index" on "cards"."card" ("region_id");`);

    this.addSql(`create table "cards"."background" ("card_id" uuid not null, "birth_year" smallint not null, "postal_code" varchar(5) not null, "minor_children" smallint not null, "mother_tongue" text not null, "gender" text not null, "life_situations" text[] not null, primary key ("card_id"));`);

    this.addSql(`create table "cards"."card_history" ("id" uuid not null, "card_id" uuid not null, "kind" text not null, "effective_on" date not null, "valid_until" date not null, "out_of_use_reason" text null, "actor_user_id" uuid null, "actor_organization_id" uuid null, "at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "card_history_card_id_index" on "cards"."card_history" ("card_id");`);

    this.addSql(`create table "cards"."status_lookup" ("caller_id" uuid not null, "window_start" timestamptz not null, "lookups" int not null, primary key ("caller_id"));`);

    this.addSql(`create table "cards"."outbox" ("id" bigserial primary key, "type" text not null, "card_id" uuid not null, "card_kind" text not null, "distributor_id" uuid not null, "region_id" uuid null, "effective_on" date not null, "valid_until" date not null, "occurred_at" timestamptz not null);`);

    this.addSql(`alter table "cards"."card" add constraint "card_validity_check" check (valid_until >= granted_on);`);
    this.addSql(`alter table "cards"."card" add constraint "card_closed_check" check ((state = 'ACTIVE') = (closed_on is null));`);
    this.addSql(`alter table "cards"."card" add constraint "card_code_check" check (code ~ '^[A-Z0-9]{4,20}\$');`);
    this.addSql(`alter table "cards"."card" add constraint "card_child_ticket_limit_check" check (child_ticket_limit >= 0);`);
    this.addSql(`alter table "cards"."card" add constraint "card_kind_check" check ("kind" in ('PERSONAL', 'COMMUNITY'));`);
    this.addSql(`alter table "cards"."card" add constraint "card_state_check" check ("state" in ('ACTIVE', 'ENDED', 'OUT_OF_USE'));`);
    this.addSql(`alter table "cards"."card" add constraint "card_out_of_use_reason_check" check ("out_of_use_reason" in ('LOST', 'STOLEN', 'DAMAGED', 'HOLDER_REQUEST', 'MISUSE', 'REPLACED', 'OTHER'));`);

    this.addSql(`alter table "cards"."background" add constraint "background_card_id_foreign" foreign key ("card_id") references "cards"."card" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "cards"."background" add constraint "background_life_situations_count_check" check (cardinality(life_situations) >= 1 and cardinality(life_situations) <= 12);`);
    this.addSql(`alter table "cards"."background" add constraint "background_birth_year_check" check (birth_year >= 1900);`);
    this.addSql(`alter table "cards"."background" add constraint "background_postal_code_check" check (postal_code ~ '^[0-9]{5}\$');`);
    this.addSql(`alter table "cards"."background" add constraint "background_minor_children_check" check (minor_children >= 0 and minor_children <= 30);`);
    this.addSql(`alter table "cards"."background" add constraint "background_mother_tongue_check" check ("mother_tongue" in ('FINNISH', 'SWEDISH', 'NORTHERN_SAMI', 'INARI_SAMI', 'SKOLT_SAMI', 'RUSSIAN', 'ESTONIAN', 'ARABIC', 'ENGLISH', 'SOMALI', 'UKRAINIAN', 'PERSIAN', 'KURDISH', 'CHINESE', 'ALBANIAN', 'VIETNAMESE', 'THAI', 'TURKISH', 'SPANISH', 'OTHER', 'NOT_TOLD'));`);
    this.addSql(`alter table "cards"."background" add constraint "background_gender_check" check ("gender" in ('WOMAN', 'MAN', 'OTHER', 'NOT_TOLD'));`);
    this.addSql(`alter table "cards"."background" add constraint "background_life_situations_check" check ("life_situations" <@ array['UNEMPLOYED'::text, 'LONG_TERM_ILL'::text, 'DISABILITY'::text, 'PENSIONER'::text, 'STUDENT'::text, 'SINGLE_PARENT'::text, 'LOW_INCOME'::text, 'DEBT_PROBLEMS'::text, 'IMMIGRANT'::text, 'HOMELESS'::text, 'OTHER'::text, 'NOT_TOLD'::text]);`);

    this.addSql(`alter table "cards"."card_history" add constraint "card_history_card_id_foreign" foreign key ("card_id") references "cards"."card" ("id");`);
    this.addSql(`alter table "cards"."card_history" add constraint "card_history_kind_check" check ("kind" in ('REGISTERED', 'EXTENDED', 'ENDED', 'TAKEN_OUT_OF_USE'));`);
    this.addSql(`alter table "cards"."card_history" add constraint "card_history_out_of_use_reason_check" check ("out_of_use_reason" in ('LOST', 'STOLEN', 'DAMAGED', 'HOLDER_REQUEST', 'MISUSE', 'REPLACED', 'OTHER'));`);

    this.addSql(`alter table "cards"."outbox" add constraint "outbox_type_check" check ("type" in ('REGISTERED', 'EXTENDED', 'ENDED', 'TAKEN_OUT_OF_USE'));`);
    this.addSql(`alter table "cards"."outbox" add constraint "outbox_card_kind_check" check ("card_kind" in ('PERSONAL', 'COMMUNITY'));`);

    this.addSql(`create view "cards"."card_status" as select code, kind, state, granted_on, valid_until, closed_on, child_ticket_limit from cards.card;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop view if exists "cards"."card_status" cascade;`);
    this.addSql(`alter table "cards"."background" drop constraint "background_card_id_foreign";`);
    this.addSql(`alter table "cards"."card_history" drop constraint "card_history_card_id_foreign";`);

    this.addSql(`drop table if exists "cards"."card" cascade;`);
    this.addSql(`drop table if exists "cards"."background" cascade;`);
    this.addSql(`drop table if exists "cards"."card_history" cascade;`);
    this.addSql(`drop table if exists "cards"."status_lookup" cascade;`);
    this.addSql(`drop table if exists "cards"."outbox" cascade;`);

    this.addSql(`drop schema if exists "cards";`);
  }

}
