import { Migration } from '@mikro-orm/migrations';

/**
 * Issue 9, events: capacity (R20), guest producer (R20), time limits (R22) and exclusion (R19).
 * Hand-written so that events already stored get a capacity that keeps their cap within the R20 rules
 * (20 × the cap, or 100 without one) before the column becomes NOT NULL.
 */
export class Migration20261202070500_event_keeping extends Migration {

  override name = 'Migration20261202070500_event_keeping';

  override up(): void | Promise<void> {
    this.addSql(`alter table "usage"."event" add "capacity" int null, add "guest_producer" boolean not null default false, add "reservation_opens_days_before" smallint null, add "redemption_opens_minutes_before" smallint null, add "exclusion_reason" text null, add "exclusion_note" varchar(300) null, add "updated_at" timestamptz null;`);
    this.addSql(`update "usage"."event" set "capacity" = greatest(coalesce("cap" * 20, 100), 1), "updated_at" = "created_at";`);
    this.addSql(`alter table "usage"."event" alter column "capacity" set not null, alter column "updated_at" set not null;`);
    this.addSql(`alter table "usage"."event" add constraint "event_capacity_check" check (capacity > 0 and (cap is null or cap <= capacity));`);
    this.addSql(`alter table "usage"."event" add constraint "event_reservation_opens_days_before_check" check (reservation_opens_days_before >= 1 and reservation_opens_days_before <= 365);`);
    this.addSql(`alter table "usage"."event" add constraint "event_redemption_opens_minutes_before_check" check (redemption_opens_minutes_before >= 1 and redemption_opens_minutes_before <= 1440);`);
    this.addSql(`alter table "usage"."event" add constraint "event_exclusion_reason_check" check ("exclusion_reason" in ('TOURING_PRODUCTION', 'PREMIERE_OR_GALA', 'CINEMA_RESTRICTION', 'ENROLMENT_RULES', 'OTHER'));`);
    this.addSql(`alter table "usage"."event" add constraint "event_exclusion_note_check" check (exclusion_note is null or exclusion_reason is not null);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "usage"."event" drop constraint "event_capacity_check", drop constraint "event_reservation_opens_days_before_check", drop constraint "event_redemption_opens_minutes_before_check", drop constraint "event_exclusion_reason_check", drop constraint "event_exclusion_note_check";`);
    this.addSql(`alter table "usage"."event" drop column "capacity", drop column "guest_producer", drop column "reservation_opens_days_before", drop column "redemption_opens_minutes_before", drop column "exclusion_reason", drop column "exclusion_note", drop column "updated_at";`);
  }

}
