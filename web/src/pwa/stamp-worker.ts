// Puts a build's precache list into the built service worker (pwa-build-plugin.ts): the worker's source holds
// PRECACHE_PLACEHOLDER as a string literal, which becomes the manifest as a JSON string literal, which the
// worker parses. Anything but exactly one placeholder is a build error, not a worker that caches nothing.

import { PRECACHE_PLACEHOLDER } from './cache-names.ts';
import type { PrecacheManifest } from './precache-manifest.ts';

export function stampWorker(code: string, manifest: PrecacheManifest): string {
  const placeholder = new RegExp(`(["'\`])${PRECACHE_PLACEHOLDER}\\1`, 'g');
  const found = code.match(placeholder)?.length ?? 0;
  if (found !== 1)
    throw new Error(`the service worker has the precache placeholder ${found} times, not once`);
  // JSON is a valid JavaScript string literal once stringified again (U+2028 included, since ES2019).
  return code.replace(placeholder, () => JSON.stringify(JSON.stringify(manifest)));
}
