// What the service worker does with each request (service-worker.ts): the pure decision, tested on its own.
// Only the app's own files under /mail/ are ever answered from a cache; JMAP, /auth, /login, downloads,
// uploads, push and /.well-known are never touched, so the worker cannot serve stale or someone else's data.

/** How a request is answered. `network`: the worker stays out of it (no respondWith), as if it were absent. */
export type Strategy = 'shell' | 'cached' | 'network';

/** The parts of a Request the decision reads. */
export interface RequestFacts {
  readonly method: string;
  readonly url: string;
  /** `Request.mode`: `navigate` for a page load. */
  readonly mode: string;
}

/** Where the app lives; its page answers every path below it (server/src/protocols/http/web-app-route.ts). */
export const APP_SCOPE = '/mail/';
/** The worker's own script: always from the server, or an update would never be seen. */
export const WORKER_PATH = `${APP_SCOPE}sw.js`;
/** The app's hashed files (cached for a year by the server, so a name never changes content). */
export const ASSETS_PATH = `${APP_SCOPE}assets/`;
/** The manifest the worker precaches beside the page. */
export const MANIFEST_PATH = `${APP_SCOPE}manifest.webmanifest`;

/**
 * `shell`: a page load under /mail/, answered with the cached page (the app routes in the browser).
 * `cached`: a file of the build (asset, manifest), from the cache, else the network.
 * `network`: everything else, in particular every API path, which lies outside /mail/.
 */
export function strategyFor(request: RequestFacts, origin: string): Strategy {
  if (request.method !== 'GET') return 'network';
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return 'network';
  }
  if (url.origin !== origin) return 'network';
  const path = url.pathname;
  if (!path.startsWith(APP_SCOPE) || path === WORKER_PATH) return 'network';
  if (path.startsWith(ASSETS_PATH) || path === MANIFEST_PATH) return 'cached';
  return request.mode === 'navigate' ? 'shell' : 'network';
}
