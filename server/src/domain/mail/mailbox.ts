// What the mail module hands out about mailboxes, and what it accepts to create or change one.
// Names follow JMAP (RFC 8621 §2) and IMAP (uidValidity, uidNext, highestModseq; RFC 9051, RFC 7162).

/** JMAP/IMAP special-use roles (IANA "IMAP Mailbox Name Attributes"), lower case. */
export const MAILBOX_ROLES = [
  'inbox',
  'sent',
  'drafts',
  'trash',
  'junk',
  'archive',
  'all',
  'flagged',
  'important',
  'scheduled',
  'snoozed',
  'subscribed',
  'templates',
  'memos',
] as const;
export type MailboxRole = (typeof MAILBOX_ROLES)[number];

/** The mailboxes every account gets at creation, in display order. */
export const DEFAULT_MAILBOX_ROLES = ['inbox', 'drafts', 'sent', 'archive', 'junk', 'trash'] as const;

/** Colour names a mailbox may carry instead of #rrggbb (the web app's palette). */
export const MAILBOX_PALETTE = [
  'red',
  'orange',
  'yellow',
  'green',
  'teal',
  'blue',
  'indigo',
  'purple',
  'pink',
  'brown',
  'grey',
] as const;

export interface Mailbox {
  readonly id: string;
  /** null at the root of the tree. */
  readonly parentId: string | null;
  /** Display name (the inbox's is the account's language; IMAP shows it as INBOX). */
  readonly name: string;
  readonly role: MailboxRole | null;
  /** #rrggbb (lower case) or a MAILBOX_PALETTE name; null when none. */
  readonly colour: string | null;
  readonly sortOrder: number;
  readonly isSubscribed: boolean;
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly highestModseq: number;
  readonly totalEmails: number;
  readonly unreadEmails: number;
  /** Threads with at least one email in this mailbox. */
  readonly totalThreads: number;
  /** Threads with at least one unread email in this mailbox. */
  readonly unreadThreads: number;
  /** Bytes of the emails in this mailbox (IMAP STATUS SIZE). */
  readonly size: number;
  readonly createdAt: Date;
}

export interface NewMailbox {
  readonly name: string;
  /** Absent or null: at the root. */
  readonly parentId?: string | null;
  readonly role?: MailboxRole | null;
  readonly colour?: string | null;
  readonly sortOrder?: number;
  /** Default true (JMAP leaves it to the server; IMAP clients expect new folders to show). */
  readonly isSubscribed?: boolean;
}

/** Absent fields stay as they are. */
export interface MailboxChanges {
  readonly name?: string;
  readonly parentId?: string | null;
  readonly role?: MailboxRole | null;
  readonly colour?: string | null;
  readonly sortOrder?: number;
  readonly isSubscribed?: boolean;
}

export interface DestroyMailboxOptions {
  /**
   * JMAP onDestroyRemoveEmails / IMAP DELETE: remove the mailbox's emails from it (destroying those left in no
   * mailbox). When false, a mailbox that still holds emails is refused (inUse, reason hasEmails).
   */
  readonly removeEmails: boolean;
}

/** IMAP SELECT/STATUS numbers of one mailbox. */
export interface MailboxStatus {
  readonly uidValidity: number;
  readonly uidNext: number;
  readonly highestModseq: number;
  readonly totalEmails: number;
  readonly unreadEmails: number;
  readonly size: number;
}

/** One message as a mailbox view lists it, in UID order: IMAP numbers its sequence from these. */
export interface MailboxViewEntry {
  readonly uid: number;
  readonly emailId: string;
  /** Lower case, sorted; shared between entries with the same keywords. */
  readonly keywords: readonly string[];
  /** IMAP MODSEQ of the message in this mailbox. */
  readonly modseq: number;
}

/** A mailbox's numbers with what vanished and changed since a modseq (empty when HIGHESTMODSEQ has not moved). */
export interface MailboxDelta {
  readonly status: MailboxStatus;
  readonly vanished: VanishedUids;
  /** In UID order. */
  readonly changed: readonly MailboxViewEntry[];
}

export interface VanishedUids {
  /** UIDs expunged after the given modseq, ascending. */
  readonly uids: readonly number[];
  /**
   * False when tombstones older than the given modseq were pruned: some expunged UIDs may be missing, and IMAP
   * must fall back to reporting every UID of the client's known range that no longer exists (RFC 7162 §3.2.5.1).
   */
  readonly isExact: boolean;
}
