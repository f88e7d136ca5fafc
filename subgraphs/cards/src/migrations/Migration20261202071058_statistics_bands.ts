import { Migration } from '@mikro-orm/migrations';

export class Migration20261202071058_statistics_bands extends Migration {

  override name = 'Migration20261202071058_statistics_bands';

  override up(): void | Promise<void> {
    this.addSql(`drop view if exists "cards"."card_status" cascade;`);
    this.addSql(`alter table "cards"."outbox" add "birth_decade" smallint null, add "mother_tongue" text null, add "gender" text null, add "postal_area" varchar(2) null, add "life_situations" text[] null, add "children_band" text null;`);
    this.addSql(`create index "outbox_card_id_index" on "cards"."outbox" ("card_id");`);
    this.addSql(`alter table "cards"."outbox" add constraint "outbox_birth_decade_check" check (birth_decade is null or birth_decade % 10 = 0);`);
    this.addSql(`alter table "cards"."outbox" add constraint "outbox_postal_area_check" check (postal_area ~ '^[0-9]{2}\$');`);
    this.addSql(`alter table "cards"."outbox" add constraint "outbox_mother_tongue_check" check ("mother_tongue" in ('FINNISH', 'SWEDISH', 'NORTHERN_SAMI', 'INARI_SAMI', 'SKOLT_SAMI', 'RUSSIAN', 'ESTONIAN', 'ARABIC', 'ENGLISH', 'SOMALI', 'UKRAINIAN', 'PERSIAN', 'KURDISH', 'CHINESE', 'ALBANIAN', 'VIETNAMESE', 'THAI', 'TURKISH', 'SPANISH', 'OTHER', 'NOT_TOLD'));`);
    this.addSql(`alter table "cards"."outbox" add constraint "outbox_gender_check" check ("gender" in ('WOMAN', 'MAN', 'OTHER', 'NOT_TOLD'));`);
    this.addSql(`alter table "cards"."outbox" add constraint "outbox_life_situations_check" check ("life_situations" <@ array['UNEMPLOYED'::text, 'LONG_TERM_ILL'::text, 'DISABILITY'::text, 'PENSIONER'::text, 'STUDENT'::text, 'SINGLE_PARENT'::text, 'LOW_INCOME'::text, 'DEBT_PROBLEMS'::text, 'IMMIGRANT'::text, 'HOMELESS'::text, 'OTHER'::text, 'NOT_TOLD'::text]);`);
    this.addSql(`alter table "cards"."outbox" add constraint "outbox_children_band_check" check ("children_band" in ('0', '1', '2', '3_OR_MORE'));`);

    this.addSql(`create view "cards"."card_status" as select code, kind, state, granted_on, valid_until, closed_on, child_ticket_limit, id as card_id from cards.card;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop view if exists "cards"."card_status" cascade;`);
    this.addSql(`drop index "cards"."outbox_card_id_index";`);
    this.addSql(`alter table "cards"."outbox" drop constraint "outbox_birth_decade_check";`);
    this.addSql(`alter table "cards"."outbox" drop constraint "outbox_postal_area_check";`);
    this.addSql(`alter table "cards"."outbox" drop constraint "outbox_mother_tongue_check";`);
    this.addSql(`alter table "cards"."outbox" drop constraint "outbox_gender_check";`);
    this.addSql(`alter table "cards"."outbox" drop constraint "outbox_life_situations_check";`);
    this.addSql(`alter table "cards"."outbox" drop constraint "outbox_children_band_check";`);
    this.addSql(`alter table "cards"."outbox" drop column "birth_decade", drop column "mother_tongue", drop column "gender", drop column "postal_area", drop column "life_situations", drop column "children_band";`);

    this.addSql(`create view "cards"."card_status" as SELECT card.code,
    card.kind,
    card.state,
    card.granted_on,
    card.valid_until,
    card.closed_on,
    card.child_ticket_limit
   FROM cards.card;`);
  }

}
