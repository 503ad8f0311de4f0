// The service worker's cache names: one cache per build, named after the build's version (a hash of what it
// precaches, precache-manifest.ts), so a new build fills its own cache while the old one still serves, and
// the old is dropped on activation. Only names with our prefix are ever deleted: other code on the origin may
// own other caches.

const PREFIX = 'vercors-app-';

/**
 * Written in the worker's source and replaced at build time (pwa-build-plugin.ts) by the build's precache
 * manifest as a JSON string; the build fails if it does not find it exactly once.
 */
export const PRECACHE_PLACEHOLDER = '__VERCORS_PRECACHE_MANIFEST__';

/** The cache a build's worker fills and serves from. */
export function cacheName(version: string): string {
  return `${PREFIX}${version}`;
}

/** The caches an activated worker deletes: earlier builds' only. */
export function staleCaches(names: readonly string[], version: string): string[] {
  const current = cacheName(version);
  return names.filter((name) => name.startsWith(PREFIX) && name !== current);
}
