// From a parsed message to an email row (metadata stored once, so nothing is reparsed to serve IMAP or JMAP),
// and from rows back to Email objects.

import type { Insertable, Selectable } from 'kysely';
import type { EmailAddress, ParsedMessage } from '#formats/mime';
import { type EmailsTable, prepareInsert } from '#store';
import type { Email, EmailStructure } from './email.ts';
import { keywordsJson } from './keywords.ts';
import { indexedSubject } from './threading.ts';

export type EmailRow = Selectable<EmailsTable>;

/**
 * Emails are looked up by id alone, then kept when they are the account's: with `account_id = ?` in the query
 * too, SQLite without fresh statistics picks an account index and reads every email of the account, 100,000
 * rows for a 100-email batch of a large mailbox, instead of 100 primary-key lookups.
 */
export function ownedBy(accountId: string) {
  return <Row extends { readonly account_id: string }>(rows: Row[]): Row[] =>
    rows.filter((row) => row.account_id === accountId);
}

export interface NewEmailFields {
  readonly id: string;
  readonly accountId: string;
  readonly blobId: string;
  readonly headerCache: Uint8Array | undefined;
  readonly threadId: string;
  readonly normalizedSubject: string;
  readonly receivedAt: number;
  readonly keywords: readonly string[];
  readonly modseq: number;
  readonly now: number;
}

export function newEmailRow(parsed: ParsedMessage, fields: NewEmailFields): Insertable<EmailsTable> {
  const structure: EmailStructure = {
    headerSize: parsed.headerSize,
    lineCount: parsed.lineCount,
    structure: parsed.structure,
    envelope: parsed.envelope,
    attachments: parsed.attachments,
    listId: parsed.listId ?? null,
    defects: parsed.defects,
  };
  return {
    id: fields.id,
    account_id: fields.accountId,
    blob_id: fields.blobId,
    thread_id: fields.threadId,
    size: parsed.size,
    received_at: fields.receivedAt,
    sent_at: parsed.sentAt ?? null,
    message_id: parsed.messageId ?? null,
    in_reply_to: JSON.stringify(parsed.inReplyTo),
    message_references: JSON.stringify(parsed.references),
    subject: parsed.subject,
    normalized_subject: indexedSubject(fields.normalizedSubject),
    from_addresses: JSON.stringify(parsed.from),
    sender_addresses: JSON.stringify(parsed.sender),
    reply_to_addresses: JSON.stringify(parsed.replyTo),
    to_addresses: JSON.stringify(parsed.to),
    cc_addresses: JSON.stringify(parsed.cc),
    bcc_addresses: JSON.stringify(parsed.bcc),
    preview: parsed.preview,
    has_attachment: parsed.hasAttachment ? 1 : 0,
    structure: JSON.stringify(structure),
    keywords: keywordsJson(fields.keywords),
    modseq: fields.modseq,
    created_at: fields.now,
    header_cache: fields.headerCache ?? null,
  };
}

/** Every column but the structure JSON, which only some readers need. */
export const EMAIL_COLUMNS = [
  'id',
  'blob_id',
  'thread_id',
  'size',
  'received_at',
  'sent_at',
  'message_id',
  'in_reply_to',
  'message_references',
  'subject',
  'normalized_subject',
  'from_addresses',
  'sender_addresses',
  'reply_to_addresses',
  'to_addresses',
  'cc_addresses',
  'bcc_addresses',
  'preview',
  'has_attachment',
  'keywords',
  'modseq',
] as const;

/** The emails insert of an import, prepared (store/prepared-query.ts): every column newEmailRow() gives. */
export const insertEmailRows = prepareInsert('emails', [
  ...EMAIL_COLUMNS,
  'account_id',
  'structure',
  'created_at',
  'header_cache',
]);

export type EmailSummaryRow = Pick<EmailRow, (typeof EMAIL_COLUMNS)[number]> & {
  structure?: string;
  header_cache?: Uint8Array | null;
};

function addresses(json: string): readonly EmailAddress[] {
  return JSON.parse(json) as EmailAddress[];
}

export function toEmail(
  row: EmailSummaryRow,
  keywords: (json: string) => readonly string[],
  mailboxUids: Readonly<Record<string, number>> | undefined,
): Email {
  const sentAt = row.sent_at === null ? null : new Date(Number(row.sent_at));
  return {
    id: row.id,
    blobId: row.blob_id,
    threadId: row.thread_id,
    ...(mailboxUids === undefined ? {} : { mailboxUids }),
    keywords: keywords(row.keywords),
    size: Number(row.size),
    receivedAt: new Date(Number(row.received_at)),
    sentAt,
    messageId: row.message_id,
    inReplyTo: JSON.parse(row.in_reply_to) as string[],
    references: JSON.parse(row.message_references) as string[],
    subject: row.subject,
    normalizedSubject: row.normalized_subject,
    from: addresses(row.from_addresses),
    sender: addresses(row.sender_addresses),
    replyTo: addresses(row.reply_to_addresses),
    to: addresses(row.to_addresses),
    cc: addresses(row.cc_addresses),
    bcc: addresses(row.bcc_addresses),
    preview: row.preview,
    hasAttachment: Number(row.has_attachment) === 1,
    modseq: Number(row.modseq),
    ...(row.structure === undefined ? {} : { structure: JSON.parse(row.structure) as EmailStructure }),
    ...(row.header_cache === undefined ? {} : { headerCache: row.header_cache }),
  };
}
