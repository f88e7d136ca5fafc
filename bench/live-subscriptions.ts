/**
 * Live subscriptions through the gateway (decision 0016): the time from a use's commit to its arrival at 1, 100
 * and 1,000 subscribers of one document (provider name and region resolved from organizations per event), against
 * the gateway's plain query round-trip for the same figures (`liveUsage` with the same selection), measured in
 * the same run, interleaved.
 */
import { randomUUID } from 'node:crypto';
import { DEMO, USAGE_OUTBOX } from '@kaikukanta/kit';
import { createClient, type Client } from 'graphql-ws';
import pg from 'pg';
import { WebSocket } from 'ws';
import { gatewayRequest, startE2ESystem } from '../e2e/support.ts';
import type { Benchmark } from './lib/benchmark.ts';
import { fixed, formatTable } from './lib/report.ts';

const SIZES = [1, 100, 1_000];
const EVENTS = 20;
/** graphql-ws subscriptions per socket: the gateway allows 20 (H2), and 50 sockets per address. */
const PER_SOCKET = 20;
const SELECTION = 'sequence change childTickets provider { name region { code name { fi } } }';

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
}

export const liveSubscriptions: Benchmark = {
  name: 'live-subscriptions',
  title: 'commit → arrival at N subscribers through the gateway, against a plain query round-trip',
  async run({ adminUrl, log }) {
    const sut = await startE2ESystem(adminUrl, { LOG_LEVEL: 'error' });
    const db = new pg.Client({ connectionString: sut.db.url });
    await db.connect();
    const clients: Client[] = [];
    try {
      const login = await gatewayRequest(sut.graphqlUrl, 'mutation ($e: String!, $p: String!) { login(email: $e, password: $p) { user { id } } }', { e: 'analyytikko@kaikukanta.demo', p: DEMO.password });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      const WithCookie = class extends WebSocket {
        constructor(address: string, protocols?: string | string[]) {
          super(address, protocols, { headers: { cookie } });
        }
      };
      const commit = async (): Promise<number> => {
        await db.query('begin');
        await db.query(
          `insert into usage.outbox (type, usage_id, provider_id, registering_organization_id, event_date, event_kind, card_kind, child_tickets, occurred_at)
           values ('USAGE_REGISTERED', $1, $2, $2, current_date, 'PERFORMANCE', 'PERSONAL', 1, now())`,
          [randomUUID(), DEMO.organizations.tampereTheatre],
        );
        await db.query('select pg_notify($1, $2)', [USAGE_OUTBOX.channel, 'bench']);
        await db.query('commit');
        return performance.now();
      };
      const rows: string[][] = [];
      const data: unknown[] = [];
      for (const size of SIZES) {
        // The previous size's sockets must be gone: one address may hold 50 (H2), and 1,000 subscribers need all of them.
        for (let i = 0; i < 200; i++) {
          const metrics = await (await fetch(`http://127.0.0.1:${sut.port}/metrics`)).text();
          if (/^kaikukanta_websocket_connections 0$/m.test(metrics)) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        const arrivals = new Map<number, number[]>();
        let received = 0;
        const sockets = Array.from({ length: Math.ceil(size / PER_SOCKET) }, () => createClient({ url: `ws://127.0.0.1:${sut.port}/graphql`, webSocketImpl: WithCookie, retryAttempts: 0 }));
        clients.push(...sockets);
        for (let i = 0; i < size; i++) {
          sockets[Math.floor(i / PER_SOCKET)]!.subscribe(
            { query: `subscription Bench { usageRecorded { ${SELECTION} } }` },
            {
              next: (result) => {
                const at = performance.now();
                const sequence = (result.data?.usageRecorded as { sequence: number } | undefined)?.sequence ?? -1;
                arrivals.set(sequence, [...(arrivals.get(sequence) ?? []), at]);
                received += 1;
              },
              error: (error) => log(`subscription error: ${JSON.stringify(error)}`),
              complete: () => undefined,
            },
          );
        }
        // Warm-up: uses until every subscriber has heard one (subscriptions open lazily), before anything is timed.
        const heard = () => [...arrivals.values()].some((times) => times.length >= size);
        const deadline = Date.now() + 60_000;
        while (!heard() && Date.now() < deadline) {
          await commit();
          const until = Date.now() + 1_000;
          while (!heard() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
        }
        if (!heard()) throw new Error(`only ${received} arrivals at ${size} subscribers during the warm-up`);
        await new Promise((r) => setTimeout(r, 500));
        const latencies: number[] = [];
        const queries: number[] = [];
        let sequence = Math.max(...arrivals.keys());
        arrivals.clear();
        for (let e = 0; e < EVENTS; e++) {
          arrivals.clear();
          received = 0;
          const committed = await commit();
          while (received < size && performance.now() - committed < 30_000) await new Promise((r) => setTimeout(r, 1));
          const [seq, times] = [...arrivals.entries()][0] ?? [];
          if (!times || times.length < size) throw new Error(`event ${e}: ${times?.length ?? 0} of ${size} arrivals`);
          sequence = seq ?? sequence;
          latencies.push(...times.map((t) => t - committed));
          // The baseline, interleaved: the same selection as a plain query through the gateway.
          for (let q = 0; q < 3; q++) {
            const started = performance.now();
            const res = await gatewayRequest(sut.graphqlUrl, `query Plain($s: Int!) { liveUsage(sequence: $s) { ${SELECTION} } }`, { s: sequence }, { cookie });
            if (res.errors) throw new Error(JSON.stringify(res.errors));
            queries.push(performance.now() - started);
          }
        }
        await Promise.all(sockets.map((s) => s.dispose()));
        const p50 = quantile(latencies, 0.5);
        const p99 = quantile(latencies, 0.99);
        const q50 = quantile(queries, 0.5);
        const q99 = quantile(queries, 0.99);
        rows.push([String(size), fixed(p50, 1), fixed(p99, 1), fixed(q50, 1), fixed(q99, 1), fixed(p99 / q99, 2), String(latencies.length)]);
        data.push({ subscribers: size, arrivalMs: { p50, p99 }, queryMs: { p50: q50, p99: q99 }, samples: latencies.length });
        log(`N=${size}: p50 ${fixed(p50, 1)} ms, p99 ${fixed(p99, 1)} ms; query p99 ${fixed(q99, 1)} ms`);
      }
      return {
        table: formatTable(['subscribers', 'arrival p50 ms', 'arrival p99 ms', 'query p50 ms', 'query p99 ms', 'arrival p99 / query p99', 'samples'], rows),
        notes: [
          `Arrival: from COMMIT of a use in usage.outbox (the registration's transaction) to its arrival at every subscriber, ${EVENTS} uses per size.`,
          'It includes statistics reading the outbox on NOTIFY, the shared upstream, one gateway query per event and the fan-out.',
          'Query: the same selection as `liveUsage(sequence)` over HTTP through the gateway, 3 per use, interleaved.',
        ],
        data,
      };
    } finally {
      await Promise.all(clients.map((c) => c.dispose()));
      await db.end();
      await sut.teardown();
    }
  },
};
