// The outbound queue and DKIM keys as one service, built once by main.ts: what submission, forwards, list
// expansion and the CLI call. Delivery itself is the runner's (queue-runner.ts), started by the runtime.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { BlobStore, Database, WriteTransaction } from '#store';
import { dkimKeyOperations, type DkimOperations } from './dkim-keys.ts';
import { queueAdminOperations, type QueueAdminOperations } from './queue-admin.ts';
import {
  enqueue,
  type EnqueueOptions,
  type EnqueueResult,
  prepareMessage,
  type PreparedMessage,
} from './queue-enqueue.ts';
import type { QueueRecipientInput } from './queue-model.ts';

export interface QueueService extends QueueAdminOperations, DkimOperations {
  /** Sign and store `raw` durably; call before the transaction that enqueues it. */
  prepare(
    raw: Uint8Array,
    options: { readonly sender: string; readonly isSigned?: boolean },
  ): Promise<PreparedMessage>;
  /** Queue a prepared message in the caller's transaction, or in one of its own when given the database. */
  enqueue(
    target: Database | WriteTransaction,
    message: PreparedMessage,
    recipients: readonly (string | QueueRecipientInput)[],
    options: Omit<EnqueueOptions, 'clock'>,
  ): Promise<EnqueueResult>;
  /** prepare, then enqueue in a transaction of its own. */
  submit(
    raw: Uint8Array,
    recipients: readonly (string | QueueRecipientInput)[],
    options: Omit<EnqueueOptions, 'clock'>,
  ): Promise<EnqueueResult>;
}

export interface QueueDependencies {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly log: Logger;
  /** True for a domain served here (identity). */
  readonly isLocalDomain: (domain: string) => Promise<boolean>;
}

export function createQueueService(dependencies: QueueDependencies): QueueService {
  const { clock } = dependencies;
  const prepare: QueueService['prepare'] = (raw, options) => prepareMessage(dependencies, raw, options);
  const enqueueWithClock: QueueService['enqueue'] = (target, message, recipients, options) =>
    enqueue(target, message, recipients, { ...options, clock });
  return {
    ...queueAdminOperations(dependencies),
    ...dkimKeyOperations(dependencies),
    prepare,
    enqueue: enqueueWithClock,
    async submit(raw, recipients, options) {
      const prepared = await prepare(raw, { sender: options.sender });
      return await enqueueWithClock(dependencies.database, prepared, recipients, options);
    },
  };
}
