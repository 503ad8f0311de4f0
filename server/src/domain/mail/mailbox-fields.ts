// Checks of what people type about a mailbox: its name (IMAP uses '/' as the hierarchy separator, so it cannot
// appear in a name), colour, sort order and role.

import { MAIL_LIMITS } from './mail-limits.ts';
import { invalid, overLimit } from './mail-errors.ts';
import { MAILBOX_PALETTE, MAILBOX_ROLES, type MailboxRole } from './mailbox.ts';

export const HIERARCHY_SEPARATOR = '/';
/** Controls (C0, DEL, C1) and the Unicode line and paragraph separators would break IMAP lines and listings. */
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;
const HEX_COLOUR = /^#[0-9a-f]{6}$/;
const MAX_SORT_ORDER = 2 ** 31 - 1;
const encoder = new TextEncoder();

/** A mailbox name as stored: NFC, checked; `invalid` with a reason otherwise. */
export function parseMailboxName(input: string): string {
  const name = input.normalize('NFC');
  if (name.trim() === '') throw invalid('mailbox', name, 'emptyName');
  if (name.includes(HIERARCHY_SEPARATOR)) throw invalid('mailbox', name, 'separatorInName');
  if (CONTROL.test(name)) throw invalid('mailbox', name, 'controlCharacter');
  // Leading or trailing spaces make two names that look the same; refuse rather than trim silently.
  if (name !== name.trim()) throw invalid('mailbox', name, 'surroundingSpaces');
  const bytes = encoder.encode(name).length;
  if (bytes > MAIL_LIMITS.maxMailboxNameBytes) {
    throw overLimit('mailbox', name.slice(0, 64), 'nameTooLong', MAIL_LIMITS.maxMailboxNameBytes);
  }
  return name;
}

/** IMAP reserves INBOX, in any case, for the inbox at the root: no other root mailbox may take that name. */
export function isReservedRootName(name: string): boolean {
  return name.toLowerCase() === 'inbox';
}

export function parseColour(input: string | null): string | null {
  if (input === null) return null;
  const colour = input.trim().toLowerCase();
  if (HEX_COLOUR.test(colour) || (MAILBOX_PALETTE as readonly string[]).includes(colour)) return colour;
  throw invalid('mailbox', input, 'invalidColour');
}

export function parseSortOrder(input: number): number {
  if (!Number.isSafeInteger(input) || input < 0 || input > MAX_SORT_ORDER) {
    throw invalid('mailbox', String(input), 'invalidSortOrder');
  }
  return input;
}

export function parseRole(input: string | null): MailboxRole | null {
  if (input === null) return null;
  const role = input.toLowerCase();
  if (!(MAILBOX_ROLES as readonly string[]).includes(role)) throw invalid('mailbox', input, 'unknownRole');
  return role as MailboxRole;
}
