// Thread ids for new emails (DATA-MODEL.md §2: stable, adding an email never splits a thread). An email joins
// the thread of its nearest known ancestor (In-Reply-To, then References newest first), else of an earlier
// email that referenced it (a child that arrived first), else — for a reply or forward only — of the latest
// email with the same base subject within a window; otherwise it starts a thread.
//
// Each Message-ID (own or referenced) maps to the first thread that mentioned it, and threads are never merged:
// a message linking two existing threads joins the one of its nearest ancestor, the other stays as it is.
// Merging would rewrite the thread id of emails clients already hold, for a case real mail rarely produces.

import type { ThreadKeys } from '#formats/mime';
import { newTimeOrderedId } from '#core/ids';
import { prepareInsert, prepareQuery, type WriteTransaction } from '#store';
import { inChunks, MAIL_LIMITS } from './mail-limits.ts';

/** A subject that starts with a reply or forward word (after list tags): Re:, RE :, Fwd:, TR:, AW:, Réf. :… */
const REPLY_PREFIX =
  /^\s*(?:\[[^\]]*\]\s*)*(?:re|fwd?|tr|aw|wg|sv|vs|rif|rv|enc|r[ée]f\.?|antw)\s*(?:\[\d+\]|\(\d+\))?\s*[:：]/iu;

export interface ThreadingInput {
  readonly accountId: string;
  readonly keys: ThreadKeys;
  /** The decoded subject as written, to tell a reply ("Re: …") from a new message with a common subject. */
  readonly subject: string;
  readonly receivedAt: number;
}

export function isReplyOrForward(input: ThreadingInput): boolean {
  return input.keys.parents.length > 0 || REPLY_PREFIX.test(input.subject);
}

/** The base subject as the indexed column holds it. */
export function indexedSubject(normalizedSubject: string): string {
  return normalizedSubject.slice(0, MAIL_LIMITS.maxIndexedSubjectChars);
}

/** The Message-IDs an email is looked up by and recorded under: its parents, nearest first, then its own. */
function idsOf(keys: ThreadKeys): string[] {
  const storable = (id: string) => id.length > 0 && id.length <= MAIL_LIMITS.maxMessageIdChars;
  const parents = keys.parents.filter(storable).slice(0, MAIL_LIMITS.maxThreadingIds);
  return keys.messageId !== undefined && storable(keys.messageId) ? [...parents, keys.messageId] : parents;
}

// Prepared (store/prepared-query.ts): every stored message runs them.
const threadsOfMessageIds = prepareQuery((db, p: { accountId: string; messageIds: readonly string[] }) =>
  db
    .selectFrom('thread_message_ids')
    .select(['message_id', 'thread_id'])
    .where('account_id', '=', p.accountId)
    .where('message_id', 'in', p.messageIds),
);
const insertThreadRows = prepareInsert('threads', ['id', 'account_id', 'created_at']);
// The first mapping of an id wins; under the account lock nothing else adds one meanwhile.
const insertMessageIds = prepareQuery(
  (db, p: { accountIds: readonly string[]; messageIds: readonly string[]; threadIds: readonly string[] }) =>
    db
      .insertInto('thread_message_ids')
      .values(
        p.messageIds.map((messageId, index) => ({
          account_id: p.accountIds[index] as string,
          message_id: messageId,
          thread_id: p.threadIds[index] as string,
        })),
      )
      .onConflict((conflict) => conflict.columns(['account_id', 'message_id']).doNothing()),
);

/**
 * Assigns threads to the emails of one transaction. Lookups see both the database and the emails assigned
 * earlier in the same batch; new threads and Message-ID rows are written together by `flush`.
 */
export class ThreadAssigner {
  readonly #tx: WriteTransaction;
  readonly #now: number;
  /** `${accountId} ${messageId}` → thread id, from the database or this batch. */
  readonly #known = new Map<string, string>();
  /** Message-ID rows this batch adds (first mention wins, as in the table). */
  readonly #newIds: { account_id: string; message_id: string; thread_id: string }[] = [];
  readonly #newThreads: { id: string; account_id: string; created_at: number }[] = [];
  /** `${accountId} ${subject}` → the latest thread of this batch with that base subject. */
  readonly #subjects = new Map<string, { threadId: string; receivedAt: number }>();

  constructor(tx: WriteTransaction, now: number) {
    this.#tx = tx;
    this.#now = now;
  }

  /** Read, in one go per account, the threads of every Message-ID the batch mentions. */
  async prefetch(inputs: readonly ThreadingInput[]): Promise<void> {
    const byAccount = new Map<string, Set<string>>();
    for (const input of inputs) {
      const ids = byAccount.get(input.accountId) ?? new Set<string>();
      for (const id of idsOf(input.keys)) ids.add(id);
      byAccount.set(input.accountId, ids);
    }
    for (const [accountId, ids] of byAccount) {
      for (const part of inChunks([...ids])) {
        const rows = await threadsOfMessageIds.execute(this.#tx.db, { accountId, messageIds: part });
        for (const row of rows) this.#known.set(`${accountId} ${row.message_id}`, row.thread_id);
      }
    }
  }

  /** Choose the email's thread (a new one when nothing matches) and remember its Message-IDs. */
  async assign(input: ThreadingInput): Promise<{ threadId: string; isNew: boolean }> {
    const { accountId, keys } = input;
    const ids = idsOf(keys);

    // By Message-ID: nearest ancestor first, then a child that named us
    let threadId = ids.map((id) => this.#known.get(`${accountId} ${id}`)).find((id) => id !== undefined);

    // By subject, for replies and forwards whose ancestors we never saw
    const subject = indexedSubject(keys.normalizedSubject);
    if (threadId === undefined && subject !== '' && isReplyOrForward(input)) {
      threadId = await this.#bySubject(accountId, subject, input.receivedAt);
    }

    const isNew = threadId === undefined;
    if (threadId === undefined) {
      threadId = newTimeOrderedId('t');
      this.#newThreads.push({ id: threadId, account_id: accountId, created_at: this.#now });
    }
    await this.#tx.recordChange(accountId, 'Thread', threadId, isNew ? 'created' : 'updated');
    for (const id of ids) {
      const key = `${accountId} ${id}`;
      if (this.#known.has(key)) continue;
      this.#known.set(key, threadId);
      this.#newIds.push({ account_id: accountId, message_id: id, thread_id: threadId });
    }
    if (subject !== '') {
      const latest = this.#subjects.get(`${accountId} ${subject}`);
      if (latest === undefined || latest.receivedAt <= input.receivedAt) {
        this.#subjects.set(`${accountId} ${subject}`, { threadId, receivedAt: input.receivedAt });
      }
    }
    return { threadId, isNew };
  }

  async #bySubject(accountId: string, subject: string, receivedAt: number): Promise<string | undefined> {
    const since = receivedAt - MAIL_LIMITS.subjectThreadWindowMs;
    const row = await this.#tx.db
      .selectFrom('emails')
      .select(['thread_id', 'received_at'])
      .where('account_id', '=', accountId)
      .where('normalized_subject', '=', subject)
      .where('received_at', '>=', since)
      .orderBy('received_at', 'desc')
      .limit(1)
      .executeTakeFirst();
    const staged = this.#subjects.get(`${accountId} ${subject}`);
    const stagedFits = staged !== undefined && staged.receivedAt >= since;
    if (row === undefined) return stagedFits ? staged.threadId : undefined;
    return stagedFits && staged.receivedAt >= Number(row.received_at) ? staged.threadId : row.thread_id;
  }

  /** Write the new threads (before the emails that point at them) and the new Message-ID rows. */
  async flush(): Promise<void> {
    for (const part of inChunks(this.#newThreads)) await insertThreadRows.run(this.#tx.db, part);
    for (const part of inChunks(this.#newIds)) {
      await insertMessageIds.changes(this.#tx.db, {
        accountIds: part.map((row) => row.account_id),
        messageIds: part.map((row) => row.message_id),
        threadIds: part.map((row) => row.thread_id),
      });
    }
    this.#newThreads.length = 0;
    this.#newIds.length = 0;
  }
}
