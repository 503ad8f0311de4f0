// JMAP for Mail (RFC 8621) objects as the server sends them: Mailbox, Thread and Email. The rest join as
// their methods land.

import type { JmapId, UtcDate } from './core.ts';

/** RFC 8621 §2: what the user may do with a mailbox. */
export interface MailboxRights {
  readonly mayReadItems: boolean;
  readonly mayAddItems: boolean;
  readonly mayRemoveItems: boolean;
  readonly maySetSeen: boolean;
  readonly maySetKeywords: boolean;
  readonly mayCreateChild: boolean;
  readonly mayRename: boolean;
  readonly mayDelete: boolean;
  readonly maySubmit: boolean;
}

export interface JmapMailbox {
  readonly id: JmapId;
  readonly name: string;
  readonly parentId: JmapId | null;
  readonly role: string | null;
  readonly sortOrder: number;
  readonly totalEmails: number;
  readonly unreadEmails: number;
  readonly totalThreads: number;
  readonly unreadThreads: number;
  readonly myRights: MailboxRights;
  readonly isSubscribed: boolean;
  /** Vercors extension (urn:vercors:jmap): #rrggbb or a palette name, null when none. */
  readonly color: string | null;
}

export interface JmapThread {
  readonly id: JmapId;
  readonly emailIds: readonly JmapId[];
}

/** RFC 8621 §4.1.2.3: one mailbox of an address header; `name` is null when the header gives none. */
export interface JmapEmailAddress {
  readonly name: string | null;
  readonly email: string;
}

/** RFC 8621 §4.1.2.4: a group of addresses; `name` is null for addresses outside any group. */
export interface JmapEmailAddressGroup {
  readonly name: string | null;
  readonly addresses: readonly JmapEmailAddress[];
}

/** RFC 8621 §4.1.2: one header field, its value as raw as it came (the Raw form). */
export interface JmapEmailHeader {
  readonly name: string;
  readonly value: string;
}

/**
 * RFC 8621 §4.1.4: one MIME part. `partId` and `blobId` are null for a multipart, which has `subParts`
 * instead. Email/get returns only the properties asked for (`bodyProperties`), plus `header:…` forms.
 */
export interface JmapEmailBodyPart {
  readonly partId: string | null;
  readonly blobId: JmapId | null;
  readonly size: number;
  readonly headers: readonly JmapEmailHeader[];
  readonly name: string | null;
  readonly type: string;
  readonly charset: string | null;
  readonly disposition: string | null;
  readonly cid: string | null;
  readonly language: readonly string[] | null;
  readonly location: string | null;
  readonly subParts: readonly JmapEmailBodyPart[] | null;
}

/** RFC 8621 §4.1.4: the decoded text of a text/* part. */
export interface JmapEmailBodyValue {
  readonly value: string;
  readonly isEncodingProblem: boolean;
  readonly isTruncated: boolean;
}

/**
 * RFC 8621 §4.1: an email as Email/get describes it. A response holds only the properties asked for, and may
 * add `header:{name}[:{form}][:all]` properties.
 */
export interface JmapEmail {
  readonly id: JmapId;
  readonly blobId: JmapId;
  readonly threadId: JmapId;
  readonly mailboxIds: Readonly<Record<JmapId, true>>;
  readonly keywords: Readonly<Record<string, true>>;
  readonly size: number;
  readonly receivedAt: UtcDate;
  readonly headers: readonly JmapEmailHeader[];
  readonly messageId: readonly string[] | null;
  readonly inReplyTo: readonly string[] | null;
  readonly references: readonly string[] | null;
  readonly sender: readonly JmapEmailAddress[] | null;
  readonly from: readonly JmapEmailAddress[] | null;
  readonly to: readonly JmapEmailAddress[] | null;
  readonly cc: readonly JmapEmailAddress[] | null;
  readonly bcc: readonly JmapEmailAddress[] | null;
  readonly replyTo: readonly JmapEmailAddress[] | null;
  readonly subject: string | null;
  /** RFC 3339 date-time with the sender's offset (RFC 8620 §1.4 Date). */
  readonly sentAt: string | null;
  readonly bodyStructure: JmapEmailBodyPart;
  readonly bodyValues: Readonly<Record<string, JmapEmailBodyValue>>;
  readonly textBody: readonly JmapEmailBodyPart[];
  readonly htmlBody: readonly JmapEmailBodyPart[];
  readonly attachments: readonly JmapEmailBodyPart[];
  readonly hasAttachment: boolean;
  readonly preview: string;
}
