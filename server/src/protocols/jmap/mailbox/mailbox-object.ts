// A domain Mailbox as JMAP shows it (RFC 8621 §2): counts from the mailbox ledger, rights of the owner, and
// the colour as the Vercors extension property `color`.

import type { JmapMailbox, MailboxRights } from '@vercors/contract';
import type { Mailbox } from '#domain/mail';

export const MAILBOX_PROPERTIES = [
  'id',
  'name',
  'parentId',
  'role',
  'sortOrder',
  'totalEmails',
  'unreadEmails',
  'totalThreads',
  'unreadThreads',
  'myRights',
  'isSubscribed',
  'color',
] as const;

/** The owner may do everything, except delete the inbox (the domain refuses it too). */
function rightsOf(mailbox: Mailbox): MailboxRights {
  return {
    mayReadItems: true,
    mayAddItems: true,
    mayRemoveItems: true,
    maySetSeen: true,
    maySetKeywords: true,
    mayCreateChild: true,
    mayRename: true,
    mayDelete: mailbox.role !== 'inbox',
    maySubmit: true,
  };
}

export function jmapMailbox(mailbox: Mailbox): JmapMailbox {
  return {
    id: mailbox.id,
    name: mailbox.name,
    parentId: mailbox.parentId,
    role: mailbox.role,
    sortOrder: mailbox.sortOrder,
    totalEmails: mailbox.totalEmails,
    unreadEmails: mailbox.unreadEmails,
    totalThreads: mailbox.totalThreads,
    unreadThreads: mailbox.unreadThreads,
    myRights: rightsOf(mailbox),
    isSubscribed: mailbox.isSubscribed,
    color: mailbox.colour,
  };
}
