import { Migration } from '@mikro-orm/migrations';

/**
 * Decision 0022: a culture officer's membership (and invitation) names a municipality of its region. Rows made
 * before it acted for the whole region; each gets the region's municipality with the most culture providers
 * (active ones, ties to the lowest code) — where an officer of a region-wide scope did their work, and Tampere
 * for the demo officer of Pirkanmaa. A region without municipalities has no provider an officer could act for;
 * such a row fails the new check and the migration stops, to be fixed by hand (revoke it, or add the municipality).
 */
const BACKFILL = (table: string) => `update "organizations"."${table}" t set "municipality_code" = (
  select m.code from "organizations"."municipality" m
   where m.region_id = t.region_id
   order by (select count(*) from "organizations"."organization" o
              where o.municipality_code = m.code and o.active and 'CULTURE_PROVIDER' = any(o.kinds)) desc, m.code
   limit 1)
 where t.role = 'CULTURE_OFFICER' and t.municipality_code is null;`;

export class Migration20261202115653_culture_officer_municipality extends Migration {

  override name = 'Migration20261202115653_culture_officer_municipality';

  override up(): void | Promise<void> {
    this.addSql(`alter table "organizations"."membership" drop constraint "membership_scope_check";`);
    this.addSql(`alter table "organizations"."membership" add "municipality_code" varchar(3) null;`);
    this.addSql(`alter table "organizations"."membership" add constraint "membership_municipality_code_foreign" foreign key ("municipality_code") references "organizations"."municipality" ("code") on delete set null;`);
    this.addSql(BACKFILL('membership'));
    this.addSql(`alter table "organizations"."membership" add constraint "membership_scope_check" check ((
  (role = 'NATIONAL_ADMIN' and organization_id is null and region_id is null and municipality_code is null) or
  (role = 'REGION_ADMIN' and organization_id is null and region_id is not null and municipality_code is null) or
  (role = 'CULTURE_OFFICER' and organization_id is null and region_id is not null and municipality_code is not null) or
  (role = 'ANALYST' and organization_id is null and municipality_code is null) or
  (role in ('DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT') and organization_id is not null and region_id is null and municipality_code is null)
));`);

    this.addSql(`alter table "organizations"."invitation" drop constraint "invitation_scope_check";`);
    this.addSql(`alter table "organizations"."invitation" add "municipality_code" varchar(3) null;`);
    this.addSql(`alter table "organizations"."invitation" add constraint "invitation_municipality_code_foreign" foreign key ("municipality_code") references "organizations"."municipality" ("code") on delete set null;`);
    this.addSql(BACKFILL('invitation'));
    this.addSql(`alter table "organizations"."invitation" add constraint "invitation_scope_check" check ((
  (role = 'NATIONAL_ADMIN' and organization_id is null and region_id is null and municipality_code is null) or
  (role = 'REGION_ADMIN' and organization_id is null and region_id is not null and municipality_code is null) or
  (role = 'CULTURE_OFFICER' and organization_id is null and region_id is not null and municipality_code is not null) or
  (role = 'ANALYST' and organization_id is null and municipality_code is null) or
  (role in ('DISTRIBUTOR', 'CULTURE_PROVIDER', 'TICKET_AGENT') and organization_id is not null and region_id is null and municipality_code is null)
));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "organizations"."invitation" drop constraint "invitation_municipality_code_foreign";`);

    this.addSql(`alter table "organizations"."membership" drop constraint "membership_municipality_code_foreign";`);

    this.addSql(`alter table "organizations"."invitation" drop constraint "invitation_scope_check";`);
    this.addSql(`alter table "organizations"."invitation" drop column "municipality_code";`);
    this.addSql(`alter table "organizations"."invitation" add constraint "invitation_scope_check" check (((role = 'NATIONAL_ADMIN'::text) AND (organization_id IS NULL) AND (region_id IS NULL)) OR ((role = ANY (ARRAY['REGION_ADMIN'::text, 'CULTURE_OFFICER'::text])) AND (organization_id IS NULL) AND (region_id IS NOT NULL)) OR ((role = 'ANALYST'::text) AND (organization_id IS NULL)) OR ((role = ANY (ARRAY['DISTRIBUTOR'::text, 'CULTURE_PROVIDER'::text, 'TICKET_AGENT'::text])) AND (organization_id IS NOT NULL) AND (region_id IS NULL)));`);

    this.addSql(`alter table "organizations"."membership" drop constraint "membership_scope_check";`);
    this.addSql(`alter table "organizations"."membership" drop column "municipality_code";`);
    this.addSql(`alter table "organizations"."membership" add constraint "membership_scope_check" check (((role = 'NATIONAL_ADMIN'::text) AND (organization_id IS NULL) AND (region_id IS NULL)) OR ((role = ANY (ARRAY['REGION_ADMIN'::text, 'CULTURE_OFFICER'::text])) AND (organization_id IS NULL) AND (region_id IS NOT NULL)) OR ((role = 'ANALYST'::text) AND (organization_id IS NULL)) OR ((role = ANY (ARRAY['DISTRIBUTOR'::text, 'CULTURE_PROVIDER'::text, 'TICKET_AGENT'::text])) AND (organization_id IS NOT NULL) AND (region_id IS NULL)));`);
  }

}
