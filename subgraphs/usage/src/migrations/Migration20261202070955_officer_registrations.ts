import { Migration } from '@mikro-orm/migrations';

export class Migration20261202070955_officer_registrations extends Migration {

  override name = 'Migration20261202070955_officer_registrations';

  override up(): void | Promise<void> {
    this.addSql(`alter table "usage"."usage" add "registering_region_id" uuid null;`);
    this.addSql(`alter table "usage"."usage" alter column "registering_organization_id" drop not null;`);
    this.addSql(`create index "usage_registering_region_id_index" on "usage"."usage" ("registering_region_id");`);
    this.addSql(`alter table "usage"."usage" add constraint "usage_registering_scope_check" check ((registering_organization_id is null) <> (registering_region_id is null));`);

    this.addSql(`alter table "usage"."outbox" add "registering_region_id" uuid null;`);
    this.addSql(`alter table "usage"."outbox" alter column "registering_organization_id" drop not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "usage"."outbox" drop column "registering_region_id";`);
    this.addSql(`alter table "usage"."outbox" alter column "registering_organization_id" set not null;`);

    this.addSql(`drop index "usage"."usage_registering_region_id_index";`);
    this.addSql(`alter table "usage"."usage" drop constraint "usage_registering_scope_check";`);
    this.addSql(`alter table "usage"."usage" drop column "registering_region_id";`);
    this.addSql(`alter table "usage"."usage" alter column "registering_organization_id" set not null;`);
  }

}
