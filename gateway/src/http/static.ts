import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlib, gzip } from 'node:zlib';

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

/** Text formats worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.css', '.json', '.svg', '.txt', '.webmanifest']);
/** Below this a compressed body saves less than its headers cost. */
const MIN_COMPRESS_BYTES = 1024;
/** The built app is a few hundred KiB; the bound only matters if the web root holds something unexpected. */
const CACHE_LIMIT_BYTES = 32 * 1024 * 1024;

type Encoding = 'br' | 'gzip';
const compressors: Record<Encoding, (data: Buffer) => Promise<Buffer>> = {
  // Quality 10, not 11: close in size, several times faster for the one time each file is compressed.
  br: (data) => promisify(brotliCompress)(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 10, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } }),
  gzip: (data) => promisify(gzip)(data, { level: 9 }),
};

/** The client's preferred encoding we can give: Brotli, then gzip, honouring `q=0`. */
export function pickEncoding(acceptEncoding: string | undefined): Encoding | undefined {
  if (!acceptEncoding) return undefined;
  const accepted = new Map<string, number>();
  for (const part of acceptEncoding.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    accepted.set(name, q ? Number(q.slice(2)) || 0 : 1);
  }
  const wildcard = accepted.get('*') ?? 0;
  for (const encoding of ['br', 'gzip'] as const) if ((accepted.get(encoding) ?? wildcard) > 0) return encoding;
  return undefined;
}

/**
 * Compressed copies of the app's files, made once per file version (path, size and mtime) and kept in memory:
 * the first load of the app transfers about a third of its bytes (issue 8). A `.br` / `.gz` file beside the
 * original (precompressed at build) is used as it is.
 */
class CompressedCache {
  readonly #entries = new Map<string, Promise<Buffer>>();
  #bytes = 0;

  get(file: string, version: string, encoding: Encoding): Promise<Buffer> {
    const key = `${encoding}\0${file}\0${version}`;
    let entry = this.#entries.get(key);
    if (!entry) {
      entry = this.#make(file, encoding);
      this.#entries.set(key, entry);
      entry.then(
        (body) => this.#account(body.length),
        () => this.#entries.delete(key),
      );
    }
    return entry;
  }

  async #make(file: string, encoding: Encoding): Promise<Buffer> {
    const precompressed = await readFile(`${file}.${encoding === 'br' ? 'br' : 'gz'}`).catch(() => null);
    return precompressed ?? compressors[encoding](await readFile(file));
  }

  #account(bytes: number): void {
    this.#bytes += bytes;
    // A rebuild leaves stale versions behind; past the bound, start over (the next requests recompress).
    if (this.#bytes > CACHE_LIMIT_BYTES) {
      this.#entries.clear();
      this.#bytes = 0;
    }
  }
}

/**
 * Serves the built single-page web app: hashed assets (`/_app/immutable/`) cached for a year, index.html
 * (never cached) for every other path so that client-side routes survive a reload, and text files Brotli- or
 * gzip-compressed when the browser accepts it (`Vary: Accept-Encoding`).
 */
export function createStaticHandler(root: string) {
  const base = path.resolve(root);
  const compressed = new CompressedCache();
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
    const extension = path.extname(file);
    res.statusCode = 200;
    res.setHeader('content-type', TYPES[extension] ?? 'application/octet-stream');
    res.setHeader('cache-control', file.includes(`${path.sep}immutable${path.sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');

    if (COMPRESSIBLE.has(extension) && info.size >= MIN_COMPRESS_BYTES) {
      // Caches must keep the encodings apart, whichever this response carries.
      res.setHeader('vary', 'Accept-Encoding');
      const encoding = pickEncoding(req.headers['accept-encoding']);
      const body = encoding ? await compressed.get(file, `${info.size}:${info.mtimeMs}`, encoding).catch(() => null) : null;
      if (encoding && body) {
        res.setHeader('content-encoding', encoding);
        res.setHeader('content-length', body.length);
        res.end(req.method === 'HEAD' ? undefined : body);
        return;
      }
    }
    res.setHeader('content-length', info.size);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    // pipeline: a file gone between stat and read (a rebuild while serving) ends this response, not the process.
    pipeline(createReadStream(file), res).catch(() => res.destroy());
  };
}
