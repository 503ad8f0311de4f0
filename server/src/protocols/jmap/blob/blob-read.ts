// The bytes of a blob this account may read, by blob id: a stored message, one of its MIME parts cut by its
// recorded offsets and decoded, an upload, or a part of the message another blob holds (parsed for it).
// Download, drafts' attachments, Email/import, Email/parse and Blob/copy read blobs through here.

import { DomainError } from '#core/errors';
import type { MailService } from '#domain/mail';
import { decodeBody, findPart, parseMessage } from '#formats/mime';
import { isMessage } from '../email/message-blob.ts';
import { type BlobRef, parseBlobId } from './blob-ids.ts';

export type BlobMail = Pick<MailService, 'getEmails' | 'getEmailBytes' | 'getUpload' | 'readUpload'>;

/** A blob's content as a stream (messages, uploads: not buffered) or bytes (parts: decoded). */
export type BlobContent =
  | { readonly kind: 'stream'; readonly stream: AsyncIterable<Uint8Array> }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

/** The content of the blob, or undefined when the account has no such blob. */
export async function openBlob(
  mail: BlobMail,
  accountId: string,
  blobId: string,
): Promise<BlobContent | undefined> {
  const ref = parseBlobId(blobId);
  if (ref === undefined) return undefined;
  try {
    switch (ref.kind) {
      case 'message':
        return { kind: 'stream', stream: await mail.getEmailBytes(accountId, ref.emailId) };
      case 'upload': {
        const upload = await mail.readUpload(accountId, ref.uploadId);
        return upload === undefined ? undefined : { kind: 'stream', stream: upload.content };
      }
      case 'part':
        return await readEmailPart(mail, accountId, ref);
      case 'blobPart':
        return await readBlobPart(mail, accountId, ref);
    }
  } catch (error) {
    if (error instanceof DomainError && error.code === 'notFound') return undefined;
    throw error;
  }
}

/** The whole content of a blob in memory (attachments of a draft, a message to import or parse). */
export async function readBlob(
  mail: BlobMail,
  accountId: string,
  blobId: string,
): Promise<Uint8Array | undefined> {
  const content = await openBlob(mail, accountId, blobId);
  if (content === undefined) return undefined;
  return content.kind === 'bytes' ? content.bytes : await collect(content.stream);
}

/** Whether the account has the blob, reading as little as that takes (Blob/copy). */
export async function hasBlob(mail: BlobMail, accountId: string, blobId: string): Promise<boolean> {
  const ref = parseBlobId(blobId);
  switch (ref?.kind) {
    case undefined:
      return false;
    case 'message':
      return (await mail.getEmails(accountId, [ref.emailId], [])).length > 0;
    case 'upload':
      return (await mail.getUpload(accountId, ref.uploadId)) !== undefined;
    case 'part': {
      const [email] = await mail.getEmails(accountId, [ref.emailId], ['structure']);
      const part =
        email?.structure === undefined ? undefined : findPart(email.structure.structure, ref.partId);
      return part !== undefined && part.type !== 'multipart';
    }
    case 'blobPart':
      // Only parsing the blob below tells whether it has the part.
      return (await openBlob(mail, accountId, blobId)) !== undefined;
  }
}

async function readEmailPart(
  mail: BlobMail,
  accountId: string,
  ref: Extract<BlobRef, { kind: 'part' }>,
): Promise<BlobContent | undefined> {
  const [email] = await mail.getEmails(accountId, [ref.emailId], ['structure']);
  const part = email?.structure === undefined ? undefined : findPart(email.structure.structure, ref.partId);
  // A multipart has no content of its own (its blobId is null in Email/get).
  if (part === undefined || part.type === 'multipart') return undefined;
  const body = await collect(
    await mail.getEmailBytes(accountId, ref.emailId, { start: part.bodyStart, end: part.bodyEnd }),
  );
  // decodeBody reads the part at its offsets in what it is given: here the body alone, so from 0.
  return {
    kind: 'bytes',
    bytes: decodeBody(body, { ...part, bodyStart: 0, bodyEnd: part.bodyEnd - part.bodyStart }),
  };
}

/** A part of the message held in another blob: that blob read whole and parsed (bounded by its own limits). */
async function readBlobPart(
  mail: BlobMail,
  accountId: string,
  ref: Extract<BlobRef, { kind: 'blobPart' }>,
): Promise<BlobContent | undefined> {
  const outer = await readBlob(mail, accountId, ref.blobId);
  // A blob that is no message (a PDF) has no parts, though the parser would make one of it.
  if (outer === undefined || !isMessage(outer)) return undefined;
  const part = findPart((await parseMessage(outer)).structure, ref.partId);
  if (part === undefined || part.type === 'multipart') return undefined;
  return { kind: 'bytes', bytes: decodeBody(outer, part) };
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
