// An entry of the senders whose remote images show without asking (Preferences.remoteImagesFrom, the
// Preferences contract): an address (`marie@example.fr`) or a whole domain (`@example.fr`), trimmed and lower
// case, each once, at most 255 bytes, at most the session's maxRemoteImagesFrom entries. Checked here as the
// server checks it, so the form says what is wrong before saving.

import { asciiDomain } from './address-syntax.ts';
import { utf8Bytes } from './text-bounds.ts';

/** Bytes of one entry: an address fits (RFC 5321 allows 254); anything longer is not one. */
export const MAX_REMOTE_IMAGES_ENTRY_BYTES = 255;
/** Entries in the list when the session does not state its bound (the contract's value). */
export const DEFAULT_MAX_REMOTE_IMAGES_FROM = 1000;

/** RFC 5321 §4.5.3.1.1: 64 octets of local part. */
const MAX_LOCAL_PART_BYTES = 64;
/**
 * A dot-atom local part (RFC 5322 §3.2.3), with UTF-8 beyond ASCII (RFC 6532), as the server's check
 * (server/src/domain/preferences/preferences-validation.ts): `+` allowed, no quoted forms or spaces.
 */
const LOCAL_PART =
  /^(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]|[^\p{ASCII}\p{C}\p{Z}])+(?:\.(?:[a-z0-9!#$%&'*+/=?^_`{|}~-]|[^\p{ASCII}\p{C}\p{Z}])+)*$/u;

export type RemoteImagesEntryProblem = 'empty' | 'invalid' | 'tooLong' | 'duplicate' | 'full';

export type RemoteImagesEntryCheck =
  | { readonly entry: string }
  | { readonly problem: RemoteImagesEntryProblem };

/** The entry as the server stores it: NFC, trimmed, lower case. */
export function normaliseRemoteImagesEntry(input: string): string {
  return input.normalize('NFC').trim().toLowerCase();
}

/** Is `entry` (already normalised) `local@domain` or `@domain`? */
export function isRemoteImagesEntry(entry: string): boolean {
  const at = entry.lastIndexOf('@');
  if (at < 0) return false;
  const localPart = entry.slice(0, at);
  const domain = entry.slice(at + 1);
  const isLocalPartValid =
    localPart === '' || (utf8Bytes(localPart) <= MAX_LOCAL_PART_BYTES && LOCAL_PART.test(localPart));
  // The server keeps the entry as typed, so a trailing dot (which a host name may have) is not accepted.
  return isLocalPartValid && !domain.endsWith('.') && asciiDomain(domain) !== undefined;
}

/** The entry to add to `list`, or why it cannot be added. */
export function checkRemoteImagesEntry(
  input: string,
  list: readonly string[],
  maxEntries: number,
): RemoteImagesEntryCheck {
  const entry = normaliseRemoteImagesEntry(input);
  if (entry === '') return { problem: 'empty' };
  if (utf8Bytes(entry) > MAX_REMOTE_IMAGES_ENTRY_BYTES) return { problem: 'tooLong' };
  if (!isRemoteImagesEntry(entry)) return { problem: 'invalid' };
  if (list.includes(entry)) return { problem: 'duplicate' };
  if (list.length >= maxEntries) return { problem: 'full' };
  return { entry };
}

/** The bound the session states (urn:vercors:jmap `preferences.maxRemoteImagesFrom`), else the contract's. */
export function maxRemoteImagesFrom(capability: unknown): number {
  const value = (capability as { preferences?: { maxRemoteImagesFrom?: unknown } } | undefined)?.preferences
    ?.maxRemoteImagesFrom;
  return typeof value === 'number' && Number.isInteger(value) && value > 0
    ? value
    : DEFAULT_MAX_REMOTE_IMAGES_FROM;
}
