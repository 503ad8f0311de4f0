// What protocols read about emails: stored metadata without reparsing (JMAP Email/get, IMAP FETCH ENVELOPE,
// BODYSTRUCTURE), the raw bytes or a byte range of them (BODY[section] through the recorded offsets), threads
// and the account's quota. Ids of another account are simply not found.

import { oneChunk, type PreparedQuery, prepareQuery } from '#store';
import { quotaOf } from './account-lock.ts';
import type {
  Email,
  EmailDetail,
  EmailStructure,
  EmailSummary,
  MailboxMessage,
  Quota,
  SummaryDetail,
  Thread,
} from './email.ts';
import { EMAIL_COLUMNS, ownedBy, toEmail, type EmailSummaryRow } from './email-rows.ts';
import { headerCopiesOf } from './header-copies.ts';
import { keywordReader } from './keywords.ts';
import type { MailContext } from './mail-context.ts';
import { invalid, notFound } from './mail-errors.ts';
import { inChunks } from './mail-limits.ts';

const ALL_DETAILS: readonly EmailDetail[] = ['mailboxUids', 'structure'];

/** The account's emails among `ids`, in the order asked; ids that are not its emails are left out. */
export async function getEmails(
  context: MailContext,
  accountId: string,
  ids: readonly string[],
  details: readonly EmailDetail[] = ALL_DETAILS,
): Promise<Email[]> {
  const { db } = context.database;
  const withStructure = details.includes('structure');
  const withMailboxes = details.includes('mailboxUids');
  const withHeaderCache = details.includes('headerCache');
  const rows = new Map<string, EmailSummaryRow>();
  const uids = new Map<string, Record<string, number>>();
  for (const part of inChunks([...new Set(ids)])) {
    const found = await db
      .selectFrom('emails')
      .select([...EMAIL_COLUMNS, 'account_id'])
      .$if(withStructure, (query) => query.select('structure'))
      .$if(withHeaderCache, (query) => query.select('header_cache'))
      .where('id', 'in', part)
      .execute()
      .then(ownedBy(accountId));
    for (const row of found) rows.set(row.id, row);
    if (!withMailboxes || found.length === 0) continue;
    const memberships = await db
      .selectFrom('email_mailboxes')
      .select(['email_id', 'mailbox_id', 'uid'])
      .where(
        'email_id',
        'in',
        found.map((row) => row.id),
      )
      .execute();
    for (const membership of memberships) {
      const entry = uids.get(membership.email_id) ?? {};
      entry[membership.mailbox_id] = Number(membership.uid);
      uids.set(membership.email_id, entry);
    }
  }
  const keywords = keywordReader();
  return ids.flatMap((id) => {
    const row = rows.get(id);
    if (row === undefined) return [];
    return [toEmail(row, keywords, withMailboxes ? (uids.get(id) ?? {}) : undefined)];
  });
}

interface SummaryRow {
  readonly id: string;
  readonly account_id: string;
  readonly thread_id?: string;
  readonly size: number;
  readonly received_at: number;
  readonly preview?: string;
  readonly structure?: string;
  readonly header_cache?: Uint8Array | null;
  readonly blob_id?: string;
  readonly content?: Uint8Array | null;
}

/** Prepared (store/prepared-query.ts) per combination of details, 48 at most: one per 100 emails. */
const summaryQueries = new Map<string, PreparedQuery<{ ids: readonly string[] }, SummaryRow>>();

function summaryQuery(
  details: readonly SummaryDetail[],
): PreparedQuery<{ ids: readonly string[] }, SummaryRow> {
  const withThread = details.includes('threadId');
  const withPreview = details.includes('preview');
  const withStructure = details.includes('structure');
  const withHeaderCache = details.includes('headerCache');
  const withBlob = details.includes('bytes');
  const withContent = withBlob && details.includes('content');
  const key = `${withThread} ${withPreview} ${withStructure} ${withHeaderCache} ${withBlob} ${withContent}`;
  let query = summaryQueries.get(key);
  if (query === undefined) {
    query = prepareQuery((db, p: { ids: readonly string[] }) =>
      db
        .selectFrom('emails')
        .select(['emails.id', 'emails.account_id', 'emails.size', 'emails.received_at'])
        .$if(withThread, (builder) => builder.select('emails.thread_id'))
        .$if(withPreview, (builder) => builder.select('emails.preview'))
        .$if(withStructure, (builder) => builder.select('emails.structure'))
        .$if(withHeaderCache, (builder) => builder.select('emails.header_cache'))
        .$if(withBlob, (builder) => builder.select('emails.blob_id'))
        // The content of a blob kept in the database (store/blobs-in-database.ts) is its blob's bytes, whoever
        // reads them: null here sends readBytes to the blob store.
        .$if(withContent, (builder) =>
          builder
            .leftJoin('blob_contents', 'blob_contents.id', 'emails.blob_id')
            .select('blob_contents.content'),
        )
        .where('emails.id', 'in', p.ids),
    );
    summaryQueries.set(key, query);
  }
  return query;
}

/**
 * getEmailSummaries with only the header cache, for messages of one of the account's mailboxes: IMAP's header
 * FETCH of a range. The rows come from membership_headers, in UID order, a short row each; a message without
 * one there (no header cache, or no longer in the mailbox) is read from `emails` as getEmailSummaries reads it.
 * In the order asked; messages whose email no longer exists are left out.
 */
export async function getHeaderSummaries(
  context: MailContext,
  accountId: string,
  mailboxId: string,
  messages: readonly MailboxMessage[],
): Promise<EmailSummary[]> {
  const byUid = await headerCopiesOf(
    context,
    accountId,
    mailboxId,
    messages.map(({ uid }) => uid),
  );
  const missing = messages.filter(({ uid }) => !byUid.has(uid)).map(({ emailId }) => emailId);
  const read =
    missing.length === 0
      ? new Map<string, EmailSummary>()
      : new Map(
          (await getEmailSummaries(context, accountId, missing, ['headerCache'])).map((row) => [row.id, row]),
        );
  const summaries: EmailSummary[] = [];
  for (const { uid, emailId } of messages) {
    const copy = byUid.get(uid);
    const summary =
      copy === undefined
        ? read.get(emailId)
        : {
            id: emailId,
            size: copy.size,
            receivedAt: new Date(copy.receivedAt),
            headerCache: copy.headerCache,
          };
    if (summary !== undefined) summaries.push(summary);
  }
  return summaries;
}

const blobOfEmail = prepareQuery((db, p: { accountId: string; emailId: string }) =>
  db
    .selectFrom('emails')
    .select(['blob_id', 'size'])
    .where('account_id', '=', p.accountId)
    .where('id', '=', p.emailId),
);

/** The account's emails among `ids`, in the order asked, as EmailSummary; `details` adds costly columns. */
export async function getEmailSummaries(
  context: MailContext,
  accountId: string,
  ids: readonly string[],
  details: readonly SummaryDetail[],
): Promise<EmailSummary[]> {
  const { db } = context.database;
  const query = summaryQuery(details);
  const byId = new Map<string, EmailSummary>();
  for (const part of inChunks([...new Set(ids)])) {
    const rows = await query.execute(db, { ids: part }).then(ownedBy(accountId));
    for (const row of rows) {
      byId.set(row.id, {
        id: row.id,
        size: Number(row.size),
        receivedAt: new Date(Number(row.received_at)),
        ...(row.thread_id === undefined ? {} : { threadId: row.thread_id }),
        ...(row.preview === undefined ? {} : { preview: row.preview }),
        ...(row.structure === undefined ? {} : { structure: JSON.parse(row.structure) as EmailStructure }),
        ...(row.header_cache === undefined ? {} : { headerCache: row.header_cache }),
        ...(row.blob_id === undefined
          ? {}
          : row.content === undefined || row.content === null
            ? { readBytes: bytesReader(context, row.id, row.blob_id, row.size) }
            : { readBytes: contentReader(row.content), content: row.content }),
      });
    }
  }
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * The email's raw bytes, all or the range [start, end) (clamped to the message, as IMAP partial FETCH wants),
 * streamed from the blob store; notFound when the account has no such email.
 */
export async function getEmailBytes(
  context: MailContext,
  accountId: string,
  emailId: string,
  range?: { readonly start: number; readonly end: number },
): Promise<AsyncIterable<Uint8Array>> {
  const row = await blobOfEmail.executeTakeFirst(context.database.db, { accountId, emailId });
  if (row === undefined) throw notFound('email', emailId);
  return await bytesReader(context, emailId, row.blob_id, row.size)(range);
}

/** getEmailBytes for an email whose row was read already: its blob and size. */
function bytesReader(
  context: MailContext,
  emailId: string,
  blobId: string,
  size: number | bigint,
): (range?: { readonly start: number; readonly end: number }) => Promise<AsyncIterable<Uint8Array>> {
  return (range) => readEmailBlob(context, emailId, blobId, Number(size), range);
}

/** getEmailBytes for an email whose bytes came with its row (the `content` detail). */
function contentReader(
  content: Uint8Array,
): (range?: { readonly start: number; readonly end: number }) => Promise<AsyncIterable<Uint8Array>> {
  // An invalid range rejects, as the blob store's reading does.
  return (range) =>
    new Promise((resolve) => {
      const bounds = clampedRange(range, content.length);
      resolve(oneChunk(bounds === undefined ? content : content.subarray(bounds.start, bounds.end)));
    });
}

/** [start, end) clamped to the message, as IMAP partial FETCH wants; invalidRange when it is not a range. */
function clampedRange(
  range: { readonly start: number; readonly end: number } | undefined,
  size: number,
): { start: number; end: number } | undefined {
  if (range === undefined) return undefined;
  if (
    !Number.isSafeInteger(range.start) ||
    !Number.isSafeInteger(range.end) ||
    range.start < 0 ||
    range.end < range.start
  ) {
    throw invalid('email', `${range.start}-${range.end}`, 'invalidRange');
  }
  return { start: Math.min(range.start, size), end: Math.min(range.end, size) };
}

async function readEmailBlob(
  context: MailContext,
  emailId: string,
  blobId: string,
  size: number,
  range: { readonly start: number; readonly end: number } | undefined,
): Promise<AsyncIterable<Uint8Array>> {
  const bounds = clampedRange(range, size);
  const stream = await context.blobs.read(blobId, bounds);
  // The row holds a reference, so the blob exists; its absence means the blob store lost data.
  if (stream === undefined) throw new Error(`blob ${blobId} of email ${emailId} is missing`);
  return stream;
}

/** The account's threads among `threadIds` with their emails, oldest first (JMAP Thread/get). */
export async function getThreads(
  context: MailContext,
  accountId: string,
  threadIds: readonly string[],
): Promise<Thread[]> {
  const emails = new Map<string, string[]>();
  for (const part of inChunks([...new Set(threadIds)])) {
    // Sorted here, not in SQL: an ORDER BY received_at makes SQLite walk the account's date index (every email
    // of the account, 180 ms at 100,000) instead of the thread index, which finds a thread's few rows.
    const rows = await context.database.db
      .selectFrom('emails')
      .select(['id', 'thread_id', 'received_at'])
      .where('account_id', '=', accountId)
      .where('thread_id', 'in', part)
      .execute();
    rows.sort(
      (a, b) => Number(a.received_at) - Number(b.received_at) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
    );
    for (const row of rows) {
      const list = emails.get(row.thread_id);
      if (list === undefined) emails.set(row.thread_id, [row.id]);
      else list.push(row.id);
    }
  }
  return threadIds.flatMap((id) => {
    const emailIds = emails.get(id);
    return emailIds === undefined ? [] : [{ id, emailIds }];
  });
}

/** Limit and usage of the account (IMAP GETQUOTAROOT, JMAP Quota/get). */
export async function getQuota(context: MailContext, accountId: string): Promise<Quota> {
  const row = await context.database.db
    .selectFrom('accounts')
    .select(['profile_category', 'quota_bytes', 'quota_messages', 'used_bytes', 'used_messages'])
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (row === undefined) throw notFound('account', accountId);
  return quotaOf(context, row);
}

/** The email's raw bytes (all, or the range [start, end) clamped to the message) in one buffer. */
export async function readEmailBytes(
  context: MailContext,
  accountId: string,
  emailId: string,
  range?: { readonly start: number; readonly end: number },
): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of await getEmailBytes(context, accountId, emailId, range)) chunks.push(chunk);
  return Buffer.concat(chunks);
}
