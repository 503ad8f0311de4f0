// The DAV:sync-token URI (RFC 6578 §3.2: opaque to the client) and the SyncPosition it carries. A complete
// answer's token is the book's version: `http://vercors.fr/ns/sync/<since>`. A cut answer's (§3.6) adds where
// it stopped: `…/sync/<since or ->/<version>/<base64url of the last resource name>`.
// Security: the token comes from the client; anything but these exact shapes is not ours (valid-sync-token).

import { CONTACT_LIMITS } from '#domain/contacts';
import type { SyncPosition } from './collection-provider.ts';

const PREFIX = 'http://vercors.fr/ns/sync/';
/** Versions are modseqs or 48-bit listing versions: at most 15 digits, exact in a double. */
const VERSION = String.raw`\d{1,15}`;
/** base64url of a resource name: 4 characters per 3 UTF-8 bytes of at most 255 characters of up to 4 bytes. */
const NAME = `[A-Za-z0-9_-]{1,${Math.ceil((CONTACT_LIMITS.maxResourceNameChars * 4) / 3) + 4}}`;
const SHAPE = new RegExp(`^${PREFIX.replace(/[./]/g, '\\$&')}(${VERSION}|-)(?:/(${VERSION})/(${NAME}))?$`);

/** The sync-token URI of a position (a number: a book's version, as DAV:sync-token shows it). */
export function syncTokenUri(position: SyncPosition | number): string {
  const { since, resume } = typeof position === 'number' ? { since: position, resume: undefined } : position;
  const head = `${PREFIX}${since ?? '-'}`;
  if (resume === undefined) return head;
  return `${head}/${resume.version}/${Buffer.from(resume.name, 'utf8').toString('base64url')}`;
}

/** The position a sync token carries, or undefined when it is not one of ours. */
export function parseSyncToken(token: string): SyncPosition | undefined {
  const match = SHAPE.exec(token.trim());
  if (match === null) return undefined;
  const [, since, version, encoded] = match;
  const position = since === '-' || since === undefined ? {} : { since: Number(since) };
  if (version === undefined || encoded === undefined) return since === '-' ? undefined : position;
  const name = Buffer.from(encoded, 'base64url').toString('utf8');
  // Only what we wrote decodes back to itself (no lone surrogate, no loose base64 padding bits).
  if (name === '' || Buffer.from(name, 'utf8').toString('base64url') !== encoded) return undefined;
  return { ...position, resume: { version: Number(version), name } };
}
