import { Migration } from '@mikro-orm/migrations';

export class Migration20261202064534_published_scope_views extends Migration {

  override name = 'Migration20261202064534_published_scope_views';

  override up(): void | Promise<void> {
    this.addSql(`create view "organizations"."provider_scope" as select o.id as organization_id, o.kinds, o.venue_type, o.municipality_code, m.region_id, o.active from organizations.organization o join organizations.municipality m on m.code = o.municipality_code;`);

    this.addSql(`create view "organizations"."agent_client" as select agent_id, provider_id from organizations.ticket_agent_client;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop view if exists "organizations"."agent_client" cascade;`);
    this.addSql(`drop view if exists "organizations"."provider_scope" cascade;`);
  }

}
