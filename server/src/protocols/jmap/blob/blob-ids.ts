// JMAP blob ids (RFC 8620 §6): a stored message is `m<emailId>`, one MIME part of it is `p<partId>x<emailId>`
// with the part's dots as dashes (`p2-1xAbc…` is part 2.1). Both name an email, so a download is authorised by
// the email's account like any other read, and a blob of someone else's email is simply not found. An upload is
// `u<uploadId>`, the account's own for a day. A part of the message another blob holds (what Email/parse shows
// of an uploaded .eml or of an attached message) is `v<partId>x<blobId>`, nested at most MAX_BLOB_NESTING deep.
// Ids stay within the JMAP id alphabet (A–Z a–z 0–9 - _) and MAX_ID_LENGTH.

import { MAX_ID_LENGTH } from '../jmap-limits.ts';

export type BlobRef =
  | { readonly kind: 'message'; readonly emailId: string }
  | { readonly kind: 'part'; readonly emailId: string; readonly partId: string }
  | { readonly kind: 'upload'; readonly uploadId: string }
  /** Part `partId` of the message held in blob `blobId` (found by parsing that blob). */
  | { readonly kind: 'blobPart'; readonly blobId: string; readonly partId: string };

/**
 * Parts of parts of … a blob: each level reparses the blob below it, so the chain is short. Four levels cover a
 * part of a message attached to a message attached to an upload.
 */
export const MAX_BLOB_NESTING = 4;

const PART_ID = '[1-9][0-9]{0,5}(?:-[1-9][0-9]{0,5}){0,63}';
const MESSAGE = /^m([A-Za-z0-9_-]{1,200})$/;
const PART = new RegExp(`^p(${PART_ID})x([A-Za-z0-9_-]{1,200})$`);
const UPLOAD = /^u([A-Za-z0-9_-]{1,200})$/;
const BLOB_PART = new RegExp(`^v(${PART_ID})x([A-Za-z0-9_-]+)$`);

export function messageBlobId(emailId: string): string {
  return `m${emailId}`;
}

export function partBlobId(emailId: string, partId: string): string {
  return `p${partId.replaceAll('.', '-')}x${emailId}`;
}

export function uploadBlobId(uploadId: string): string {
  return `u${uploadId}`;
}

/**
 * The blob id of part `partId` of the message that blob `blobId` holds. A stored message's parts have ids of
 * their own (its stored structure numbers them the same); undefined when the id would nest too deep or be too long.
 */
export function blobPartId(blobId: string, partId: string): string | undefined {
  const ref = parseBlobId(blobId);
  if (ref?.kind === 'message') return partBlobId(ref.emailId, partId);
  const id = `v${partId.replaceAll('.', '-')}x${blobId}`;
  return parseBlobId(id) === undefined ? undefined : id;
}

/** What a blob id names, or undefined for an id this server did not make. */
export function parseBlobId(blobId: string): BlobRef | undefined {
  return blobId.length > MAX_ID_LENGTH ? undefined : parseNested(blobId, 0);
}

function parseNested(blobId: string, depth: number): BlobRef | undefined {
  const message = MESSAGE.exec(blobId);
  if (message?.[1] !== undefined) return { kind: 'message', emailId: message[1] };
  const upload = UPLOAD.exec(blobId);
  if (upload?.[1] !== undefined) return { kind: 'upload', uploadId: upload[1] };
  const part = PART.exec(blobId);
  if (part?.[1] !== undefined && part[2] !== undefined)
    return { kind: 'part', emailId: part[2], partId: part[1].replaceAll('-', '.') };
  const blobPart = BLOB_PART.exec(blobId);
  if (blobPart?.[1] === undefined || blobPart[2] === undefined || depth >= MAX_BLOB_NESTING) return undefined;
  // The inner id is checked whole: a chain is only as valid as the blob at its end.
  if (parseNested(blobPart[2], depth + 1) === undefined) return undefined;
  return { kind: 'blobPart', blobId: blobPart[2], partId: blobPart[1].replaceAll('-', '.') };
}
