// What a build's service worker stores when it installs (build side, run by pwa-build-plugin.ts): the page,
// the scripts, styles, icons and the manifest, under the URLs the server serves them at, and a version that
// changes whenever any of them does. Source maps are left out (only developer tools read them), and so are
// files larger than MAX_PRECACHED_BYTES: those are stored the first time the app asks for them instead.

import { createHash } from 'node:crypto';

/** A file of the build, as Vite's bundle gives it. */
export interface BuiltFile {
  /** Relative to the build folder: `index.html`, `assets/index-abc.js`. */
  readonly fileName: string;
  readonly content: string | Uint8Array;
}

export interface PrecacheManifest {
  /** Changes with any precached byte: names the cache (cache-names.ts) and so makes a new build a new worker. */
  readonly version: string;
  /** Absolute paths, the page first (as `/mail/`, the URL a navigation asks for). */
  readonly urls: readonly string[];
}

/**
 * One file bigger than this (a dictionary, a large lazy chunk) would make every install slow on a school's
 * shared line; the worker still keeps it once fetched. The whole first-load app is well under it per file.
 */
export const MAX_PRECACHED_BYTES = 1024 * 1024;
/** Hex digits of the SHA-256 kept for the version: plenty to tell builds apart, short in a cache name. */
const VERSION_LENGTH = 16;
/** The worker itself is never precached (it must always come from the server). */
const NEVER_PRECACHED = new Set(['sw.js']);

export function precacheManifest(files: readonly BuiltFile[], base: string): PrecacheManifest {
  // Without its page the app cannot open offline: a build that lost it is a broken build, not a smaller cache.
  if (!files.some((file) => file.fileName === 'index.html')) throw new Error('the build has no index.html');
  const kept = files
    .filter(
      (file) =>
        !NEVER_PRECACHED.has(file.fileName) &&
        !file.fileName.endsWith('.map') &&
        (file.fileName === 'index.html' || byteLength(file.content) <= MAX_PRECACHED_BYTES),
    )
    .sort((a, b) => (a.fileName < b.fileName ? -1 : a.fileName > b.fileName ? 1 : 0));
  const hash = createHash('sha256');
  for (const file of kept) {
    // Name and length first, so moving bytes from one file to the next still changes the version.
    hash.update(`${file.fileName}\0${byteLength(file.content)}\0`);
    hash.update(file.content);
  }
  const urls = [
    base,
    ...kept.filter((file) => file.fileName !== 'index.html').map((file) => `${base}${file.fileName}`),
  ];
  return { version: hash.digest('hex').slice(0, VERSION_LENGTH), urls };
}

function byteLength(content: string | Uint8Array): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
}
