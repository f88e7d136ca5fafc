import { Migration } from '@mikro-orm/migrations';

export class Migration20261202071157_statistics_field extends Migration {

  override name = 'Migration20261202071157_statistics_field';

  override up(): void | Promise<void> {
    this.addSql(`drop view if exists "organizations"."provider_scope" cascade;`);
    this.addSql(`create view "organizations"."provider_scope" as select o.id as organization_id, o.kinds, o.venue_type, o.municipality_code, m.region_id, o.active, o.field from organizations.organization o join organizations.municipality m on m.code = o.municipality_code;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop view if exists "organizations"."provider_scope" cascade;`);
    this.addSql(`create view "organizations"."provider_scope" as SELECT o.id AS organization_id,
    o.kinds,
    o.venue_type,
    o.municipality_code,
    m.region_id,
    o.active
   FROM (organizations.organization o
     JOIN organizations.municipality m ON (((m.code)::text = (o.municipality_code)::text)));`);
  }

}
