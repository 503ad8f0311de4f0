// Finding an account's emails by Message-ID (MDN/parse's forEmailId, RFC 9007 §2.2) without an index of its
// own: the threading table maps every Message-ID an account has seen to one thread (threading.ts), and emails
// are indexed by thread, so the lookup is two index reads whatever the size of the account. An email whose own
// Message-ID was first recorded under another thread (a copy that arrived with a different known parent) is
// missed: RFC 9007 lets forEmailId be null when the server cannot tell it efficiently.

import type { MailContext } from './mail-context.ts';
import { MAIL_LIMITS } from './mail-limits.ts';

/** Copies of one message an account holds, at most: enough to tell "one" from "several". */
const MAX_MATCHES = 10;

/** Ids of the account's emails whose Message-ID is `messageId` (without angle brackets), oldest first. */
export async function findEmailsByMessageId(
  context: MailContext,
  accountId: string,
  messageId: string,
): Promise<readonly string[]> {
  // The threading table keeps no longer ids (threading.ts), so no email can be found under one.
  if (messageId === '' || messageId.length > MAIL_LIMITS.maxMessageIdChars) return [];
  const { db } = context.database;
  const thread = await db
    .selectFrom('thread_message_ids')
    .select('thread_id')
    .where('account_id', '=', accountId)
    .where('message_id', '=', messageId)
    .executeTakeFirst();
  if (thread === undefined) return [];
  const rows = await db
    .selectFrom('emails')
    .select('id')
    .where('thread_id', '=', thread.thread_id)
    .where('account_id', '=', accountId)
    .where('message_id', '=', messageId)
    .orderBy('received_at')
    .orderBy('id')
    .limit(MAX_MATCHES)
    .execute();
  return rows.map((row) => row.id);
}
