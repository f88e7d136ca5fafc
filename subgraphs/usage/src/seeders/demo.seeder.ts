import { addDays, DEMO, todayInFinland, type EntityManager } from '@kaikukanta/kit';
import { capMinimum } from '../modules/event/cap-rules.js';
import { EventEntity } from '../modules/event/event.entity.js';
import { fromHelsinki } from '../modules/event/event-time.js';
import type { EventKind, ExclusionReason } from '../modules/event/event.model.js';
import { seedDemoUsages } from './demo-usages.seeder.js';

const O = DEMO.organizations;

interface Line {
  provider: string;
  /** The provider's venue type in the demo network (organizations' seed), for the R20 check below. */
  venueType: string;
  name: string;
  kind: EventKind;
  time: string;
  capacity: number;
  cap: number | null;
  guestProducer?: boolean;
  reservationOpensDaysBefore?: number;
  redemptionOpensMinutesBefore?: number;
  exclusion?: ExclusionReason;
}

/** Every kind of event and every R20 rule, with caps at or above their minimum; new lines go at the end (ids encode the line). */
const PROGRAMME: Line[] = [
  { provider: O.kansallisteatteri, venueType: 'THEATRE', name: 'Seitsemän veljestä', kind: 'PERFORMANCE', time: '19:00', capacity: 400, cap: 20 },
  { provider: O.ateneum, venueType: 'MUSEUM', name: 'Ateneumin kokoelmat', kind: 'DAY_TICKET', time: '10:00', capacity: 1200, cap: null },
  { provider: O.tampereTheatre, venueType: 'THEATRE', name: 'Kesäyön unelma', kind: 'PERFORMANCE', time: '18:00', capacity: 240, cap: 12 },
  { provider: O.tampereOpisto, venueType: 'ADULT_EDUCATION_CENTRE', name: 'Akvarellimaalauksen alkeet', kind: 'COURSE', time: '17:00', capacity: 16, cap: 2, reservationOpensDaysBefore: 30 },
  { provider: O.tampereSciencecentre, venueType: 'MUSEUM', name: 'Tiedekeskuksen perhepäivä', kind: 'DAY_TICKET', time: '11:00', capacity: 600, cap: null },
  { provider: O.vaasaSwimmingHall, venueType: 'SPORT', name: 'Uinti / Simning', kind: 'DAY_TICKET', time: '07:00', capacity: 350, cap: 20 },
  { provider: O.vaasaTicketAndTheatre, venueType: 'THEATRE', name: 'Pippi Långstrump', kind: 'PERFORMANCE', time: '18:00', capacity: 200, cap: 10 },
  { provider: O.tampereTheatre, venueType: 'THEATRE', name: 'Vierailu: Stand up -ilta', kind: 'PERFORMANCE', time: '20:00', capacity: 300, cap: 10, guestProducer: true },
  { provider: O.kansallisteatteri, venueType: 'THEATRE', name: 'Pieni näyttämö: Kamarikonsertti', kind: 'PERFORMANCE', time: '18:30', capacity: 40, cap: 2, redemptionOpensMinutesBefore: 30 },
  { provider: O.kansallisteatteri, venueType: 'THEATRE', name: 'Kiertue: Tuntematon sotilas', kind: 'PERFORMANCE', time: '19:00', capacity: 800, cap: null, exclusion: 'TOURING_PRODUCTION' },
  { provider: O.tampereOpisto, venueType: 'ADULT_EDUCATION_CENTRE', name: 'Lukupiiri', kind: 'COURSE', time: '18:00', capacity: 8, cap: 1 },
  { provider: O.tampereSciencecentre, venueType: 'MUSEUM', name: 'Vapriikin tiedefestivaali', kind: 'DAY_TICKET', time: '10:00', capacity: 3000, cap: 20 },
];

/** Weeks of demo events seeded on each side of the day of start. */
export const DEMO_WEEKS = 8;

/** One demo event row: programme line `e` on a Finnish day; the id encodes line and day (stable across starts). */
function eventRow(line: Line, e: number, day: string) {
  const startsAt = fromHelsinki(`${day}T${line.time}`);
  const dayNumber = Date.parse(`${day}T00:00:00Z`) / 86_400_000;
  return {
    id: `0a6c1a5e-0000-4000-8002-${e.toString(16).padStart(2, '0')}${dayNumber.toString(16).padStart(10, '0')}`,
    providerId: line.provider,
    name: line.name,
    kind: line.kind,
    startsAt,
    capacity: line.capacity,
    cap: line.cap,
    used: 0,
    guestProducer: line.guestProducer ?? false,
    reservationOpensDaysBefore: line.reservationOpensDaysBefore ?? null,
    redemptionOpensMinutesBefore: line.redemptionOpensMinutesBefore ?? null,
    exclusionReason: line.exclusion ?? null,
    exclusionNote: null,
    createdAt: new Date(),
    updatedAt: new Date(),
  };
}

/** A past demo event: what the usage seed registers uses for. */
export interface PastDemoEvent {
  id: string;
  /** Index of the programme line. */
  line: number;
  day: string;
  startsAt: Date;
  kind: EventKind;
  cap: number | null;
  excluded: boolean;
}

/**
 * Demo events: the programme repeated weekly for the next eight weeks from the day of start and mirrored over the
 * past eight weeks (days before today, so that past events have uses to show), in Finnish time, with stable ids
 * (ON CONFLICT DO NOTHING). Then the past uses (demo-usages.seeder.ts).
 */
export async function seedDemoEvents(em: EntityManager): Promise<void> {
  const past = await seedDemoEventRows(em);
  await seedDemoUsages(em, past);
}

/** The events only; answers the past ones. */
export async function seedDemoEventRows(em: EntityManager, today = todayInFinland()): Promise<PastDemoEvent[]> {
  const past: PastDemoEvent[] = [];
  const rows = PROGRAMME.flatMap((line, e) => {
    const { minimum } = capMinimum({ kind: line.kind, capacity: line.capacity, guestProducer: line.guestProducer ?? false, venueType: line.venueType });
    if (line.cap !== null && line.cap < minimum) throw new Error(`demo event ${line.name}: cap ${line.cap} below the R20 minimum ${minimum}`);
    // The id encodes programme line and day, so a later start adds the coming weeks and repeats nothing.
    const coming = Array.from({ length: DEMO_WEEKS }, (_, week) => eventRow(line, e, addDays(today, week * 7 + (e % 7) + 1)));
    const gone = Array.from({ length: DEMO_WEEKS }, (_, week) => {
      const day = addDays(today, -(week * 7 + (e % 7) + 1));
      const row = eventRow(line, e, day);
      past.push({ id: row.id, line: e, day, startsAt: row.startsAt, kind: line.kind, cap: line.cap, excluded: line.exclusion !== undefined });
      return row;
    });
    return [...coming, ...gone];
  });
  await em.createQueryBuilder(EventEntity).insert(rows).onConflict('id').ignore().execute();
  return past;
}
