import { DEMO, type EntityManager } from '@kaikukanta/kit';
import { EventEntity } from '../modules/event/event.entity.js';
import type { EventKind } from '../modules/event/event.model.js';

const O = DEMO.organizations;
const PROGRAMME: { provider: string; name: string; kind: EventKind; cap: number | null; hour: number }[] = [
  { provider: O.kansallisteatteri, name: 'Seitsemän veljestä', kind: 'PERFORMANCE', cap: 20, hour: 19 },
  { provider: O.ateneum, name: 'Ateneumin kokoelmat', kind: 'DAY_TICKET', cap: null, hour: 10 },
  { provider: O.tampereTheatre, name: 'Kesäyön unelma', kind: 'PERFORMANCE', cap: 12, hour: 18 },
  { provider: O.tampereOpisto, name: 'Akvarellimaalauksen alkeet', kind: 'COURSE', cap: 2, hour: 17 },
  { provider: O.tampereSciencecentre, name: 'Tiedekeskuksen perhepäivä', kind: 'DAY_TICKET', cap: null, hour: 11 },
  { provider: O.vaasaSwimmingHall, name: 'Uinti / Simning', kind: 'DAY_TICKET', cap: 20, hour: 7 },
  { provider: O.vaasaTicketAndTheatre, name: 'Pippi Långstrump', kind: 'PERFORMANCE', cap: 10, hour: 18 },
];

/** Demo events: the programme repeated weekly for the next eight weeks from the day of start, with stable ids (ON CONFLICT DO NOTHING). */
export async function seedDemoEvents(em: EntityManager): Promise<void> {
  const monday = new Date();
  monday.setUTCHours(0, 0, 0, 0);
  const rows = PROGRAMME.flatMap((event, e) =>
    Array.from({ length: 8 }, (_, week) => {
      const startsAt = new Date(monday);
      startsAt.setUTCDate(startsAt.getUTCDate() + week * 7 + e + 1);
      startsAt.setUTCHours(event.hour - 2);
      return {
        // The id encodes programme line and day, so a later start adds the coming weeks and repeats nothing.
        id: `0a6c1a5e-0000-4000-8002-${e.toString(16).padStart(2, '0')}${Math.floor(startsAt.getTime() / 86_400_000).toString(16).padStart(10, '0')}`,
        providerId: event.provider,
        name: event.name,
        kind: event.kind,
        startsAt,
        cap: event.cap,
        createdAt: new Date(),
      };
    }),
  );
  await em.createQueryBuilder(EventEntity).insert(rows).onConflict('id').ignore().execute();
}
