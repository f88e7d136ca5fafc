/**
 * The floor of any gateway written in Node (issue 12): an HTTP relay that does nothing a gateway must do — no
 * authentication, no parsing or validation, no plan, no signing, no metrics — and only carries each request to a
 * subgraph and its answer back, on the same pieces our gateway's hop is made of (node:http's server, undici's
 * `request` on one keep-alive agent, the body read whole and written whole). The gateway benchmark's `relay` side sends
 * the direct side's request (the identity already signed) through it, so `relay/direct` is what the hop alone keeps of
 * the subgraph's rate on this machine, and `ours/relay` what our gateway's own work costs on top.
 *
 * Run as its own process (`node bench/lib/relay.ts`), so its CPU is read apart. Environment: RELAY_PORT; the subgraph
 * is named by the path: `POST /<subgraph port>/graphql` goes to `http://127.0.0.1:<subgraph port>/graphql`.
 */
import { createServer } from 'node:http';
import { Agent, request } from 'undici';
import { IDENTITY_HEADER, REQUEST_ID_HEADER } from '@kaikukanta/kit/identity';

const agent = new Agent({ keepAliveTimeout: 4_000, keepAliveMaxTimeout: 4_000 });
const FORWARDED = ['content-type', IDENTITY_HEADER, REQUEST_ID_HEADER, 'accept-language'];

const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    if (req.url === '/readiness') return void res.writeHead(200).end();
    const port = /^\/(\d+)\/graphql$/.exec(req.url ?? '')?.[1];
    if (!port) return void res.writeHead(404).end();
    const headers: Record<string, string> = {};
    for (const name of FORWARDED) {
      const value = req.headers[name];
      if (typeof value === 'string') headers[name] = value;
    }
    request(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers, body: Buffer.concat(chunks), dispatcher: agent })
      .then(async (answer) => {
        const body = await answer.body.text();
        res.writeHead(answer.statusCode, { 'content-type': 'application/graphql-response+json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
        res.end(body);
      })
      .catch((error: unknown) => res.writeHead(502).end(String(error)));
  });
});
server.keepAliveTimeout = 65_000;
server.listen(Number(process.env.RELAY_PORT), '127.0.0.1', () => console.log(JSON.stringify({ level: 30, msg: 'relay ready' })));
const stop = () => server.close(() => process.exit(0));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
