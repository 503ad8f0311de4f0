// A PatchObject (RFC 8620 §5.3) applied to a whole ContactCard: each key a JSON Pointer (RFC 6901, `~1` for
// `/`, `~0` for `~`) into the object, its value the new one (null removes it). Every part before the last must
// exist and be an object (never inside an array); one path may not be the prefix of another. A bad patch is
// invalidPatch.

import { InvalidPatch } from '../../standard/set-arguments.ts';

export interface PatchResult {
  readonly object: Record<string, unknown>;
  /** The top-level properties the patch touched (what is checked again). */
  readonly touched: ReadonlySet<string>;
}

function segmentsOf(path: string): string[] {
  if (path === '') throw new InvalidPatch('an empty path patches nothing');
  return path.split('/').map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function applyPatch(
  original: Readonly<Record<string, unknown>>,
  patch: Readonly<Record<string, unknown>>,
): PatchResult {
  const paths = Object.keys(patch);
  for (const path of paths)
    if (paths.some((other) => other !== path && other.startsWith(`${path}/`)))
      throw new InvalidPatch(`${path} and a path inside it are both patched`);
  const object = structuredClone(original) as Record<string, unknown>;
  const touched = new Set<string>();
  for (const [path, value] of Object.entries(patch)) {
    const segments = segmentsOf(path);
    const last = segments.pop() as string;
    let parent: Record<string, unknown> = object;
    for (const segment of segments) {
      const next = Object.hasOwn(parent, segment) ? parent[segment] : undefined;
      if (!isPlainObject(next)) throw new InvalidPatch(`${path}: ${segment} is not an object of the card`);
      parent = next;
    }
    if (value === null) delete parent[last];
    else parent[last] = value;
    touched.add(segments[0] ?? last);
  }
  return { object, touched };
}
