// STATUS data items (RFC 9051 §6.3.11, RFC 8438 SIZE, RFC 7162 HIGHESTMODSEQ, RFC 7889 APPENDLIMIT, RFC 8474
// MAILBOXID, RFC 9208 DELETED-STORAGE), shared by STATUS and LIST's RETURN (STATUS (…)) (RFC 5819).
// Most numbers are columns of the mailbox row MailboxNames already loaded; only DELETED and DELETED-STORAGE
// cost a read of the mailbox's messages (the store keeps no count of \Deleted), and only when asked.

import type { Mailbox } from '#domain/mail';
import type { CommandSession } from './command.ts';
import type { NamedMailbox } from './mailbox-names.ts';
import type { ArgumentCursor } from './wire/argument-cursor.ts';
import { encodeMailboxName } from './wire/mailbox-name.ts';

export const STATUS_ITEMS = [
  'MESSAGES',
  'UIDNEXT',
  'UIDVALIDITY',
  'UNSEEN',
  'DELETED',
  'DELETED-STORAGE',
  'SIZE',
  'HIGHESTMODSEQ',
  'RECENT',
  'APPENDLIMIT',
  'MAILBOXID',
] as const;
export type StatusItem = (typeof STATUS_ITEMS)[number];

/** Emails whose sizes one getEmails call reads for DELETED-STORAGE: bounded queries on a huge mailbox. */
const SIZE_READ_CHUNK = 1000;

/** status-att-list = "(" status-att *(SP status-att) ")": each item once, in the client's order. */
export function parseStatusItems(cursor: ArgumentCursor): StatusItem[] {
  const items = cursor.expectList((item) => item.expectKeyword(STATUS_ITEMS, 'Status item'), 'Status items', {
    allowEmpty: false,
  });
  return [...new Set(items)];
}

/**
 * `* STATUS name (MESSAGES 3 UNSEEN 1 …)`. HIGHESTMODSEQ is a CONDSTORE-enabling request (RFC 7162 §3.1):
 * the caller enables CONDSTORE before.
 */
export async function sendStatus(
  session: CommandSession,
  accountId: string,
  { mailbox, name }: NamedMailbox,
  items: readonly StatusItem[],
): Promise<void> {
  const deleted = await deletedMessages(session, accountId, mailbox, items);
  const writer = session
    .writer()
    .untagged()
    .atom('STATUS')
    .astring(encodeMailboxName(name, session))
    .openList();
  for (const item of items) {
    writer.atom(item);
    switch (item) {
      case 'MESSAGES':
        writer.number(mailbox.totalEmails);
        break;
      case 'UIDNEXT':
        writer.number(mailbox.uidNext);
        break;
      case 'UIDVALIDITY':
        writer.number(mailbox.uidValidity);
        break;
      case 'UNSEEN':
        writer.number(mailbox.unreadEmails);
        break;
      case 'DELETED':
        writer.number(deleted?.count ?? 0);
        break;
      case 'DELETED-STORAGE':
        writer.number(deleted?.bytes ?? 0);
        break;
      case 'SIZE':
        writer.number(mailbox.size);
        break;
      case 'HIGHESTMODSEQ':
        writer.number(mailbox.highestModseq);
        break;
      case 'RECENT':
        // \Recent is gone from IMAP4rev2; for rev1 clients no session ever sees a message first here.
        writer.number(0);
        break;
      case 'APPENDLIMIT':
        writer.number(session.context.maxMessageBytes);
        break;
      case 'MAILBOXID':
        writer.atomList([mailbox.id]);
        break;
    }
  }
  await session.send(writer.closeList().endLine().finish());
}

async function deletedMessages(
  session: CommandSession,
  accountId: string,
  mailbox: Mailbox,
  items: readonly StatusItem[],
): Promise<{ readonly count: number; readonly bytes: number } | undefined> {
  const wantsBytes = items.includes('DELETED-STORAGE');
  if (!items.includes('DELETED') && !wantsBytes) return undefined;
  const { mail } = session.context;
  const view = await mail.mailboxView(accountId, mailbox.id);
  const ids = view.filter((entry) => entry.keywords.includes('$deleted')).map((entry) => entry.emailId);
  let bytes = 0;
  if (wantsBytes) {
    for (let start = 0; start < ids.length; start += SIZE_READ_CHUNK) {
      const emails = await mail.getEmails(accountId, ids.slice(start, start + SIZE_READ_CHUNK), []);
      for (const email of emails) bytes += email.size;
    }
  }
  return { count: ids.length, bytes };
}
