// Request headers of WebDAV methods: Depth (RFC 4918 §10.2) and the ETag preconditions If-Match /
// If-None-Match (RFC 9110 §13.1). Strong comparison only: a weak ETag (W/"…") never matches ours.
// Security: header values are hostile and bounded.

import { ParseError } from '#core/errors';
import { DAV_WIRE_LIMITS } from './dav-wire-limits.ts';

export type Depth = '0' | '1' | 'infinity';

/** Depth, or `fallback` when absent; ParseError for any other value. */
export function parseDepth(value: string | undefined, fallback: Depth): Depth {
  if (value === undefined) return fallback;
  const trimmed = value.trim().toLowerCase();
  if (trimmed === '0' || trimmed === '1' || trimmed === 'infinity') return trimmed;
  throw new ParseError('badDepth', 'Depth must be 0, 1 or infinity');
}

/** `*`, a list of quoted ETags, or undefined when the header is absent. */
export function parseEtagList(value: string | undefined): readonly string[] | '*' | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '*') return '*';
  const tags = trimmed.match(/(W\/)?"[^"]*"/g) ?? [];
  if (tags.length === 0 || tags.length > DAV_WIRE_LIMITS.maxEtags)
    throw new ParseError('badEtag', 'If-Match / If-None-Match must be * or a list of quoted ETags');
  return tags.filter((tag) => !tag.startsWith('W/'));
}
