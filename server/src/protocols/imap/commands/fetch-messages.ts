// What FETCH reads before it writes (RFC 9051 §6.4.5): the messages of one batch as the response library
// wants them (FetchMessage), their stored rows loaded together, and \Seen set on the batch at once when a
// BODY[…] or BINARY[…] item asks for it. UID, FLAGS, MODSEQ and EMAILID come from the session's snapshot: a
// FETCH of those alone never calls the store.
// Security: rows are read only for the snapshot's own email ids, in batches of FETCH_BATCH_SIZE.

import type { EmailSummary, MailboxViewEntry, SummaryDetail } from '#domain/mail';
import type { CommandSession } from '../command.ts';
import type { BinaryRefusal } from '../fetch/binary.ts';
import type { FetchRequest } from '../fetch/fetch-items.ts';
import {
  type FetchMessage,
  type FetchResponseOptions,
  prepareFetchResponse,
} from '../fetch/fetch-response.ts';
import { systemFlagsOf } from '../message-flags.ts';
import type { SelectedMailbox } from '../selected-mailbox.ts';
import { zoneOffsets } from './internal-date-zone.ts';
import { keywordInterner, type TargetMessage } from './message-targets.ts';

/**
 * Messages per batch: one getEmailSummaries query and one \Seen update for each 100, and at most 100 rows (with their
 * MIME trees when needed, a few KB each) held at once, however large the mailbox.
 */
export const FETCH_BATCH_SIZE = 100;
/**
 * A batch of at most this many messages reads the stored octets of its small ones with their rows (the
 * `content` detail): one statement for a phone's one-message BODY[] instead of two. Larger batches read each
 * message's octets when its response is prepared, so a FETCH never holds more than a few messages' worth.
 */
const CONTENT_WITH_ROWS_UP_TO = 8;

/** Items answered from the snapshot (or NIL): everything else needs the stored row. */
const SNAPSHOT_ITEMS: ReadonlySet<string> = new Set(['UID', 'FLAGS', 'MODSEQ', 'EMAILID', 'SAVEDATE']);

/** What one FETCH command reads and how, worked out once. */
export interface FetchPlan {
  readonly session: CommandSession;
  readonly selected: SelectedMailbox;
  readonly request: FetchRequest;
  /** The request for a message whose \Seen this FETCH just set: MODSEQ added once CONDSTORE is on. */
  readonly seenRequest: FetchRequest;
  /** CONDSTORE is on (or this FETCH turns it on). */
  readonly condstore: boolean;
  /** undefined: no row is read at all. */
  readonly details: readonly SummaryDetail[] | undefined;
  /** For a batch of at most CONTENT_WITH_ROWS_UP_TO messages: `content` too when the octets are read. */
  readonly smallBatchDetails: readonly SummaryDetail[] | undefined;
  /**
   * The rows need nothing beyond size, arrival and the header cache: they are read by UID from the copies the
   * mailbox keeps in UID order (getHeaderSummaries). A client's listing asks just that.
   */
  readonly readsMailboxCopies: boolean;
  /** BODY[…] or BINARY[…] in a read-write mailbox (EXAMINE never changes flags, RFC 9051 §6.3.3). */
  readonly marksSeen: boolean;
  /**
   * A BINARY item may refuse the FETCH (UNKNOWN-CTE): each message is tried before \Seen is set, so a refused
   * message is not marked read. Only for non-PEEK BINARY, which clients rarely send; it reads the part twice.
   */
  readonly triesFirst: boolean;
  readonly isUid: boolean;
  readonly zoneAt: (epochMs: number) => number;
  readonly flagsOf: (keywords: readonly string[]) => readonly string[];
  readonly intern: (keywords: readonly string[]) => readonly string[];
}

export interface PreparedMessage {
  readonly message: FetchMessage;
  readonly request: FetchRequest;
  readonly options: FetchResponseOptions;
}

export interface LoadedBatch {
  /** In the order asked; ends before a refused message. */
  readonly messages: readonly PreparedMessage[];
  /** Messages of the snapshot whose email no longer exists (expunged and destroyed meanwhile). */
  readonly missing: number;
  readonly refusal: BinaryRefusal | undefined;
}

export function planFetch(
  session: CommandSession,
  selected: SelectedMailbox,
  request: FetchRequest,
  isUid: boolean,
): FetchPlan {
  const needsRow =
    request.needsStructure ||
    request.needsBytes ||
    request.items.some((item) => item.kind !== 'section' && !SNAPSHOT_ITEMS.has(item.kind));
  const marksSeen = request.setsSeen && !selected.isReadOnly;
  const hasModseq = request.items.some((item) => item.kind === 'MODSEQ');
  const condstore = session.enabled.has('CONDSTORE') || request.enablesCondstore;
  const flagsByKeywords = new Map<readonly string[], readonly string[]>();
  const details = needsRow ? detailsOf(request) : undefined;
  return {
    session,
    selected,
    request,
    // RFC 7162 §3.1: with CONDSTORE on, the FETCH response of a FETCH that set \Seen carries UID and MODSEQ.
    seenRequest:
      condstore && !hasModseq ? { ...request, items: [...request.items, { kind: 'MODSEQ' }] } : request,
    condstore,
    details,
    smallBatchDetails: details?.includes('bytes') ? [...details, 'content'] : details,
    readsMailboxCopies: details?.every((detail) => detail === 'headerCache') ?? false,
    marksSeen,
    triesFirst:
      marksSeen &&
      request.items.some((item) => item.kind === 'section' && item.section.item.startsWith('BINARY')),
    isUid,
    zoneAt: zoneOffsets(session.account?.timeZone),
    // The store shares one keyword array per distinct set: one FLAGS list each, not one per message.
    flagsOf: (keywords) => {
      let flags = flagsByKeywords.get(keywords);
      if (flags === undefined) {
        flags = systemFlagsOf(keywords);
        flagsByKeywords.set(keywords, flags);
      }
      return flags;
    },
    intern: keywordInterner(),
  };
}

/** Rows, \Seen and FetchMessages for one batch of at most FETCH_BATCH_SIZE messages. */
export async function loadBatch(plan: FetchPlan, batch: readonly TargetMessage[]): Promise<LoadedBatch> {
  const { session, selected } = plan;
  const rows =
    plan.details === undefined
      ? undefined
      : plan.readsMailboxCopies
        ? await session.context.mail.getHeaderSummaries(
            selected.accountId,
            selected.mailboxId,
            batch.map(({ entry }) => entry),
          )
        : await session.context.mail.getEmailSummaries(
            selected.accountId,
            batch.map(({ entry }) => entry.emailId),
            (batch.length <= CONTENT_WITH_ROWS_UP_TO ? plan.smallBatchDetails : undefined) ?? plan.details,
          );
  const byId = new Map(rows?.map((row) => [row.id, row]));
  // Emails without a header cache answer cached header fields from the message: they need their structure.
  const uncached =
    plan.request.readsHeaderCache && !plan.request.needsStructure
      ? rows?.filter((row) => !row.headerCache)
      : [];
  if (uncached !== undefined && uncached.length > 0) {
    const full = await session.context.mail.getEmailSummaries(
      selected.accountId,
      uncached.map((row) => row.id),
      [...new Set([...(plan.details ?? []), 'structure', 'headerCache'] as const)],
    );
    for (const row of full) byId.set(row.id, row);
  }
  const present = rows === undefined ? batch : batch.filter(({ entry }) => byId.has(entry.emailId));
  let ready = present;
  let refusal: BinaryRefusal | undefined;
  if (plan.triesFirst) {
    const tried = await tryEach(plan, present, byId);
    ready = present.slice(0, tried.count);
    refusal = tried.refusal;
  }
  const seenNow = plan.marksSeen ? await markSeen(plan, ready) : new Set<number>();
  const messages = ready.map((target) => {
    const isSeenNow = seenNow.has(target.entry.uid);
    return {
      message: messageOf(plan, target, byId.get(target.entry.emailId)),
      request: isSeenNow ? plan.seenRequest : plan.request,
      options: optionsOf(plan, byId.get(target.entry.emailId), isSeenNow),
    };
  });
  return { messages, missing: batch.length - present.length, refusal };
}

/** Prepares each message once without keeping it: how many come before the first refused one. */
async function tryEach(
  plan: FetchPlan,
  targets: readonly TargetMessage[],
  rows: ReadonlyMap<string, EmailSummary>,
): Promise<{ readonly count: number; readonly refusal: BinaryRefusal | undefined }> {
  for (const [index, target] of targets.entries()) {
    const row = rows.get(target.entry.emailId);
    const prepared = await prepareFetchResponse(
      messageOf(plan, target, row),
      plan.request,
      optionsOf(plan, row, false),
    );
    if (prepared.isRefused) return { count: index, refusal: { code: prepared.code, text: prepared.text } };
  }
  return { count: targets.length, refusal: undefined };
}

/**
 * \Seen on the messages of the batch that lack it, in one store call; the snapshot takes the new keywords and
 * modseq, so the next refresh does not report them again. Returns the UIDs changed (their FETCH gets FLAGS).
 */
async function markSeen(plan: FetchPlan, targets: readonly TargetMessage[]): Promise<Set<number>> {
  const { selected } = plan;
  const unseen = targets.filter((target) => !currentEntry(selected, target).keywords.includes('$seen'));
  if (unseen.length === 0) return new Set();
  const update = await plan.session.context.mail.addKeywords(
    selected.accountId,
    { mailboxId: selected.mailboxId, uids: unseen.map(({ entry }) => entry.uid) },
    ['$seen'],
  );
  const changed = new Set<number>();
  if (update.modseq === undefined) return changed;
  for (const email of update.updated) {
    if (email.uid === undefined) continue;
    selected.updateEntry(email.uid, plan.intern(email.keywords), update.modseq);
    changed.add(email.uid);
  }
  return changed;
}

function messageOf(plan: FetchPlan, target: TargetMessage, row: EmailSummary | undefined): FetchMessage {
  const { session, selected } = plan;
  const entry = currentEntry(selected, target);
  const { accountId } = selected;
  return {
    seq: target.seq,
    uid: entry.uid,
    flags: plan.flagsOf(entry.keywords),
    // Without a row (snapshot items only) these are never read: planFetch loads rows for every item using them.
    internalDate: row?.receivedAt.getTime() ?? 0,
    size: row?.size ?? 0,
    modseq: entry.modseq,
    emailId: entry.emailId,
    threadId: row?.threadId,
    structure: row?.structure,
    preview: row?.preview,
    // The store keeps no per-mailbox save date: NIL, as RFC 8514 §4 allows.
    savedAt: undefined,
    headerCache: row?.headerCache,
    read: row?.readBytes ?? ((range) => session.context.mail.getEmailBytes(accountId, entry.emailId, range)),
    bytes: row?.content,
  };
}

/** The parts of the rows the request reads beyond their columns. */
function detailsOf(request: FetchRequest): SummaryDetail[] {
  const details: SummaryDetail[] = [];
  if (request.needsStructure) details.push('structure');
  if (request.readsHeaderCache) details.push('headerCache');
  if (request.items.some((item) => item.kind === 'PREVIEW')) details.push('preview');
  if (request.items.some((item) => item.kind === 'THREADID')) details.push('threadId');
  // Not for cached header fields: most rows then never open their message, and a reader per row is garbage.
  if (request.readsMessageBytes) details.push('bytes');
  return details;
}

function optionsOf(plan: FetchPlan, row: EmailSummary | undefined, isSeenNow: boolean): FetchResponseOptions {
  return {
    utf8: plan.session.utf8,
    isImap4rev2: plan.session.enabled.has('IMAP4REV2'),
    // RFC 9051 §6.4.8: UID FETCH answers with the UID even when not asked; so does a \Seen change under CONDSTORE.
    includeUid: plan.isUid || (isSeenNow && plan.condstore),
    // RFC 9051 §6.4.5: the FLAGS that changed go with the data that changed them.
    includeFlags: isSeenNow,
    zoneMinutes: row === undefined ? 0 : plan.zoneAt(row.receivedAt.getTime()),
  };
}

/** The entry as it is now: markSeen() replaces entries, and no message leaves the snapshot during a FETCH. */
function currentEntry(selected: SelectedMailbox, target: TargetMessage): MailboxViewEntry {
  const now = selected.entries[target.seq - 1];
  return now?.uid === target.entry.uid ? now : target.entry;
}
