// JMAP for Mail (RFC 8621) objects as the server sends them: Mailbox and Thread. Email and the rest join as
// their methods land.

import type { JmapId } from './core.ts';

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
