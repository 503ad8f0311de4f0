// Blob upload (RFC 8620 §6.1): POST /jmap/upload/{accountId}/ with the content as the body and its media type
// as Content-Type. The body is streamed to the blob store, never buffered, and counted while it is read: past
// maxSizeUpload the upload stops with the `limit` problem. At most maxConcurrentUpload uploads per account run
// at once in this process. The answer is 201 with {accountId, blobId, type, size}; the blob lasts a day.
// Security: pre-auth never reaches here; the body and Content-Type are client input, bounded and checked.

import { JMAP_REQUEST_ERRORS, type JmapProblem } from '@vercors/contract';
import { DomainError, StoreError } from '#core/errors';
import type { MailService } from '#domain/mail';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import type { JmapPrincipal } from '../method-context.ts';
import { uploadBlobId } from './blob-ids.ts';

export type UploadMail = Pick<MailService, 'uploadBlob'>;

export interface UploadRequest {
  /** The {accountId} of the URL. */
  readonly accountId: string;
  readonly contentType: string | undefined;
  readonly contentLength: string | undefined;
  readonly body: AsyncIterable<Uint8Array> | null;
  /** Aborted when the client goes away mid-upload. */
  readonly signal?: AbortSignal;
}

/** The limit names of the domain's per-account bounds, as this server reports them (not RFC 8620's). */
const PENDING_LIMITS: Readonly<Record<string, string>> = {
  tooManyUploads: 'maxPendingUploads',
  uploadsTooLarge: 'maxPendingUploadBytes',
};

/** Raised by the byte counter, through the blob store, when the body goes past maxSizeUpload. */
class UploadTooLarge extends Error {
  override readonly name = 'UploadTooLarge';
}

/** The upload endpoint, with its own count of uploads running per account in this process. */
export function createUploadEndpoint(
  mail: UploadMail,
): (request: UploadRequest, principal: JmapPrincipal) => Promise<Response> {
  const running = new Map<string, number>();
  return async (request, principal) => {
    // Another account's id reads as no account at all (STYLE.md §3.6): shared accounts come with delegation.
    if (request.accountId !== principal.accountId)
      return problem('about:blank', 404, 'No such account for this user.');
    const declared = Number(request.contentLength ?? '0');
    if (declared > JMAP_CORE_LIMITS.maxSizeUpload) return tooLarge();
    const inFlight = running.get(principal.accountId) ?? 0;
    if (inFlight >= JMAP_CORE_LIMITS.maxConcurrentUpload)
      return problem(JMAP_REQUEST_ERRORS.limit, 429, 'Too many uploads at once for this account.', {
        limit: 'maxConcurrentUpload',
      });
    running.set(principal.accountId, inFlight + 1);
    try {
      const content = request.body === null ? new Uint8Array(0) : counted(request.body);
      const upload = await mail.uploadBlob(principal.accountId, content, request.contentType ?? '');
      return Response.json(
        {
          accountId: principal.accountId,
          blobId: uploadBlobId(upload.id),
          type: upload.type,
          size: upload.size,
        },
        { status: 201, headers: { 'Cache-Control': 'no-store' } },
      );
    } catch (error) {
      return refusal(error, request.signal);
    } finally {
      const left = (running.get(principal.accountId) ?? 1) - 1;
      if (left > 0) running.set(principal.accountId, left);
      else running.delete(principal.accountId);
    }
  };
}

/** The body, counted: past maxSizeUpload it stops reading and fails the blob write. */
async function* counted(body: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
  let size = 0;
  for await (const chunk of body) {
    size += chunk.byteLength;
    if (size > JMAP_CORE_LIMITS.maxSizeUpload) throw new UploadTooLarge();
    yield chunk;
  }
}

/** The problem for a refused upload; anything unexpected is rethrown for the HTTP app's incident handling. */
function refusal(error: unknown, signal: AbortSignal | undefined): Response {
  if (error instanceof UploadTooLarge) return tooLarge();
  if (error instanceof DomainError) {
    switch (error.code) {
      case 'tooBig':
        return tooLarge();
      case 'limit':
        return problem(JMAP_REQUEST_ERRORS.limit, 400, 'This account holds too many uploads; try tomorrow.', {
          limit: PENDING_LIMITS[String(error.details.reason)] ?? 'maxPendingUploads',
        });
      case 'invalid':
        return problem('about:blank', 400, 'The Content-Type is not a valid media type.');
      case 'notFound':
        return problem('about:blank', 404, 'No such account for this user.');
      default:
        throw error;
    }
  }
  if (error instanceof StoreError && (error.code === 'busy' || error.code === 'unavailable'))
    return problem('about:blank', 503, 'Storage temporarily unavailable, try again later.');
  // The client went away mid-body: nobody reads this answer, and nothing was stored.
  if (signal?.aborted === true) return problem('about:blank', 400, 'The upload was interrupted.');
  throw error;
}

function tooLarge(): Response {
  return problem(
    JMAP_REQUEST_ERRORS.limit,
    413,
    `Uploads are limited to ${JMAP_CORE_LIMITS.maxSizeUpload} bytes.`,
    { limit: 'maxSizeUpload' },
  );
}

function problem(type: string, status: number, detail: string, extra: Partial<JmapProblem> = {}): Response {
  const body: JmapProblem = { type, status, detail, ...extra };
  return Response.json(body, { status });
}
