// The Email properties kept in the stored row (RFC 8621 §4.1.1–4.1.3 convenience properties): ids, mailboxes,
// keywords, dates, addresses, subject, preview. None of them opens the message.

import type { JmapEmailAddress } from '@vercors/contract';
import type { Email } from '#domain/mail';
import type { EmailAddress } from '#formats/mime';
import { messageBlobId } from '../blob/blob-ids.ts';
import { dateForm } from './header-form-values.ts';

/** A property kept in the email's row. */
export function rowProperty(email: Email, property: string): unknown {
  switch (property) {
    case 'id':
      return email.id;
    case 'blobId':
      return messageBlobId(email.id);
    case 'threadId':
      return email.threadId;
    case 'mailboxIds':
      return Object.fromEntries(Object.keys(email.mailboxUids ?? {}).map((id) => [id, true]));
    case 'keywords':
      return Object.fromEntries(email.keywords.map((keyword) => [keyword, true]));
    case 'size':
      return email.size;
    case 'receivedAt':
      return utcDate(email.receivedAt);
    case 'messageId':
      return email.messageId === null ? null : [email.messageId];
    case 'inReplyTo':
      return email.inReplyTo.length === 0 ? null : email.inReplyTo;
    case 'references':
      return email.references.length === 0 ? null : email.references;
    case 'sender':
    case 'from':
    case 'to':
    case 'cc':
    case 'bcc':
    case 'replyTo':
      return addresses(email[property]);
    // The stored subject is '' for a missing Subject: both read as no subject.
    case 'subject':
      return email.subject === '' ? null : email.subject;
    case 'sentAt':
      return sentAt(email);
    case 'hasAttachment':
      return email.hasAttachment;
    case 'preview':
      return email.preview;
    default:
      throw new Error(`unhandled Email property ${property}`);
  }
}

/**
 * The stored addresses; none reads as null (absent header). A header whose every address failed to parse
 * reads as null too: the row keeps no difference, and clients show both alike.
 */
function addresses(list: readonly EmailAddress[]): JmapEmailAddress[] | null {
  if (list.length === 0) return null;
  return list.map((address) => ({ name: address.name === '' ? null : address.name, email: address.address }));
}

/**
 * The Date header with the sender's own offset (RFC 8621 sentAt is a Date, not a UTCDate). When the header
 * does not parse as RFC 5322 but the importer still found a date in it, that instant is given in UTC.
 */
function sentAt(email: Email): string | null {
  const date = email.structure?.envelope.date;
  const parsed = date === undefined ? null : dateForm(Buffer.from(date, 'utf8'));
  if (parsed !== null) return parsed;
  return email.sentAt === null ? null : utcDate(email.sentAt);
}

/** RFC 8620 §1.4 UTCDate: seconds precision, `Z`. */
function utcDate(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
