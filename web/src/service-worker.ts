/// <reference no-default-lib="true"/>
/// <reference lib="esnext" />
/// <reference lib="webworker" />
import { version } from '$app/env';
import { assets, immutable } from '$app/manifest';
import { self } from '$app/service-worker';

/**
 * R16: the app shell offline. A box office that loses the network and reloads (or restarts the browser) must
 * still get the page, so the app and its offline queue (IndexedDB) come back. Only the built app is cached:
 * never /graphql — data and writes always go to the network, and the queue decides what waits.
 *
 * - the hashed build files and static files: cached at install, served cache-first;
 * - page navigations (every client route is the one index.html): network first, the cached shell when offline.
 */
const sw = self;
const CACHE = `kaikukanta-shell-${version}`;
const SHELL = '/';
const ASSETS = new Set([...immutable, ...assets].map((file) => `/${file.path.replace(/^\//, '')}`));

sw.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.addAll([SHELL, ...ASSETS]))
      .then(() => sw.skipWaiting()),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((key) => key !== CACHE).map((key) => caches.delete(key))))
      .then(() => sw.clients.claim()),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin || url.pathname.startsWith('/graphql')) return;

  if (ASSETS.has(url.pathname)) {
    event.respondWith(caches.match(url.pathname).then((cached) => cached ?? fetch(request)));
    return;
  }
  if (request.mode === 'navigate') {
    event.respondWith(
      fetch(request).then(
        async (response) => {
          // Keep the newest shell for the next time the network is gone.
          if (response.ok) await (await caches.open(CACHE)).put(SHELL, response.clone());
          return response;
        },
        async () => (await caches.match(SHELL)) ?? Response.error(),
      ),
    );
  }
});
