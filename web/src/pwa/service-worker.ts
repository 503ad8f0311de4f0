// The webmail's service worker, built into /mail/sw.js by pwa-build-plugin.ts with the build's precache list
// put in. It keeps the app's own files so the app opens without a network: the page (for every page load
// under /mail/, cache first) and the build's scripts, styles, icons and manifest. It never answers anything
// else (request-strategy.ts): JMAP, /auth, /login, downloads, uploads and push always go to the server, so
// no stale mail and no personal data are ever cached. A new build's worker installs beside the running one
// and waits until the page asks it to take over (register-service-worker.ts, "Recharger").

import type { PrecacheManifest } from './precache-manifest.ts';
import { cacheName, PRECACHE_PLACEHOLDER, staleCaches } from './cache-names.ts';
import { APP_SCOPE, ASSETS_PATH, strategyFor } from './request-strategy.ts';
import { SKIP_WAITING } from './worker-messages.ts';

// The DOM library the web app compiles with has no worker types; these are the few this file uses.
interface ExtendableEvent extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEvent extends ExtendableEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerMessageEvent extends ExtendableEvent {
  readonly data: unknown;
}
interface WorkerScope {
  readonly location: { readonly origin: string };
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void;
  addEventListener(type: 'message', listener: (event: WorkerMessageEvent) => void): void;
}

const worker = globalThis as unknown as WorkerScope;
const BUILD = JSON.parse(PRECACHE_PLACEHOLDER) as PrecacheManifest;
const CACHE = cacheName(BUILD.version);

// Install: store this build's files. The page and manifest are asked past the HTTP cache (they are not
// hashed); the hashed assets may come from it, they cannot have changed.
worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        cache.addAll(
          BUILD.urls.map(
            (url) => new Request(url, { cache: url.startsWith(ASSETS_PATH) ? 'default' : 'no-cache' }),
          ),
        ),
      ),
  );
});

// Activate: drop earlier builds' caches, and serve the pages already open (the first install's too).
worker.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      await Promise.all(staleCaches(await caches.keys(), BUILD.version).map((name) => caches.delete(name)));
      await worker.clients.claim();
    })(),
  );
});

// The page asked the waiting worker to take over (the person chose to reload).
worker.addEventListener('message', (event) => {
  const data = event.data as { type?: unknown } | null;
  if (typeof data === 'object' && data !== null && data.type === SKIP_WAITING) {
    event.waitUntil(worker.skipWaiting());
  }
});

worker.addEventListener('fetch', (event) => {
  const strategy = strategyFor(event.request, worker.location.origin);
  if (strategy === 'network') return;
  event.respondWith(strategy === 'shell' ? shell(event.request) : cached(event.request));
});

/** Every page under /mail/ is the app's one page: this build's, from the cache; the server if it is gone. */
async function shell(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  return (await cache.match(APP_SCOPE)) ?? fetch(request);
}

/** A file of the build: from the cache, else fetched and kept (a large lazy file, left out of the install). */
async function cached(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const kept = await cache.match(request);
  if (kept !== undefined) return kept;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request, response.clone());
  return response;
}
