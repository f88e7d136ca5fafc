import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webp': 'image/webp',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves the built single-page web app: files as they are, hashed assets
 * cached for a year, and index.html (never cached) for every other path so
 * that client-side routes survive a reload.
 */
export function createStaticHandler(root: string) {
  const base = path.resolve(root);
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.statusCode = 405;
      res.setHeader('allow', 'GET, HEAD');
      res.end();
      return;
    }
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const candidate = path.resolve(base, `.${pathname}`);
    const insideRoot = candidate === base || candidate.startsWith(base + path.sep);
    let file = insideRoot ? candidate : path.join(base, 'index.html');
    let info = await stat(file).catch(() => null);
    if (!info || info.isDirectory()) {
      file = path.join(base, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info) {
      res.statusCode = 503;
      res.setHeader('content-type', 'text/plain; charset=utf-8');
      res.end('The web app is not built. Run `npm run build`.');
      return;
    }
    res.statusCode = 200;
    res.setHeader('content-type', TYPES[path.extname(file)] ?? 'application/octet-stream');
    res.setHeader('content-length', info.size);
    res.setHeader('cache-control', file.includes(`${path.sep}immutable${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // pipeline: a file gone between stat and read (a rebuild while serving) ends this response, not the process.
    pipeline(createReadStream(file), res).catch(() => res.destroy());
  };
}
