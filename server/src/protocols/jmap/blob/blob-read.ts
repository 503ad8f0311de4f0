// The bytes of a blob this account may read, by blob id: a stored message, or one of its MIME parts cut by
// its recorded offsets and decoded. Download, drafts' attachments and Email/import read blobs through here.

import { DomainError } from '#core/errors';
import type { MailService } from '#domain/mail';
import { decodeBody, findPart } from '#formats/mime';
import { parseBlobId } from './blob-ids.ts';

export type BlobMail = Pick<MailService, 'getEmails' | 'getEmailBytes'>;

/** A blob's content as a stream (messages: not buffered) or bytes (parts: decoded); undefined when unknown. */
export type BlobContent =
  | { readonly kind: 'stream'; readonly stream: AsyncIterable<Uint8Array> }
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array };

export async function openBlob(
  mail: BlobMail,
  accountId: string,
  blobId: string,
): Promise<BlobContent | undefined> {
  const ref = parseBlobId(blobId);
  if (ref === undefined) return undefined;
  try {
    if (ref.kind === 'message')
      return { kind: 'stream', stream: await mail.getEmailBytes(accountId, ref.emailId) };
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
  } catch (error) {
    if (error instanceof DomainError && error.code === 'notFound') return undefined;
    throw error;
  }
}

/** The whole content of a blob in memory (attachments of a draft, a message to import). */
export async function readBlob(
  mail: BlobMail,
  accountId: string,
  blobId: string,
): Promise<Uint8Array | undefined> {
  const content = await openBlob(mail, accountId, blobId);
  if (content === undefined) return undefined;
  return content.kind === 'bytes' ? content.bytes : await collect(content.stream);
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
