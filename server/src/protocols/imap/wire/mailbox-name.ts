// Mailbox names between the wire and the session (RFC 9051 §5.1): UTF-8 for IMAP4rev2 and UTF8=ACCEPT
// clients (RFC 6855), modified UTF-7 for IMAP4rev1 ones; and INBOX, the one name that is case-insensitive.

import { decodeModifiedUtf7, encodeModifiedUtf7 } from './mailbox-name-utf7.ts';

export interface MailboxNameOptions {
  /** The client enabled IMAP4rev2 or UTF8=ACCEPT: names travel as UTF-8, `&` is just `&`. */
  readonly utf8: boolean;
}

/** The name a client sent (as expectMailbox returned it) as the Unicode name we store. */
export function decodeMailboxName(wire: string, options: MailboxNameOptions): string {
  return options.utf8 ? wire : decodeModifiedUtf7(wire);
}

/** A stored name as this client must see it. */
export function encodeMailboxName(name: string, options: MailboxNameOptions): string {
  return options.utf8 ? name : encodeModifiedUtf7(name);
}

/**
 * `inbox`, `Inbox`… all mean INBOX (RFC 9051 §5.1), and so does that prefix of its children (`inbox/Sent` is
 * `INBOX/Sent`), as Dovecot and Cyrus read it: otherwise a client could create a second "inbox" tree.
 */
export function normalizeInboxName(name: string, delimiter: string): string {
  if (name.length < 5 || name.slice(0, 5).toUpperCase() !== 'INBOX') return name;
  if (name.length === 5) return 'INBOX';
  return delimiter !== '' && name.startsWith(delimiter, 5) ? `INBOX${name.slice(5)}` : name;
}
