import 'reflect-metadata';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { registrarOf } from '../modules/usage/registration.access.js';
import { registerIn } from '../modules/usage/registration.service.js';
import { as, codeOf, event, gql, key, manyCards, REGISTER, REGISTER_GROUP, sql, startUsageSystem, usedOf, type GroupRegistration, type Registration, type UsageTestSystem } from './registration.support.js';

/**
 * R21 under load: the cap holds however many registrations arrive at once, because the database decides it (a
 * conditional update on the event row in the registration transaction), and idempotency keys hold under
 * concurrent duplicates because the key's primary key decides. HTTP tests send every request on its own
 * connection to the subgraph (undici opens one per request in flight), as separate box offices would.
 */

let system: UsageTestSystem;
const sut = () => system.sut;

beforeAll(async () => {
  system = await startUsageSystem(inject('pgAdminUrl'));
});

afterAll(async () => {
  await system?.close();
});

describe('R21: never exceeds the cap under concurrent registrations', () => {
  it('R21: 200 registrations at once for an event with cap 20 accept exactly 20, and used equals the row count', async () => {
    const eventId = await event(sut(), { cap: 20 });
    const codes = await manyCards(sut(), 200);
    const started = performance.now();
    const results = await Promise.all(codes.map((cardCode) => gql<Registration>(sut(), as.provider(), REGISTER, { input: { idempotencyKey: key(), eventId, cardCode } })));
    const ms = performance.now() - started;
    const accepted = results.filter((r) => !r.errors).length;
    const refusals = new Set(results.flatMap((r) => (r.errors ? [codeOf(r)] : [])));
    console.info(`R21 HTTP: 200 registrations, cap 20: ${accepted} accepted in ${Math.round(ms)} ms`);
    expect(accepted).toBe(20);
    expect([...refusals]).toEqual(['CAP_EXCEEDED']);
    expect(await usedOf(sut(), eventId)).toEqual({ used: 20, rows: 20 });
  });

  it('R21, R14: 200 group visits (staff + one member) at once for cap 20 accept exactly 10 groups, all or nothing each', async () => {
    const eventId = await event(sut(), { cap: 20 });
    const staff = await manyCards(sut(), 200, 'COMMUNITY');
    const members = await manyCards(sut(), 200);
    const results = await Promise.all(
      staff.map((staffCardCode, i) => gql<GroupRegistration>(sut(), as.provider(), REGISTER_GROUP, { input: { idempotencyKey: key(), eventId, staffCardCode, members: [{ cardCode: members[i] }] } })),
    );
    const accepted = results.filter((r) => !r.errors);
    expect(accepted).toHaveLength(10);
    expect(accepted.every((r) => r.data?.registerGroupVisit.usages.length === 2)).toBe(true);
    expect(await usedOf(sut(), eventId)).toEqual({ used: 20, rows: 20 });
    const [groups] = await sql<{ groups: string }>(sut(), 'select count(distinct group_id) as groups from usage.usage where event_id = ?', [eventId]);
    expect(Number(groups?.groups)).toBe(10);
  });

  it('R21: 10 000 registrations over 50 events at once leave every event at or below its cap, used equal to its rows', async () => {
    // Direct calls of the registration core (registerIn: key, rules, outbox, cap) through the subgraph's own pool
    // (10 connections), 64 in flight, each in its own transaction as the entry points open it: over HTTP on two
    // shared cores this would measure the HTTP stack, and the per-organisation rate limit, not the cap.
    const caps = Array.from({ length: 50 }, (_, i) => 100 + ((i * 37) % 200));
    const events = await Promise.all(caps.map((cap) => event(sut(), { cap })));
    const codes = await manyCards(sut(), 10_000);
    const registrar = registrarOf(as.provider());
    let next = 0;
    let accepted = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: 64 }, async () => {
        while (next < codes.length) {
          const i = next++;
          const request = { eventId: events[(i * 7919) % events.length], cards: [{ code: codes[i] as string, childTickets: 0 }], group: false };
          const idempotency = { operation: 'REGISTER' as const, key: key(), hash: String(i).padStart(64, '0') };
          try {
            await sut().orm.em.fork().transactional((tx) => registerIn(tx, registrar, request, idempotency, 'en'));
            accepted += 1;
          } catch (error) {
            if ((error as { code?: string }).code !== 'CAP_EXCEEDED') throw error;
          }
        }
      }),
    );
    const ms = performance.now() - started;
    console.info(`R21 core: 10 000 registrations over 50 events: ${accepted} accepted in ${Math.round(ms)} ms (${Math.round(10_000 / (ms / 1000))}/s)`);
    const rows = await sql<{ id: string; cap: number; used: number; rows: string }>(
      sut(),
      `select e.id, e.cap, e.used, (select count(*) from usage.usage u where u.event_id = e.id and u.cancelled_at is null) as rows from usage.event e where e.id in (${events.map(() => '?').join(', ')})`,
      events,
    );
    expect(rows).toHaveLength(50);
    for (const row of rows) {
      expect(row.used).toBeLessThanOrEqual(row.cap);
      expect(Number(row.rows)).toBe(row.used);
    }
    expect(accepted).toBe(rows.reduce((sum, row) => sum + row.used, 0));
  }, 300_000);
});

describe('Idempotency under concurrent duplicates', () => {
  it('R16: the same key sent 20 times at once writes one use; every answer names it', async () => {
    const eventId = await event(sut(), { cap: 50 });
    const [cardCode] = await manyCards(sut(), 1);
    const input = { idempotencyKey: key(), eventId, cardCode };
    const results = await Promise.all(Array.from({ length: 20 }, () => gql<Registration>(sut(), as.provider(), REGISTER, { input })));
    expect(results.every((r) => !r.errors)).toBe(true);
    const ids = new Set(results.map((r) => r.data?.registerUsage.usages[0]?.id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r.data?.registerUsage.replayed === false)).toHaveLength(1);
    expect(await usedOf(sut(), eventId)).toEqual({ used: 1, rows: 1 });
    const [outbox] = await sql<{ n: string }>(sut(), 'select count(*) as n from usage.outbox where event_id = ?', [eventId]);
    expect(Number(outbox?.n)).toBe(1);
  });
});
