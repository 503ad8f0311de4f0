// What an administrator does with the queue (Postfix's mailq, postsuper -h/-H/-d, postqueue -i): list, show,
// hold, release, retry now, delete. Each is one transaction. A recipient in flight keeps its lease: holding it
// takes effect when its attempt ends, and releasing it never makes it claimable while its runner still works.

import type { Clock } from '#core/clock';
import { DomainError } from '#core/errors';
import type { Logger } from '#core/log';
import { toDomainName } from '#domain/identity';
import {
  type Database,
  dropBlobReference,
  type QueueMessagesTable,
  type QueueRecipientsTable,
  type WriteTransaction,
} from '#store';
import type { Selectable } from 'kysely';
import {
  MAX_QUEUE_PAGE,
  type MessageSource,
  type QueuedMessage,
  type QueuedRecipient,
  type QueueQuery,
  type QueueState,
} from './queue-model.ts';
import { notifyQueued } from './queue-wake.ts';

export interface QueueAdminOperations {
  /** Messages oldest first; without a state filter, those with a recipient still pending. */
  listQueue(query?: QueueQuery): Promise<readonly QueuedMessage[]>;
  /** Undefined when there is no such message (or it was purged). */
  showQueued(id: string): Promise<QueuedMessage | undefined>;
  /** Set the message's pending recipients aside until released. */
  holdQueued(id: string): Promise<QueuedMessage>;
  /** Put held recipients back, due now. */
  releaseQueued(id: string): Promise<QueuedMessage>;
  /** Make the message's waiting recipients due now. */
  retryQueued(id: string): Promise<QueuedMessage>;
  /** Make every deferred recipient due now; returns how many. */
  retryAll(): Promise<number>;
  /** Remove the message without notifying anyone (its sender gets no bounce). */
  deleteQueued(id: string): Promise<void>;
}

export interface QueueAdminDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
}

const date = (value: number | string | null) => (value === null ? null : new Date(Number(value)));

function toRecipient(row: Selectable<QueueRecipientsTable>): QueuedRecipient {
  const state = row.state as QueueState;
  const isFinal = state === 'delivered' || state === 'bounced';
  return {
    id: row.id,
    address: row.recipient,
    domain: row.domain,
    state,
    attempts: Number(row.attempts),
    nextAttemptAt: isFinal ? null : date(row.next_attempt_at),
    lastAttemptAt: date(row.last_attempt_at),
    lastError: row.last_error,
    lastStatus: row.last_status,
    lastReply: row.last_reply,
    remoteMta: row.remote_mta,
    deliveredAt: date(row.delivered_at),
    bouncedAt: date(row.bounced_at),
    notify: row.dsn_notify,
  };
}

function toMessage(
  row: Selectable<QueueMessagesTable>,
  recipients: readonly QueuedRecipient[],
): QueuedMessage {
  return {
    id: row.id,
    sender: row.sender,
    source: row.source as MessageSource,
    accountId: row.account_id,
    size: Number(row.size),
    dkimDomain: row.dkim_domain,
    priority: Number(row.priority),
    createdAt: new Date(Number(row.created_at)),
    completedAt: date(row.completed_at),
    recipients,
  };
}

function notFound(id: string): DomainError {
  return new DomainError('notFound', `no queued message ${id}`, {
    details: { subject: 'queueMessage', name: id },
  });
}

export function queueAdminOperations({ database, clock, log }: QueueAdminDependencies): QueueAdminOperations {
  const db = database.db;

  /**
   * Read the message row, locked on PostgreSQL: recording results locks it before its recipients, and every
   * change here takes the same order, so the two can never deadlock.
   */
  const lockMessage = async <C extends 'id' | 'blob_id'>(tx: WriteTransaction, id: string, column: C) => {
    const query = tx.db.selectFrom('queue_messages').select(column).where('id', '=', id);
    return await (database.dialect.name === 'postgres' ? query.forUpdate() : query).executeTakeFirst();
  };

  const load = async (ids: readonly string[]): Promise<QueuedMessage[]> => {
    if (ids.length === 0) return [];
    const messages = await db
      .selectFrom('queue_messages')
      .selectAll()
      .where('id', 'in', ids)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const recipients = await db
      .selectFrom('queue_recipients')
      .selectAll()
      .where('message_id', 'in', ids)
      .orderBy('recipient')
      .execute();
    const byMessage = new Map<string, QueuedRecipient[]>();
    for (const row of recipients) {
      const list = byMessage.get(row.message_id) ?? [];
      list.push(toRecipient(row));
      byMessage.set(row.message_id, list);
    }
    return messages.map((row) => toMessage(row, byMessage.get(row.id) ?? []));
  };

  const loadOne = async (id: string): Promise<QueuedMessage> => {
    const [message] = await load([id]);
    if (!message) throw notFound(id);
    return message;
  };

  /** Run `change` on the message's recipients in one transaction; notFound when the message does not exist. */
  const change = async (
    id: string,
    event: string,
    update: (tx: WriteTransaction, now: number) => Promise<unknown>,
  ): Promise<QueuedMessage> => {
    const now = clock.nowMs();
    await database.write(async (tx) => {
      const exists = await lockMessage(tx, id, 'id');
      if (!exists) throw notFound(id);
      await update(tx, now);
      tx.afterCommit(notifyQueued);
    });
    log.info({ event, queueId: id }, 'queue entry changed by an administrator');
    return loadOne(id);
  };

  return {
    async listQueue(query = {}) {
      const limit = Math.min(Math.max(1, query.limit ?? MAX_QUEUE_PAGE), MAX_QUEUE_PAGE);
      let ids = db
        .selectFrom('queue_messages')
        .select(['queue_messages.id', 'queue_messages.created_at'])
        .distinct()
        .innerJoin('queue_recipients', 'queue_recipients.message_id', 'queue_messages.id')
        .orderBy('queue_messages.created_at')
        .orderBy('queue_messages.id')
        .limit(limit);
      if (query.state !== undefined) ids = ids.where('queue_recipients.state', '=', query.state);
      else ids = ids.where('queue_messages.completed_at', 'is', null);
      if (query.domain !== undefined) {
        ids = ids.where(
          'queue_recipients.domain',
          '=',
          toDomainName(query.domain) ?? query.domain.toLowerCase(),
        );
      }
      return await load((await ids.execute()).map((row) => row.id));
    },

    async showQueued(id) {
      const [message] = await load([id]);
      return message;
    },

    holdQueued: (id) =>
      change(id, 'queue.hold', ({ db: tx }) =>
        tx
          .updateTable('queue_recipients')
          .set({ state: 'hold' })
          .where('message_id', '=', id)
          .where('state', 'in', ['incoming', 'deferred', 'active'])
          .execute(),
      ),

    releaseQueued: (id) =>
      change(id, 'queue.release', ({ db: tx }, now) =>
        tx
          .updateTable('queue_recipients')
          .set((eb) => {
            // Still leased by a live attempt: back to active until that attempt records its outcome.
            const isLeased = eb.and([eb('lease_owner', 'is not', null), eb('lease_expires_at', '>', now)]);
            return {
              state: eb.case().when(isLeased).then('active').else('deferred').end(),
              next_attempt_at: eb
                .case()
                .when(isLeased)
                .then(eb.fn.coalesce('lease_expires_at', eb.val(now)))
                .else(now)
                .end(),
            };
          })
          .where('message_id', '=', id)
          .where('state', '=', 'hold')
          .execute(),
      ),

    retryQueued: (id) =>
      change(id, 'queue.retry', ({ db: tx }, now) =>
        tx
          .updateTable('queue_recipients')
          .set({ next_attempt_at: now })
          .where('message_id', '=', id)
          .where('state', 'in', ['incoming', 'deferred'])
          .execute(),
      ),

    async retryAll() {
      const now = clock.nowMs();
      const result = await database.write(async (tx) => {
        tx.afterCommit(notifyQueued);
        return tx.db
          .updateTable('queue_recipients')
          .set({ next_attempt_at: now })
          .where('state', '=', 'deferred')
          .where('next_attempt_at', '>', now)
          .executeTakeFirst();
      });
      const count = Number(result.numUpdatedRows);
      log.info(
        { event: 'queue.retryAll', recipients: count },
        'deferred mail made due now by an administrator',
      );
      return count;
    },

    async deleteQueued(id) {
      await database.write(async (tx) => {
        const message = await lockMessage(tx, id, 'blob_id');
        if (!message) throw notFound(id);
        await tx.db.deleteFrom('queue_recipients').where('message_id', '=', id).execute();
        await tx.db.deleteFrom('queue_messages').where('id', '=', id).execute();
        if (message.blob_id !== null) await dropBlobReference(tx, message.blob_id, clock);
      });
      log.info({ event: 'queue.delete', queueId: id }, 'queue entry deleted by an administrator');
    },
  };
}
