import { Migration } from '@mikro-orm/migrations';

export class Migration20261122033342_initial extends Migration {

  override name = 'Migration20261122033342_initial';

  override up(): void | Promise<void> {
    this.addSql(`create schema if not exists "organizations";`);
    this.addSql(`create table "organizations"."audit_log" ("id" bigserial primary key, "at" timestamptz not null, "actor_user_id" uuid null, "action" varchar(60) not null, "target_type" varchar(40) not null, "target_id" varchar(64) not null, "region_id" uuid null, "details" jsonb null);`);
    this.addSql(`create index "audit_log_region_id_index" on "organizations"."audit_log" ("region_id");`);

    this.addSql(`create table "organizations"."login_throttle" ("key" varchar(100) not null, "failures" int not null default 0, "locked_until" timestamptz null, "updated_at" timestamptz not null, primary key ("key"));`);

    this.addSql(`create table "organizations"."region" ("id" uuid not null, "code" varchar(40) not null, "name_fi" varchar(200) not null, "name_sv" varchar(200) not null, "name_en" varchar(200) not null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "organizations"."region" add constraint "region_code_unique" unique ("code");`);

    this.addSql(`create table "organizations"."municipality" ("code" varchar(3) not null, "name_fi" varchar(200) not null, "name_sv" varchar(200) not null, "region_id" uuid not null, primary key ("code"));`);
    this.addSql(`create index "municipality_region_id_index" on "organizations"."municipality" ("region_id");`);

    this.addSql(`create table "organizations"."organization" ("id" uuid not null, "name" varchar(200) not null, "kinds" text[] not null, "municipality_code" varchar(3) not null, "venue_type" text null, "field" text null, "active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "organization_municipality_code_index" on "organizations"."organization" ("municipality_code");`);

    this.addSql(`create table "organizations"."site" ("id" uuid not null, "organization_id" uuid not null, "name" varchar(200) not null, "municipality_code" varchar(3) not null, "active" boolean not null default true, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "site_organization_id_index" on "organizations"."site" ("organization_id");`);

    this.addSql(`create table "organizations"."ticket_agent_client" ("agent_id" uuid not null, "provider_id" uuid not null, "created_at" timestamptz not null, primary key ("agent_id", "provider_id"));`);
    this.addSql(`create index "ticket_agent_client_provider_id_index" on "organizations"."ticket_agent_client" ("provider_id");`);

    this.addSql(`create table "organizations"."user_account" ("id" uuid not null, "email" varchar(254) not null, "display_name" varchar(120) not null, "password_hash" varchar(200) null, "active" boolean not null default true, "created_at" timestamptz not null, "password_changed_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "organizations"."user_account" add constraint "user_account_email_unique" unique ("email");`);

    this.addSql(`create table "organizations"."membership" ("id" uuid not null, "user_id" uuid not null, "role" text not null, "organization_id" uuid null, "region_id" uuid null, "granted_by" uuid null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "membership_user_id_index" on "organizations"."membership" ("user_id");`);
    this.addSql(`create index "membership_organization_id_index" on "organizations"."membership" ("organization_id");`);
    this.addSql(`create index "membership_region_id_index" on "organizations"."membership" ("region_id");`);

    this.addSql(`create table "organizations"."session" ("id" uuid not null, "token_hash" varchar(64) not null, "user_id" uuid not null, "active_membership_id" uuid null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "last_seen_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "organizations"."session" add constraint "session_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "session_user_id_index" on "organizations"."session" ("user_id");`);

    this.addSql(`create table "organizations"."invitation" ("id" uuid not null, "token_hash" varchar(64) not null, "email" varchar(254) not null, "role" text not null, "organization_id" uuid null, "region_id" uuid null, "invited_by_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "organizations"."invitation" add constraint "invitation_token_hash_unique" unique ("token_hash");`);
    this.addSql(`create index "invitation_email_index" on "organizations"."invitation" ("email");`);

    this.addSql(`create table "organizations"."api_key" ("id" uuid not null, "organization_id" uuid not null, "name" varchar(100) not null, "prefix" varchar(16) not null, "secret_hash" varchar(64) not null, "scopes" text[] not null, "created_by_id" uuid not null, "created_at" timestamptz not null, "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "api_key_organization_id_index" on "organizations"."api_key" ("organization_id");`);
    this.addSql(`alter table "organizations"."api_key" add constraint "api_key_prefix_unique" unique ("prefix");`);

    this.addSql(`create or replace function "organizations"."audit_log_audit_log_append_only_fn"() returns trigger as \$\$ begin raise exception 'audit_log is append-only'; end; \$\$ language plpgsql;`);
    this.addSql(`create trigger "audit_log_append_only" BEFORE UPDATE OR DELETE on "organizations"."audit_log" for each ROW execute function "organizations"."audit_log_audit_log_append_only_fn"();`);

    this.addSql(`alter table "organizations"."municipality" add constraint "municipality_region_id_foreign" foreign key ("region_id") references "organizations"."region" ("id");`);

    this.addSql(`alter table "organizations"."organization" add constraint "organization_municipality_code_foreign" foreign key ("municipality_code") references "organizations"."municipality" ("code");`);
    this.addSql(`alter table "organizations"."organization" add constraint "organization_kinds_check" check ("kinds" <@ array['DISTRIBUTOR'::text, 'CULTURE_PROVIDER'::text, 'TICKET_AGENT'::text]);`);
    this.addSql(`alter table "organizations"."organization" add constraint "organization_venue_type_check" check ("venue_type" in ('THEATRE', 'MUSEUM', 'MUSIC', 'CINEMA', 'ADULT_EDUCATION_CENTRE', 'LIBRARY', 'FESTIVAL', 'SPORT', 'GUEST_PRODUCER', 'OTHER'));`);
    this.addSql(`alter table "organizations"."organization" add constraint "organization_field_check" check ("field" in ('CULTURE', 'EDUCATION', 'SCIENCE', 'SPORT'));`);

    this.addSql(`alter table "organizations"."site" add constraint "site_organization_id_foreign" foreign key ("organization_id") references "organizations"."organization" ("id");`);
    this.addSql(`alter table "organizations"."site" add constraint "site_municipality_code_foreign" foreign key ("municipality_code") references "organizations"."municipality" ("code");`);

    this.addSql(`alter table "organizations"."ticket_agent_client" add constraint "ticket_agent_client_agent_id_foreign" foreign key ("agent_id") references "organizations"."organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "organizations"."ticket_agent_client" add constraint "ticket_agent_client_provider_id_foreign" foreign key ("provider_id") references "organizations"."organization" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "organizations"."membership" add constraint "membership_user_id_foreign" foreign key ("user_id") references "organizations"."user_account" ("id");`);
    this.addSql(`alter table "organizations"."membership" add constraint "membership_organization_id_foreign" foreign key ("organization_id") references "organizations"."organization" ("id") on delete set null;`);
    this.addSql(`alter table "organizations"."membership" add constraint "membership_region_id_foreign" foreign key ("region_id") references "organizations"."region" ("id") on delete set null;`);
    this.addSql(`alter table "organizations"."membership" add constraint "membership_scope_check" check ((
  (role = 'NATIONAL_ADMIN' and organization_id is null and region_id is null) or
  (role in ('REGION_ADMIN', 'CULTURE_OFFICER') and organization_id is null and region_id is not null) or
  (role = 'ANALYST' and organization_id is null) or
  (role in ('DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT') and organization_id is not null and region_id is null)
));`);
    this.addSql(`alter table "organizations"."membership" add constraint "membership_role_check" check ("role" in ('NATIONAL_ADMIN', 'REGION_ADMIN', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT', 'ANALYST', 'CULTURE_OFFICER'));`);

    this.addSql(`alter table "organizations"."session" add constraint "session_user_id_foreign" foreign key ("user_id") references "organizations"."user_account" ("id");`);
    this.addSql(`alter table "organizations"."session" add constraint "session_active_membership_id_foreign" foreign key ("active_membership_id") references "organizations"."membership" ("id") on delete set null;`);

    this.addSql(`alter table "organizations"."invitation" add constraint "invitation_organization_id_foreign" foreign key ("organization_id") references "organizations"."organization" ("id") on delete set null;`);
    this.addSql(`alter table "organizations"."invitation" add constraint "invitation_region_id_foreign" foreign key ("region_id") references "organizations"."region" ("id") on delete set null;`);
    this.addSql(`alter table "organizations"."invitation" add constraint "invitation_invited_by_id_foreign" foreign key ("invited_by_id") references "organizations"."user_account" ("id");`);
    this.addSql(`alter table "organizations"."invitation" add constraint "invitation_scope_check" check ((
  (role = 'NATIONAL_ADMIN' and organization_id is null and region_id is null) or
  (role in ('REGION_ADMIN', 'CULTURE_OFFICER') and organization_id is null and region_id is not null) or
  (role = 'ANALYST' and organization_id is null) or
  (role in ('DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT') and organization_id is not null and region_id is null)
));`);
    this.addSql(`alter table "organizations"."invitation" add constraint "invitation_role_check" check ("role" in ('NATIONAL_ADMIN', 'REGION_ADMIN', 'DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT', 'ANALYST', 'CULTURE_OFFICER'));`);

    this.addSql(`alter table "organizations"."api_key" add constraint "api_key_organization_id_foreign" foreign key ("organization_id") references "organizations"."organization" ("id");`);
    this.addSql(`alter table "organizations"."api_key" add constraint "api_key_created_by_id_foreign" foreign key ("created_by_id") references "organizations"."user_account" ("id");`);
    this.addSql(`alter table "organizations"."api_key" add constraint "api_key_scopes_check" check ("scopes" <@ array['CARD_STATUS_READ'::text, 'USAGE_WRITE'::text, 'EVENTS_WRITE'::text]);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "organizations"."municipality" drop constraint "municipality_region_id_foreign";`);
    this.addSql(`alter table "organizations"."membership" drop constraint "membership_region_id_foreign";`);
    this.addSql(`alter table "organizations"."invitation" drop constraint "invitation_region_id_foreign";`);
    this.addSql(`alter table "organizations"."organization" drop constraint "organization_municipality_code_foreign";`);
    this.addSql(`alter table "organizations"."site" drop constraint "site_municipality_code_foreign";`);
    this.addSql(`alter table "organizations"."site" drop constraint "site_organization_id_foreign";`);
    this.addSql(`alter table "organizations"."ticket_agent_client" drop constraint "ticket_agent_client_agent_id_foreign";`);
    this.addSql(`alter table "organizations"."ticket_agent_client" drop constraint "ticket_agent_client_provider_id_foreign";`);
    this.addSql(`alter table "organizations"."membership" drop constraint "membership_organization_id_foreign";`);
    this.addSql(`alter table "organizations"."invitation" drop constraint "invitation_organization_id_foreign";`);
    this.addSql(`alter table "organizations"."api_key" drop constraint "api_key_organization_id_foreign";`);
    this.addSql(`alter table "organizations"."membership" drop constraint "membership_user_id_foreign";`);
    this.addSql(`alter table "organizations"."session" drop constraint "session_user_id_foreign";`);
    this.addSql(`alter table "organizations"."invitation" drop constraint "invitation_invited_by_id_foreign";`);
    this.addSql(`alter table "organizations"."api_key" drop constraint "api_key_created_by_id_foreign";`);
    this.addSql(`alter table "organizations"."session" drop constraint "session_active_membership_id_foreign";`);

    this.addSql(`drop trigger if exists "audit_log_append_only" on "organizations"."audit_log";`);
    this.addSql(`drop function if exists "organizations"."audit_log_audit_log_append_only_fn"();`);
    this.addSql(`drop table if exists "organizations"."audit_log" cascade;`);
    this.addSql(`drop table if exists "organizations"."login_throttle" cascade;`);
    this.addSql(`drop table if exists "organizations"."region" cascade;`);
    this.addSql(`drop table if exists "organizations"."municipality" cascade;`);
    this.addSql(`drop table if exists "organizations"."organization" cascade;`);
    this.addSql(`drop table if exists "organizations"."site" cascade;`);
    this.addSql(`drop table if exists "organizations"."ticket_agent_client" cascade;`);
    this.addSql(`drop table if exists "organizations"."user_account" cascade;`);
    this.addSql(`drop table if exists "organizations"."membership" cascade;`);
    this.addSql(`drop table if exists "organizations"."session" cascade;`);
    this.addSql(`drop table if exists "organizations"."invitation" cascade;`);
    this.addSql(`drop table if exists "organizations"."api_key" cascade;`);

    this.addSql(`drop schema if exists "organizations";`);
  }

}
