// Importing messages (SMTP delivery, IMAP APPEND, JMAP Email/import): parse and store the bytes durably first,
// outside the transaction, then one write transaction for the whole batch (group commit), committed durably
// when it acknowledges mail to a sender. A refusal for one message (full mailbox, unknown mailbox) leaves the
// others of the batch unaffected and nothing of itself behind.

import { DomainError } from '#core/errors';
import { headerCacheOf, parseMessage, threadKeys } from '#formats/mime';
import type { WriteTransaction } from '#store';
import type { ImportedEmail, ImportOptions, ImportOutcome, ImportRequest } from './email.ts';
import { parseKeywords } from './keywords.ts';
import type { MailContext } from './mail-context.ts';
import { invalid, overLimit } from './mail-errors.ts';
import { MAIL_LIMITS } from './mail-limits.ts';
import { parseRole } from './mailbox-fields.ts';
import { ImportSession, type PreparedImport, type StagedImport } from './import-session.ts';
import { sendQuotaNotices } from './quota-notices.ts';

export interface ImportBatchOptions {
  readonly isDurable?: boolean;
  /**
   * Runs inside the import's transaction, after every copy is staged and before the commit: the caller's own
   * rows (delivery receipts) then commit or vanish with the copies. A throw fails the whole batch.
   */
  readonly beforeCommit?: (tx: WriteTransaction, outcomes: readonly ImportOutcome[]) => Promise<void>;
  /**
   * All or nothing (IMAP MULTIAPPEND, RFC 3502 §6.3.11): the first refusal is thrown and the transaction rolls
   * back, so no message of the batch is stored. Blobs already written are collected by the blob GC job.
   */
  readonly isAtomic?: boolean;
}

export async function importMessage(
  context: MailContext,
  accountId: string,
  raw: Uint8Array,
  options: ImportOptions,
): Promise<ImportedEmail> {
  const [outcome] = await importMessages(context, [{ accountId, raw, options }], {
    isDurable: options.isDurable,
  });
  if (outcome === undefined) throw new Error('importMessages returned no outcome for one request');
  if (!outcome.ok) throw outcome.error;
  return outcome.email;
}

export async function importMessages(
  context: MailContext,
  requests: readonly ImportRequest[],
  options: ImportBatchOptions = {},
): Promise<ImportOutcome[]> {
  if (requests.length > MAIL_LIMITS.maxImportBatch) {
    throw overLimit('message', '', 'batchTooLarge', MAIL_LIMITS.maxImportBatch);
  }

  if (requests.length === 0) return [];

  // Parse and store every message before the transaction (DATA-MODEL.md §2: blob durable first)
  const prepared = await Promise.all(requests.map((request) => prepare(context, request)));

  // One transaction for the batch
  const { outcomes, nearFull } = await context.database.write(
    async (tx) => {
      const session = new ImportSession(context, tx);
      await session.lock(prepared.filter((item): item is PreparedImport => !(item instanceof DomainError)));
      const staged = [];
      for (const item of prepared) {
        const entry = item instanceof DomainError ? item : await stageOne(session, item);
        if (options.isAtomic === true && entry instanceof DomainError) throw entry;
        staged.push(entry);
      }
      const { imported, nearFull } = await session.finish();
      const results = staged.map((entry): ImportOutcome => {
        if (entry instanceof DomainError) return { ok: false, error: entry };
        const email = imported.get(entry.emailId);
        if (email === undefined) throw new Error(`staged email ${entry.emailId} was not written`);
        return { ok: true, email };
      });
      await options.beforeCommit?.(tx, results);
      return { outcomes: results, nearFull };
    },
    { isDurable: options.isDurable === true },
  );

  // After the commit: warnings for accounts filling up (their own transactions; a failure here loses no mail)
  for (const accountId of nearFull) {
    try {
      await sendQuotaNotices(context, accountId);
    } catch (error) {
      context.log.error({ err: error, accountId }, 'quota notice failed; it is retried at the next delivery');
    }
  }
  return outcomes;
}

async function stageOne(session: ImportSession, item: PreparedImport): Promise<StagedImport | DomainError> {
  try {
    return await session.stage(item);
  } catch (error) {
    // ImportSession raises refusals before staging anything for the message; anything else aborts the batch.
    if (error instanceof DomainError) return error;
    throw error;
  }
}

/** Check the options, parse, and put the bytes in the blob store; a refusal is returned, not thrown. */
async function prepare(context: MailContext, request: ImportRequest): Promise<PreparedImport | DomainError> {
  try {
    const { raw, options } = request;
    if (raw.byteLength > MAIL_LIMITS.maxMessageBytes) {
      return new DomainError('tooBig', `message of ${raw.byteLength} bytes`, {
        details: { subject: 'message', name: '', reason: 'tooBig', max: MAIL_LIMITS.maxMessageBytes },
      });
    }
    const target = parseTarget(options);
    const keywords = parseKeywords(options.keywords ?? []);
    const receivedAt = parseReceivedAt(options.receivedAt, context.clock.nowMs());
    const parsed = await parseMessage(raw);
    const blob = await context.blobs.put(raw, { maxBytes: MAIL_LIMITS.maxMessageBytes });
    return {
      accountId: request.accountId,
      parsed,
      keys: threadKeys(parsed),
      blob,
      headerCache: headerCacheOf(raw.subarray(0, parsed.headerSize)),
      keywords,
      receivedAt,
      ...target,
    };
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
}

function parseTarget(options: ImportRequest['options']): Pick<PreparedImport, 'mailboxIds' | 'mailboxRole'> {
  const { mailboxIds, mailboxRole } = options;
  if ((mailboxIds === undefined) === (mailboxRole === undefined)) {
    throw invalid('mailbox', '', 'mailboxIdsOrRole');
  }
  if (mailboxRole !== undefined) {
    const role = parseRole(mailboxRole);
    if (role === null) throw invalid('mailbox', '', 'mailboxIdsOrRole');
    return { mailboxRole: role };
  }
  const ids = [...new Set(mailboxIds)];
  // DATA-MODEL.md §2: an email is in at least one mailbox for as long as it exists.
  if (ids.length === 0) throw invalid('mailbox', '', 'noMailbox');
  if (ids.length > MAIL_LIMITS.maxMailboxesPerEmail) {
    throw overLimit('mailbox', '', 'tooManyMailboxes', MAIL_LIMITS.maxMailboxesPerEmail);
  }
  return { mailboxIds: ids };
}

function parseReceivedAt(value: Date | undefined, now: number): number {
  if (value === undefined) return now;
  const time = value.getTime();
  if (!Number.isFinite(time) || time < 0) throw invalid('email', String(value), 'invalidReceivedAt');
  return time;
}
