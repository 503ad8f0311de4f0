// Blob uploads (JMAP, RFC 8620 §6.1): content a client sends ahead of the call that uses it (a draft's
// attachment, a message to import). The content goes to the blob store first, then one transaction records the
// upload and takes a reference on the blob, so the collector keeps it while the row exists. Uploads are charged
// to no quota but bounded per account (MAIL_LIMITS), expire after uploadLifetimeMs, and are then deleted by the
// expiry job, which drops the reference. Nothing here is a change a client syncs: no modseq, no change log.
// Security: the content and the media type are client input; the type is checked against RFC 6838/9110 syntax.

import { DomainError, StoreError } from '#core/errors';
import { newId } from '#core/ids';
import { addBlobReference, type BlobRef, dropBlobReference, type WriteTransaction } from '#store';
import { lockAccount } from './account-lock.ts';
import type { MailContext } from './mail-context.ts';
import { invalid, overLimit } from './mail-errors.ts';
import { MAIL_LIMITS } from './mail-limits.ts';

export interface Upload {
  /** The upload's id (JMAP builds its blob id from it). */
  readonly id: string;
  /** The media type the client declared, as given (outer white space trimmed). */
  readonly type: string;
  readonly size: number;
  readonly createdAt: Date;
}

/** An upload and its content, or a byte range [start, end) of it clamped to its size. */
export interface UploadContent {
  readonly upload: Upload;
  readonly content: AsyncIterable<Uint8Array>;
}

/** The media type when a client declares none (RFC 8620 §6.1 leaves it to the server; RFC 2046 §4.5.1). */
export const DEFAULT_UPLOAD_TYPE = 'application/octet-stream';

/** RFC 6838 §4.2 restricted names for type and subtype, then RFC 9110 §5.6.6 parameters. */
const MEDIA_TYPE =
  /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}(?:[ \t]*;[ \t]*[!#$%&'*+.^_`|~0-9A-Za-z-]+=(?:[!#$%&'*+.^_`|~0-9A-Za-z-]+|"(?:[\t\x20\x21\x23-\x5b\x5d-\x7e]|\\[\t\x20-\x7e])*"))*$/;

/** Expired uploads deleted per transaction: short transactions keep the single SQLite writer free. */
const EXPIRY_BATCH = 500;

/**
 * Store `content` as an upload of the account. Refusals: invalid (media type), tooBig (over maxUploadBytes,
 * noticed while reading, so nothing beyond the limit is read), limit (the account holds too many uploads, or
 * too many bytes of them), notFound (no such account).
 */
export async function uploadBlob(
  context: MailContext,
  accountId: string,
  content: Uint8Array | AsyncIterable<Uint8Array>,
  type: string,
): Promise<Upload> {
  const mediaType = parseMediaType(type);
  // Refuse before reading up to 50 MiB that could not be kept; checked again, exactly, in the transaction.
  checkPending(await pendingUsage(context, context.database.db, accountId), 0);
  const blob = await putContent(context, content);
  const now = context.clock.nowMs();
  const id = newId('u');
  await context.database.write(async (tx) => {
    // The account's row lock: two uploads of one account on two PostgreSQL nodes cannot both pass the bounds.
    await lockAccount(context, tx, accountId);
    checkPending(await pendingUsage(context, tx.db, accountId), blob.size);
    await addBlobReference(tx, blob, context.clock);
    await tx.db
      .insertInto('blob_uploads')
      .values({
        id,
        account_id: accountId,
        blob_id: blob.id,
        type: mediaType,
        size: blob.size,
        created_at: now,
      })
      .execute();
  });
  return { id, type: mediaType, size: blob.size, createdAt: new Date(now) };
}

/** The account's upload `uploadId`, unless it does not exist, is another account's, or has expired. */
export async function getUpload(
  context: MailContext,
  accountId: string,
  uploadId: string,
): Promise<Upload | undefined> {
  const row = await findUpload(context, accountId, uploadId);
  return row === undefined ? undefined : toUpload(row);
}

/** The content of the account's upload (or the byte range [start, end) of it), or undefined as getUpload. */
export async function readUpload(
  context: MailContext,
  accountId: string,
  uploadId: string,
  range?: { readonly start: number; readonly end: number },
): Promise<UploadContent | undefined> {
  const row = await findUpload(context, accountId, uploadId);
  if (row === undefined) return undefined;
  const size = Number(row.size);
  if (range !== undefined && !isRange(range)) {
    throw invalid('upload', `${range.start}-${range.end}`, 'invalidRange');
  }
  const bounds =
    range === undefined ? undefined : { start: Math.min(range.start, size), end: Math.min(range.end, size) };
  const content = await context.blobs.read(row.blob_id, bounds);
  // The row holds a reference, so the blob exists; its absence means the blob store lost data.
  if (content === undefined) throw new Error(`blob ${row.blob_id} of upload ${uploadId} is missing`);
  return { upload: toUpload(row), content };
}

/**
 * The expiry job's half: delete every upload older than uploadLifetimeMs at `nowMs` and drop its blob
 * reference, in short transactions. Returns how many went. Two nodes at once is harmless: a row is deleted,
 * and its reference dropped, by the one transaction that deletes it.
 */
export async function expireUploads(context: MailContext, nowMs: number): Promise<number> {
  const cutoff = nowMs - MAIL_LIMITS.uploadLifetimeMs;
  let total = 0;
  for (;;) {
    const expired = await context.database.write(async (tx) => {
      const batch = await tx.db
        .selectFrom('blob_uploads')
        .select('id')
        .where('created_at', '<', cutoff)
        .orderBy('created_at')
        .limit(EXPIRY_BATCH)
        .execute();
      if (batch.length === 0) return 0;
      const deleted = await tx.db
        .deleteFrom('blob_uploads')
        .where(
          'id',
          'in',
          batch.map((row) => row.id),
        )
        .returning('blob_id')
        .execute();
      for (const row of deleted) await dropBlobReference(tx, row.blob_id, context.clock);
      return batch.length;
    });
    total += expired;
    // Each round deletes rows or stops, so the loop ends.
    if (expired < EXPIRY_BATCH) break;
  }
  if (total > 0) context.log.info({ event: 'uploads.expired', count: total }, 'expired uploads deleted');
  return total;
}

function isRange(range: { readonly start: number; readonly end: number }): boolean {
  return (
    Number.isSafeInteger(range.start) &&
    Number.isSafeInteger(range.end) &&
    range.start >= 0 &&
    range.end >= range.start
  );
}

/** The media type as stored: trimmed, checked, `application/octet-stream` when the client gave none. */
function parseMediaType(type: string): string {
  const trimmed = type.trim();
  if (trimmed === '') return DEFAULT_UPLOAD_TYPE;
  if (trimmed.length > MAIL_LIMITS.maxMediaTypeLength || !MEDIA_TYPE.test(trimmed)) {
    throw invalid('upload', trimmed.slice(0, 64), 'invalidMediaType');
  }
  return trimmed;
}

async function putContent(
  context: MailContext,
  content: Uint8Array | AsyncIterable<Uint8Array>,
): Promise<BlobRef> {
  try {
    return await context.blobs.put(content, { maxBytes: MAIL_LIMITS.maxUploadBytes });
  } catch (error) {
    if (!(error instanceof StoreError && error.code === 'tooBig')) throw error;
    throw new DomainError('tooBig', `upload larger than ${MAIL_LIMITS.maxUploadBytes} bytes`, {
      cause: error,
      details: { subject: 'upload', name: '', reason: 'tooBig', max: MAIL_LIMITS.maxUploadBytes },
    });
  }
}

interface PendingUsage {
  readonly uploads: number;
  readonly bytes: number;
}

type Reader = MailContext['database']['db'] | WriteTransaction['db'];

/** The account's live uploads: how many, and their bytes (expired ones, awaiting the job, do not count). */
async function pendingUsage(context: MailContext, db: Reader, accountId: string): Promise<PendingUsage> {
  const row = await db
    .selectFrom('blob_uploads')
    .select((eb) => [eb.fn.countAll().as('uploads'), eb.fn.sum('size').as('bytes')])
    .where('account_id', '=', accountId)
    .where('created_at', '>=', context.clock.nowMs() - MAIL_LIMITS.uploadLifetimeMs)
    .executeTakeFirst();
  // PostgreSQL sums and counts bigints as numeric/bigint text; an account without uploads sums to null.
  return { uploads: Number(row?.uploads ?? 0), bytes: Number(row?.bytes ?? 0) };
}

function checkPending(usage: PendingUsage, size: number): void {
  if (usage.uploads + 1 > MAIL_LIMITS.maxPendingUploads)
    throw overLimit('upload', '', 'tooManyUploads', MAIL_LIMITS.maxPendingUploads);
  if (usage.bytes + size > MAIL_LIMITS.maxPendingUploadBytes)
    throw overLimit('upload', '', 'uploadsTooLarge', MAIL_LIMITS.maxPendingUploadBytes);
}

interface UploadRow {
  readonly id: string;
  readonly blob_id: string;
  readonly type: string;
  readonly size: number;
  readonly created_at: number;
}

async function findUpload(
  context: MailContext,
  accountId: string,
  uploadId: string,
): Promise<UploadRow | undefined> {
  const row = await context.database.db
    .selectFrom('blob_uploads')
    .select(['id', 'account_id', 'blob_id', 'type', 'size', 'created_at'])
    .where('id', '=', uploadId)
    .executeTakeFirst();
  // Another account's upload reads exactly like a missing one (STYLE.md §3.6), and so does an expired one.
  if (row === undefined || row.account_id !== accountId) return undefined;
  if (Number(row.created_at) < context.clock.nowMs() - MAIL_LIMITS.uploadLifetimeMs) return undefined;
  return row;
}

function toUpload(row: UploadRow): Upload {
  return { id: row.id, type: row.type, size: Number(row.size), createdAt: new Date(Number(row.created_at)) };
}
