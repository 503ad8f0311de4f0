// What a mailbox already holds, as an import recognises messages: each email's Message-ID and blob id (the
// SHA-256 of its bytes). One query along the membership table's primary key, joined to emails by id; a
// migration tool loads it once per mailbox and skips the messages it finds there, so running it twice
// imports nothing twice.

import type { MailContext } from './mail-context.ts';
import { requireMailbox } from './mailbox-rows.ts';

/** How an import recognises a message it may already have stored. */
export interface MessageKey {
  /** As parsed from the Message-ID field (without angle brackets); null when the message has none. */
  readonly messageId: string | null;
  /** The SHA-256 of the raw bytes, lower-case hex (the blob store is content addressed). */
  readonly blobId: string;
}

/** The keys of every email in the mailbox, one entry per email (in no particular order). */
export async function mailboxMessageKeys(
  context: MailContext,
  accountId: string,
  mailboxId: string,
): Promise<readonly MessageKey[]> {
  const { db } = context.database;
  await requireMailbox(db, accountId, mailboxId);
  const rows = await db
    .selectFrom('email_mailboxes as m')
    .innerJoin('emails as e', 'e.id', 'm.email_id')
    .select(['e.message_id', 'e.blob_id'])
    .where('m.mailbox_id', '=', mailboxId)
    .where('e.account_id', '=', accountId)
    .execute();
  return rows.map((row) => ({ messageId: row.message_id, blobId: row.blob_id }));
}
