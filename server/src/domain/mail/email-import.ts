// Importing messages (SMTP delivery, IMAP APPEND, JMAP Email/import): parse and put the bytes in the blob
// store first, outside the transaction (a small message's bytes wait for the transaction, which stores them
// with its rows: BlobRef.pendingContent), then one write transaction for the whole batch (group commit),
// committed durably when it acknowledges mail to a sender. A refusal for one message (full mailbox, unknown
// mailbox) leaves the others of the batch unaffected and nothing of itself behind. Several callers' batches
// may share one transaction (import-group-commit.ts): each is a group, atomic or not, with its own hook.

import { DomainError } from '#core/errors';
import { parseMessage } from '#formats/mime';
import type { WriteTransaction } from '#store';
import type {
  ImportAnnouncement,
  ImportedEmail,
  ImportOptions,
  ImportOutcome,
  ImportRequest,
} from './email.ts';
import { parseKeywords } from './keywords.ts';
import type { MailContext } from './mail-context.ts';
import { invalid, overLimit } from './mail-errors.ts';
import { MAIL_LIMITS } from './mail-limits.ts';
import { parseRole } from './mailbox-fields.ts';
import { derivedParts, ImportSession, type PreparedImport, type StagedImport } from './import-session.ts';
import { sendQuotaNotices } from './quota-notices.ts';

export interface ImportBatchOptions {
  readonly isDurable?: boolean;
  /**
   * Runs inside the import's transaction, after every copy is staged and before the commit: the caller's own
   * rows (delivery receipts) then commit or vanish with the copies. A throw fails the whole batch.
   */
  readonly beforeCommit?: (tx: WriteTransaction, outcomes: readonly ImportOutcome[]) => Promise<void>;
  /**
   * All or nothing (IMAP MULTIAPPEND, RFC 3502 §6.3.11): the first refusal is thrown and no message of the
   * batch is stored. Blobs already written are collected by the blob GC job.
   */
  readonly isAtomic?: boolean;
  /**
   * Group commit (DATA-MODEL.md §6, import-group-commit.ts): share one durable transaction with the grouped
   * imports other callers of this mail service start meanwhile (concurrent IMAP APPENDs). Implies isDurable.
   * Each caller keeps its own outcomes, atomicity and `beforeCommit`; one caller's refusal or failure never
   * fails another's.
   */
  readonly isGrouped?: boolean;
  /** With `isGrouped`: the announcement (announceGroupedImport) of this import, withdrawn once it is queued. */
  readonly announcement?: ImportAnnouncement;
}

/** One caller's messages within a transaction: parsed and stored as blobs, each or a refusal. */
export interface ImportGroup {
  readonly prepared: readonly (PreparedImport | DomainError)[];
  readonly isAtomic: boolean;
  readonly beforeCommit?: ImportBatchOptions['beforeCommit'];
}

/** A group's outcomes, one per message, or the refusal that kept every message of an atomic group out. */
export type ImportGroupResult =
  | { readonly ok: true; readonly outcomes: ImportOutcome[] }
  | { readonly ok: false; readonly error: DomainError };

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
  if (requests.length === 0) return [];
  const prepared = await prepareImports(context, requests);
  return await commitGroup(
    context,
    { prepared, isAtomic: options.isAtomic === true, beforeCommit: options.beforeCommit },
    { isDurable: options.isDurable === true },
  );
}

/**
 * Parse and store every message before any transaction (DATA-MODEL.md §2: blob durable first), or leave its
 * bytes to the transaction that references them (small ones, BlobRef.pendingContent).
 */
export async function prepareImports(
  context: MailContext,
  requests: readonly ImportRequest[],
): Promise<(PreparedImport | DomainError)[]> {
  if (requests.length > MAIL_LIMITS.maxImportBatch) {
    throw overLimit('message', '', 'batchTooLarge', MAIL_LIMITS.maxImportBatch);
  }
  return await Promise.all(requests.map((request) => prepare(context, request)));
}

/**
 * One group in a transaction of its own. An atomic group's refusal rolls the transaction back and is thrown.
 */
export async function commitGroup(
  context: MailContext,
  group: ImportGroup,
  options: { readonly isDurable: boolean },
): Promise<ImportOutcome[]> {
  const { results, nearFull } = await context.database.write(
    async (tx) => {
      const written = await writeImports(context, tx, [group]);
      const [result] = written.results;
      if (result?.ok === false) throw result.error;
      return written;
    },
    { isDurable: options.isDurable },
  );
  await sendNearFullNotices(context, nearFull);
  const [result] = results;
  if (result === undefined || !result.ok) throw new Error('writeImports returned no outcomes for a group');
  return result.outcomes;
}

/**
 * The transactional half, for several groups in one transaction (group commit): stage each group's messages,
 * write them, run each group's `beforeCommit`. An atomic group is checked whole before any of it is staged,
 * so its refusal leaves nothing of it behind while the other groups go on. Returns one result per group and
 * the accounts owed a look at their quota notices once committed.
 */
export async function writeImports(
  context: MailContext,
  tx: WriteTransaction,
  groups: readonly ImportGroup[],
): Promise<{ results: ImportGroupResult[]; nearFull: string[] }> {
  const session = new ImportSession(context, tx);
  await session.lock(groups.flatMap((group) => group.prepared.filter(isPrepared)));
  const staged: ((StagedImport | DomainError)[] | DomainError)[] = [];
  for (const group of groups) {
    const refusal = group.isAtomic ? await session.check(group.prepared) : undefined;
    if (refusal !== undefined) {
      staged.push(refusal);
      continue;
    }
    const entries: (StagedImport | DomainError)[] = [];
    for (const item of group.prepared) {
      const entry = item instanceof DomainError ? item : await stageOne(session, item);
      // Checked whole just above: a refusal now would leave part of an atomic group staged.
      if (group.isAtomic && entry instanceof DomainError) throw entry;
      entries.push(entry);
    }
    staged.push(entries);
  }
  const { imported, nearFull } = await session.finish();
  const results = staged.map((entries): ImportGroupResult => {
    if (entries instanceof DomainError) return { ok: false, error: entries };
    const outcomes = entries.map((entry): ImportOutcome => {
      if (entry instanceof DomainError) return { ok: false, error: entry };
      const email = imported.get(entry.emailId);
      if (email === undefined) throw new Error(`staged email ${entry.emailId} was not written`);
      return { ok: true, email };
    });
    return { ok: true, outcomes };
  });
  for (const [index, group] of groups.entries()) {
    const result = results[index];
    if (result?.ok === true) await group.beforeCommit?.(tx, result.outcomes);
  }
  return { results, nearFull };
}

/** After the commit: warnings for accounts filling up (their own transactions; a failure here loses no mail). */
export async function sendNearFullNotices(
  context: MailContext,
  accountIds: readonly string[],
): Promise<void> {
  for (const accountId of accountIds) {
    try {
      await sendQuotaNotices(context, accountId);
    } catch (error) {
      context.log.error({ err: error, accountId }, 'quota notice failed; it is retried at the next delivery');
    }
  }
}

function isPrepared(item: PreparedImport | DomainError): item is PreparedImport {
  return !(item instanceof DomainError);
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
    // Referenced next, by the import's transaction: a small message's bytes may wait for that commit.
    const blob = await context.blobs.put(raw, {
      maxBytes: MAIL_LIMITS.maxMessageBytes,
      isReferencedNext: true,
    });
    return {
      accountId: request.accountId,
      parsed,
      ...derivedParts(raw, parsed),
      blob,
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
