// Putting mail in the outbound queue, in two steps so the caller's transaction stays short: `prepareMessage`
// signs (DKIM) and stores the bytes durably before any transaction; `enqueue` then records the message and its
// recipients (state incoming) in the caller's transaction — submission, a forward or a list expansion commits
// its own rows and the queue entries together (DATA-MODEL.md §3) — or in one of its own.

import { type Clock, systemClock } from '#core/clock';
import { DomainError } from '#core/errors';
import { newId } from '#core/ids';
import type { Logger } from '#core/log';
import { toDomainName } from '#domain/identity';
import { addBlobReference, type BlobRef, type BlobStore, type Database, type WriteTransaction } from '#store';
import { findSigningKey } from './dkim-keys.ts';
import { signingDomainCandidates, signWithDkim } from './dkim-sign.ts';
import {
  type MessageDsnParameters,
  type MessageSource,
  type QueueRecipientInput,
  notifyText,
} from './queue-model.ts';
import { isAsciiAddress, messageTraits, toCrlf } from './queue-message-content.ts';
import { notifyQueued } from './queue-wake.ts';

/** Rows per INSERT: far below SQLite's bound-parameter limit (20 columns × 200). */
const INSERT_CHUNK = 200;
/** RFC 5321 §4.5.3.1.3: a path is at most 256 octets. */
const MAX_PATH_LENGTH = 256;

/** A message signed and stored, ready to be queued by `enqueue`. */
export interface PreparedMessage {
  readonly blob: BlobRef;
  /** The d= of the signature added, or null when no key applied. */
  readonly dkimDomain: string | null;
  readonly is8bit: boolean;
  readonly hasUtf8Header: boolean;
}

export interface PrepareDependencies {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly log: Logger;
}

/**
 * Normalise line ends, sign with the active DKIM key of the author's domain (else the sender's), and put the
 * result in the blob store (a small message's bytes are stored by the transaction that enqueues it). Call it
 * before that transaction; if it fails, bytes already stored are collected as garbage after the grace period.
 */
export async function prepareMessage(
  dependencies: PrepareDependencies,
  raw: Uint8Array,
  options: { readonly sender: string; readonly isSigned?: boolean },
): Promise<PreparedMessage> {
  let content = toCrlf(raw);
  let dkimDomain: string | null = null;
  if (options.isSigned !== false) {
    const key = await findSigningKey(dependencies.database, signingDomainCandidates(content, options.sender));
    if (key) {
      const signed = await signWithDkim(content, key, dependencies.clock.now(), dependencies.log);
      content = signed.content;
      if (signed.isSigned) dkimDomain = key.domain;
    }
  }
  const traits = messageTraits(content);
  const blob = await dependencies.blobs.put(content, { isReferencedNext: true });
  return { blob, dkimDomain, ...traits };
}

export interface EnqueueOptions {
  /** MAIL FROM; '' is the null reverse-path (bounces and other notifications). */
  readonly sender: string;
  readonly source: MessageSource;
  /** The submitting account, when a user sent it. */
  readonly accountId?: string | null;
  /** Higher first among the recipients due at the same time (0 by default). */
  readonly priority?: number;
  readonly dsn?: MessageDsnParameters;
  /** Not before this time (scheduled send); now by default. */
  readonly notBefore?: Date;
  readonly clock?: Clock;
}

export interface EnqueueResult {
  readonly id: string;
  readonly recipients: number;
}

function invalidRecipient(address: string): DomainError {
  return new DomainError('invalid', `invalid recipient address ${JSON.stringify(address)}`, {
    details: { subject: 'queueMessage', name: address, reason: 'invalidRecipient' },
  });
}

/** local-part@domain with the domain lower-cased as A-labels; the local part is kept as written (RFC 5321). */
export function normaliseRecipient(input: string): { address: string; domain: string } {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  const local = trimmed.slice(0, at);
  const domain = at > 0 ? toDomainName(trimmed.slice(at + 1)) : undefined;
  // Angle brackets, white space and controls would break the SMTP command line built from this address.
  if (domain === undefined || local === '' || /[\s<>\x00-\x1f\x7f]/.test(local))
    throw invalidRecipient(input);
  const address = `${local}@${domain}`;
  if (Buffer.byteLength(address) > MAX_PATH_LENGTH) throw invalidRecipient(input);
  return { address, domain };
}

function checkSender(sender: string): void {
  if (sender === '') return;
  const at = sender.lastIndexOf('@');
  if (at <= 0 || /[\s<>\x00-\x1f\x7f]/.test(sender) || Buffer.byteLength(sender) > MAX_PATH_LENGTH) {
    throw new DomainError('invalid', `invalid sender address ${JSON.stringify(sender)}`, {
      details: { subject: 'queueMessage', name: sender, reason: 'invalidSender' },
    });
  }
}

function isTransaction(target: Database | WriteTransaction): target is WriteTransaction {
  return !('write' in target);
}

/**
 * Queue `message` for `recipients` (duplicates merged). With a WriteTransaction the rows commit with the
 * caller's other writes; with a Database they get a transaction of their own. Runners in this process are
 * woken after the commit; others find the rows at their next poll.
 */
export async function enqueue(
  target: Database | WriteTransaction,
  message: PreparedMessage,
  recipients: readonly (string | QueueRecipientInput)[],
  options: EnqueueOptions,
): Promise<EnqueueResult> {
  checkSender(options.sender);
  const byAddress = new Map<string, { address: string; domain: string; input: QueueRecipientInput }>();
  for (const recipient of recipients) {
    const input = typeof recipient === 'string' ? { address: recipient } : recipient;
    const normalised = normaliseRecipient(input.address);
    if (!byAddress.has(normalised.address)) byAddress.set(normalised.address, { ...normalised, input });
  }
  if (byAddress.size === 0) {
    throw new DomainError('invalid', 'a queued message needs at least one recipient', {
      details: { subject: 'queueMessage', name: '', reason: 'noRecipients' },
    });
  }
  const clock = options.clock ?? systemClock;
  const now = clock.nowMs();
  const dueAt = Math.max(now, options.notBefore?.getTime() ?? now);
  const addresses = [...byAddress.values()];
  const needsSmtputf8 =
    message.hasUtf8Header ||
    !isAsciiAddress(options.sender) ||
    addresses.some((recipient) => !isAsciiAddress(recipient.address));
  const id = newId('q');

  const work = async (tx: WriteTransaction): Promise<EnqueueResult> => {
    await addBlobReference(tx, message.blob, clock);
    await tx.db
      .insertInto('queue_messages')
      .values({
        id,
        blob_id: message.blob.id,
        size: message.blob.size,
        sender: options.sender,
        source: options.source,
        account_id: options.accountId ?? null,
        dkim_domain: message.dkimDomain,
        priority: options.priority ?? 0,
        envid: options.dsn?.envid ?? null,
        dsn_ret: options.dsn?.ret ?? null,
        is_8bit: message.is8bit ? 1 : 0,
        needs_smtputf8: needsSmtputf8 ? 1 : 0,
        // A scheduled message enters the queue at its release: its lifetime and delay warnings count from then.
        created_at: dueAt,
        completed_at: null,
      })
      .execute();
    for (let start = 0; start < addresses.length; start += INSERT_CHUNK) {
      const rows = addresses.slice(start, start + INSERT_CHUNK).map((recipient) => ({
        id: newId('r'),
        message_id: id,
        recipient: recipient.address,
        domain: recipient.domain,
        state: 'incoming',
        next_attempt_at: dueAt,
        attempts: 0,
        last_attempt_at: null,
        last_error: null,
        last_status: null,
        last_reply: null,
        remote_mta: null,
        lease_owner: null,
        lease_expires_at: null,
        delivered_at: null,
        bounced_at: null,
        delay_warned_at: null,
        dsn_notify: notifyText(recipient.input.dsn),
        dsn_orcpt: recipient.input.dsn?.orcpt ?? null,
      }));
      await tx.db.insertInto('queue_recipients').values(rows).execute();
    }
    tx.afterCommit(notifyQueued);
    return { id, recipients: addresses.length };
  };
  return isTransaction(target) ? await work(target) : await target.write(work, { isDurable: true });
}
