// Mailbox counters kept in the transaction that changes them (DATA-MODEL.md §2): every membership added or
// removed and every read/unread switch is noted here, then written once per mailbox — totals, unread, threads,
// size and HIGHESTMODSEQ — with a Mailbox change-log row when JMAP-visible counts moved.

import assert from 'node:assert/strict';
import { prepareQuery, type WriteTransaction } from '#store';
import { inChunks } from './mail-limits.ts';

/** What the ledger needs to know about one membership. */
export interface MembershipFacts {
  readonly mailboxId: string;
  readonly threadId: string;
  readonly size: number;
  readonly isUnread: boolean;
}

interface MailboxDelta {
  emails: number;
  unread: number;
  size: number;
}

interface ThreadDelta {
  readonly mailboxId: string;
  readonly threadId: string;
  emails: number;
  unread: number;
}

// Prepared (store/prepared-query.ts): every delivered message moves a thread's counters.
const threadCounters = prepareQuery((db, p: { mailboxId: string; threadIds: readonly string[] }) =>
  db
    .selectFrom('mailbox_threads')
    .select(['thread_id', 'total_emails', 'unread_emails'])
    .where('mailbox_id', '=', p.mailboxId)
    .where('thread_id', 'in', p.threadIds),
);

const upsertThreadCounters = prepareQuery(
  (
    db,
    p: {
      mailboxId: string;
      threadIds: readonly string[];
      totals: readonly number[];
      unread: readonly number[];
    },
  ) =>
    db
      .insertInto('mailbox_threads')
      .values(
        p.threadIds.map((threadId, index) => ({
          mailbox_id: p.mailboxId,
          thread_id: threadId,
          total_emails: p.totals[index] as number,
          unread_emails: p.unread[index] as number,
        })),
      )
      .onConflict((conflict) =>
        conflict.columns(['mailbox_id', 'thread_id']).doUpdateSet((eb) => ({
          total_emails: eb.ref('excluded.total_emails'),
          unread_emails: eb.ref('excluded.unread_emails'),
        })),
      ),
);

const updateCounters = prepareQuery(
  (
    db,
    p: {
      mailboxId: string;
      emails: number;
      unread: number;
      size: number;
      threads: number;
      unreadThreads: number;
      modseq: number;
    },
  ) =>
    db
      .updateTable('mailboxes')
      .set((eb) => ({
        total_emails: eb('total_emails', '+', p.emails),
        unread_emails: eb('unread_emails', '+', p.unread),
        total_size: eb('total_size', '+', p.size),
        total_threads: eb('total_threads', '+', p.threads),
        unread_threads: eb('unread_threads', '+', p.unreadThreads),
        highest_modseq: p.modseq,
      }))
      .where('id', '=', p.mailboxId),
);

export class MailboxLedger {
  readonly #mailboxes = new Map<string, MailboxDelta>();
  readonly #threads = new Map<string, ThreadDelta>();

  added(facts: MembershipFacts): void {
    this.#count(facts, 1, facts.isUnread ? 1 : 0);
  }

  removed(facts: MembershipFacts): void {
    this.#count(facts, -1, facts.isUnread ? -1 : 0);
  }

  /** The email of this membership went from read to unread (or back); `facts.isUnread` is the new state. */
  readChanged(facts: MembershipFacts): void {
    const delta = this.#mailbox(facts.mailboxId);
    const step = facts.isUnread ? 1 : -1;
    delta.unread += step;
    this.#thread(facts).unread += step;
  }

  /** A flag changed without moving a counter: HIGHESTMODSEQ still moves. */
  touched(mailboxId: string): void {
    this.#mailbox(mailboxId);
  }

  get mailboxIds(): readonly string[] {
    return [...this.#mailboxes.keys()];
  }

  #count(facts: MembershipFacts, emails: number, unread: number): void {
    const delta = this.#mailbox(facts.mailboxId);
    delta.emails += emails;
    delta.unread += unread;
    delta.size += emails * facts.size;
    const thread = this.#thread(facts);
    thread.emails += emails;
    thread.unread += unread;
  }

  #mailbox(mailboxId: string): MailboxDelta {
    let delta = this.#mailboxes.get(mailboxId);
    if (delta === undefined) {
      delta = { emails: 0, unread: 0, size: 0 };
      this.#mailboxes.set(mailboxId, delta);
    }
    return delta;
  }

  #thread(facts: MembershipFacts): ThreadDelta {
    const key = `${facts.mailboxId}\u0000${facts.threadId}`;
    let delta = this.#threads.get(key);
    if (delta === undefined) {
      delta = { mailboxId: facts.mailboxId, threadId: facts.threadId, emails: 0, unread: 0 };
      this.#threads.set(key, delta);
    }
    return delta;
  }

  /** Write everything noted, at `modseq` (the transaction's modseq of `accountId`). */
  async flush(tx: WriteTransaction, accountId: string, modseq: number): Promise<void> {
    const threadCounts = await this.#flushThreads(tx);
    for (const [mailboxId, delta] of this.#mailboxes) {
      const threads = threadCounts.get(mailboxId) ?? { total: 0, unread: 0 };
      await updateCounters.changes(tx.db, {
        mailboxId,
        emails: delta.emails,
        unread: delta.unread,
        size: delta.size,
        threads: threads.total,
        unreadThreads: threads.unread,
        modseq,
      });
      // JMAP Mailbox objects show the counts; HIGHESTMODSEQ alone is IMAP's and needs no Mailbox change.
      if (delta.emails !== 0 || delta.unread !== 0 || threads.total !== 0 || threads.unread !== 0) {
        await tx.recordChange(accountId, 'Mailbox', mailboxId, 'updated');
      }
    }
    this.#mailboxes.clear();
    this.#threads.clear();
  }

  /** Apply the per-thread deltas; returns, per mailbox, how many threads appeared (or went) and became unread. */
  async #flushThreads(tx: WriteTransaction): Promise<Map<string, { total: number; unread: number }>> {
    const byMailbox = new Map<string, ThreadDelta[]>();
    for (const delta of this.#threads.values()) {
      if (delta.emails === 0 && delta.unread === 0) continue;
      const list = byMailbox.get(delta.mailboxId) ?? [];
      list.push(delta);
      byMailbox.set(delta.mailboxId, list);
    }
    const counts = new Map<string, { total: number; unread: number }>();
    for (const [mailboxId, deltas] of byMailbox) {
      const count = { total: 0, unread: 0 };
      for (const part of inChunks(deltas)) {
        const current = await threadCounters.execute(tx.db, {
          mailboxId,
          threadIds: part.map((d) => d.threadId),
        });
        const before = new Map(current.map((row) => [row.thread_id, row]));
        const upserts: { thread_id: string; total_emails: number; unread_emails: number }[] = [];
        const gone: string[] = [];
        for (const delta of part) {
          const old = before.get(delta.threadId);
          const oldTotal = Number(old?.total_emails ?? 0);
          const oldUnread = Number(old?.unread_emails ?? 0);
          const total = oldTotal + delta.emails;
          const unread = oldUnread + delta.unread;
          assert(total >= 0 && unread >= 0 && unread <= total, 'mailbox thread counters went out of range');
          count.total += Number(total > 0) - Number(oldTotal > 0);
          count.unread += Number(unread > 0) - Number(oldUnread > 0);
          if (total === 0) gone.push(delta.threadId);
          else
            upserts.push({
              thread_id: delta.threadId,
              total_emails: total,
              unread_emails: unread,
            });
        }
        if (gone.length > 0) {
          await tx.db
            .deleteFrom('mailbox_threads')
            .where('mailbox_id', '=', mailboxId)
            .where('thread_id', 'in', gone)
            .execute();
        }
        if (upserts.length > 0) {
          await upsertThreadCounters.changes(tx.db, {
            mailboxId,
            threadIds: upserts.map((row) => row.thread_id),
            totals: upserts.map((row) => row.total_emails),
            unread: upserts.map((row) => row.unread_emails),
          });
        }
      }
      counts.set(mailboxId, count);
    }
    return counts;
  }
}
