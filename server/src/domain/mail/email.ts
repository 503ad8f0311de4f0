// What the mail module hands out about emails and threads, and the inputs of import, keyword, move and query
// calls. Names follow JMAP (RFC 8621 §4); IMAP reads the same objects (UIDs and MODSEQ come from mailboxes).

import type { DomainError } from '#core/errors';
import type { AttachmentInfo, EmailAddress, EnvelopeFields, MimePart, ParseDefect } from '#formats/mime';
import type { MailboxRole } from './mailbox.ts';

/** Everything IMAP FETCH ENVELOPE/BODYSTRUCTURE/BODY[section] and JMAP body parts need, without reparsing. */
export interface EmailStructure {
  /** Bytes of the top-level header block including the blank line (BODY[HEADER]). */
  readonly headerSize: number;
  readonly lineCount: number;
  readonly structure: MimePart;
  readonly envelope: EnvelopeFields;
  readonly attachments: readonly AttachmentInfo[];
  readonly listId: string | null;
  readonly defects: readonly ParseDefect[];
}

export interface Email {
  readonly id: string;
  readonly blobId: string;
  readonly threadId: string;
  /** mailbox id → the email's UID there (JMAP mailboxIds are the keys). Present unless left out by `properties`. */
  readonly mailboxUids?: Readonly<Record<string, number>>;
  /** Lower case, sorted. */
  readonly keywords: readonly string[];
  readonly size: number;
  readonly receivedAt: Date;
  readonly sentAt: Date | null;
  readonly messageId: string | null;
  readonly inReplyTo: readonly string[];
  readonly references: readonly string[];
  readonly subject: string;
  /** RFC 5256 base subject, case-folded: what threading and SORT SUBJECT compare. */
  readonly normalizedSubject: string;
  readonly from: readonly EmailAddress[];
  readonly sender: readonly EmailAddress[];
  readonly replyTo: readonly EmailAddress[];
  readonly to: readonly EmailAddress[];
  readonly cc: readonly EmailAddress[];
  readonly bcc: readonly EmailAddress[];
  readonly preview: string;
  readonly hasAttachment: boolean;
  /** The modseq of the email's last change (keywords or mailboxes). */
  readonly modseq: number;
  /** Present unless left out by `properties`. */
  readonly structure?: EmailStructure;
  /**
   * The raw lines of the cached header fields (formats/mime/header-cache.ts), when asked for: null when the
   * email has none (stored before the cache existed, or over its size limit).
   */
  readonly headerCache?: Uint8Array | null;
}

/**
 * What IMAP FETCH reads of an email's row: no addresses, subjects or references to decode (ENVELOPE comes from
 * the structure), so a FETCH of 1,000 messages costs 1,000 narrow rows.
 */
export type EmailSummary = Pick<Email, 'id' | 'size' | 'receivedAt' | 'structure' | 'headerCache'> & {
  /** Only when asked for (IMAP THREADID): node:sqlite makes a string per column per row. */
  readonly threadId?: string;
  /** Only when asked for (IMAP PREVIEW): 256 characters per row that listings do not read. */
  readonly preview?: string;
  /**
   * Only when asked for (IMAP BODY[], RFC822…): the email's bytes as getEmailBytes gives them, from the blob
   * this row names, without looking the email up again.
   */
  readonly readBytes?: (range?: {
    readonly start: number;
    readonly end: number;
  }) => Promise<AsyncIterable<Uint8Array>>;
  /**
   * With the `content` detail, for a message the store keeps with its rows: its bytes, already read (the same
   * octets readBytes gives), so a caller may answer from them without a turn of the event loop.
   */
  readonly content?: Uint8Array;
};

/** A message of a mailbox: its UID there and its email (getHeaderSummaries). */
export interface MailboxMessage {
  readonly uid: number;
  readonly emailId: string;
}

/**
 * What getEmailSummaries adds to the narrow row when asked. `content`, with `bytes`: a message the store keeps
 * with its rows (small ones, blobs.in-database-max) comes in the same statement, so readBytes needs no second
 * read; for a few messages at a time (a client fetching one BODY[]), since each may hold that many octets.
 */
export type SummaryDetail = 'structure' | 'headerCache' | 'preview' | 'threadId' | 'bytes' | 'content';

/**
 * The parts of an Email that cost more than its row; getEmails loads them when asked (default: mailboxUids and
 * structure; the header cache only for IMAP's header fetches).
 */
export type EmailDetail = 'mailboxUids' | 'structure' | 'headerCache';

export interface ImportOptions {
  /** Where the email goes; give mailboxIds or mailboxRole (SMTP delivery names the inbox by role). */
  readonly mailboxIds?: readonly string[];
  readonly mailboxRole?: MailboxRole;
  readonly keywords?: readonly string[];
  /** IMAP INTERNALDATE / JMAP receivedAt; default now. */
  readonly receivedAt?: Date;
  /** The import acknowledges the message to a sender (SMTP 250, IMAP APPEND OK): commit durably. */
  readonly isDurable?: boolean;
}

export interface ImportedEmail {
  readonly emailId: string;
  readonly threadId: string;
  readonly blobId: string;
  readonly size: number;
  readonly modseq: number;
  /** One entry per mailbox, in the order given (IMAP APPENDUID). */
  readonly uids: readonly {
    readonly mailboxId: string;
    readonly uidValidity: number;
    readonly uid: number;
  }[];
}

export interface ImportRequest {
  readonly accountId: string;
  readonly raw: Uint8Array;
  readonly options: Omit<ImportOptions, 'isDurable'>;
}

/**
 * A grouped import on its way (MailService.announceGroupedImport): withdrawn by importMessages once its messages
 * are queued, or by the caller when it will not come after all. Idempotent.
 */
export interface ImportAnnouncement {
  withdraw(): void;
}

/** One result per request of importMessages: a refusal for one recipient does not fail the others. */
export type ImportOutcome =
  | { readonly ok: true; readonly email: ImportedEmail }
  | { readonly ok: false; readonly error: DomainError };

/** Which emails a keyword, move or copy call acts on: JMAP names emails, IMAP names UIDs of one mailbox. */
export type EmailSelection =
  | { readonly emailIds: readonly string[] }
  | { readonly mailboxId: string; readonly uids: readonly number[] };

export interface SelectedEmail {
  readonly emailId: string;
  /** The UID in the selection's mailbox, when the selection named a mailbox. */
  readonly uid?: number;
}

export interface KeywordOptions {
  /**
   * CONDSTORE UNCHANGEDSINCE: skip (and report in `modified`) every email whose modseq — in the selection's
   * mailbox for a UID selection, the email's own otherwise — is greater than this.
   */
  readonly ifUnchangedSince?: number;
}

export interface KeywordUpdate {
  /** The modseq of this change; undefined when nothing changed. */
  readonly modseq: number | undefined;
  /** Emails whose keywords changed, with the keywords they now have, in selection order. */
  readonly updated: readonly (SelectedEmail & { readonly keywords: readonly string[] })[];
  /** Emails skipped because they changed after ifUnchangedSince (IMAP [MODIFIED]). */
  readonly modified: readonly SelectedEmail[];
  /** Email ids of the selection that do not exist in the account (UIDs that do not exist are simply absent). */
  readonly notFound: readonly string[];
}

export interface UidMapping {
  /** The target mailbox's UIDVALIDITY (IMAP COPYUID). */
  readonly uidValidity: number;
  /** The modseq of the change; undefined when nothing changed. */
  readonly modseq: number | undefined;
  /** Source UID (for a UID selection) → UID in the target, ascending by source. */
  readonly mapping: readonly (SelectedEmail & { readonly targetUid: number })[];
  readonly notFound: readonly string[];
}

export interface ExpungeResult {
  readonly modseq: number | undefined;
  /** UIDs removed, ascending (IMAP EXPUNGE/VANISHED responses). */
  readonly expunged: readonly number[];
}

export interface DestroyResult {
  readonly destroyed: readonly string[];
  readonly notFound: readonly string[];
}

export interface Thread {
  readonly id: string;
  /** Oldest first (JMAP Thread/get). */
  readonly emailIds: readonly string[];
}

export interface Quota {
  readonly limit: { readonly bytes: number; readonly messages: number };
  readonly used: { readonly bytes: number; readonly messages: number };
}
