import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { createServer, get, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createStaticHandler, pickEncoding } from './static.js';

/** The bytes as sent: fetch would decompress them. */
function rawGet(url: string, headers: Record<string, string>): Promise<{ headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ headers: res.headers, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

describe('static web app: compressed, cached right (issue 8)', () => {
  let dir: string;
  let server: Server;
  let url: string;
  const script = `export const words = ${JSON.stringify('Kaikukortti '.repeat(2000))};\n`;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'kk-static-'));
    await mkdir(path.join(dir, '_app', 'immutable'), { recursive: true });
    await writeFile(path.join(dir, '_app', 'immutable', 'entry.abc123.js'), script);
    await writeFile(path.join(dir, 'index.html'), `<!doctype html><title>Kaikukanta</title>${'<p>x</p>'.repeat(300)}`);
    await writeFile(path.join(dir, 'favicon.png'), Buffer.alloc(4096, 1));
    const sut = createStaticHandler(dir);
    server = createServer((req, res) => void sut(req, res)).listen(0);
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends Brotli or gzip as the browser accepts, with Vary and the compressed length', async () => {
    for (const [accept, encoding, decode] of [
      ['gzip, deflate, br', 'br', brotliDecompressSync],
      ['gzip, deflate', 'gzip', gunzipSync],
    ] as const) {
      const { headers, body } = await rawGet(`${url}/_app/immutable/entry.abc123.js`, { 'accept-encoding': accept });
      expect(headers['content-encoding']).toBe(encoding);
      expect(headers.vary).toBe('Accept-Encoding');
      expect(Number(headers['content-length'])).toBe(body.length);
      expect(body.length).toBeLessThan(script.length / 3);
      expect(decode(body).toString()).toBe(script);
      expect(headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('sends the file as it is to a client that accepts no encoding, and never compresses images', async () => {
    const plain = await fetch(`${url}/_app/immutable/entry.abc123.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(plain.headers.get('vary')).toBe('Accept-Encoding');
    expect(await plain.text()).toBe(script);
    const image = await fetch(`${url}/favicon.png`, { headers: { 'accept-encoding': 'br' } });
    expect(image.headers.get('content-encoding')).toBeNull();
  });

  it('index.html for a client-side route: compressed, never cached', async () => {
    const res = await fetch(`${url}/cards/123`, { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(res.headers.get('cache-control')).toBe('no-cache');
    expect(await res.text()).toContain('<title>Kaikukanta</title>');
  });

  it('honours q=0 and prefers Brotli', () => {
    expect(pickEncoding('br;q=0, gzip')).toBe('gzip');
    expect(pickEncoding('*')).toBe('br');
    expect(pickEncoding('identity')).toBeUndefined();
    expect(pickEncoding(undefined)).toBeUndefined();
  });
});
