// Blob download (RFC 8620 §6.2): GET /jmap/download/{accountId}/{blobId}/{name}?accept={type}. A message is
// streamed as stored; a MIME part is cut from it by its recorded offsets and decoded (base64,
// quoted-printable), never by reparsing the message.
// Security: what is served is mail from the outside. It is always an attachment, never rendered by the
// browser on our origin (Content-Disposition attachment, CSP sandbox, nosniff), whatever type was asked.

import { DomainError } from '#core/errors';
import type { MailService } from '#domain/mail';
import { decodeBody, findPart } from '#formats/mime';
import type { JmapPrincipal } from '../method-context.ts';
import { parseBlobId } from './blob-ids.ts';

export interface DownloadRequest {
  readonly accountId: string;
  readonly blobId: string;
  readonly name: string;
  readonly accept: string | undefined;
}

/** type/subtype of RFC 6838 restricted names, with no parameters: anything else is served as octets. */
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126}$/;
/** A blob's content never changes under its id. */
const IMMUTABLE = 'private, max-age=31536000, immutable';
const MAX_NAME_LENGTH = 255;

export async function downloadBlob(
  request: DownloadRequest,
  principal: JmapPrincipal,
  mail: Pick<MailService, 'getEmails' | 'getEmailBytes'>,
): Promise<Response> {
  const ref = parseBlobId(request.blobId);
  if (request.accountId !== principal.accountId || ref === undefined) return notFound();
  const headers = {
    'Content-Type':
      request.accept !== undefined && MEDIA_TYPE.test(request.accept)
        ? request.accept
        : 'application/octet-stream',
    'Content-Disposition': contentDisposition(request.name),
    'Content-Security-Policy': "sandbox; default-src 'none'",
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': IMMUTABLE,
  };
  try {
    if (ref.kind === 'message') {
      const bytes = await mail.getEmailBytes(principal.accountId, ref.emailId);
      return new Response(ReadableStream.from(bytes) as ReadableStream<Uint8Array>, { headers });
    }
    const [email] = await mail.getEmails(principal.accountId, [ref.emailId], ['structure']);
    const part = email?.structure === undefined ? undefined : findPart(email.structure.structure, ref.partId);
    // A multipart has no content of its own (its blobId is null in Email/get).
    if (part === undefined || part.type === 'multipart') return notFound();
    const chunks: Uint8Array[] = [];
    for await (const chunk of await mail.getEmailBytes(principal.accountId, ref.emailId, {
      start: part.bodyStart,
      end: part.bodyEnd,
    }))
      chunks.push(chunk);
    // decodeBody reads the part at its offsets in what it is given: here the body alone, so from 0.
    const decoded = decodeBody(Buffer.concat(chunks), {
      ...part,
      bodyStart: 0,
      bodyEnd: part.bodyEnd - part.bodyStart,
    });
    return new Response(decoded, { headers: { ...headers, 'Content-Length': String(decoded.byteLength) } });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'notFound') return notFound();
    throw error;
  }
}

function notFound(): Response {
  return Response.json(
    { type: 'about:blank', status: 404, detail: 'No such blob in this account.' },
    { status: 404 },
  );
}

/** RFC 6266: an ASCII fallback name, and the exact name in RFC 8187 encoding. */
function contentDisposition(name: string): string {
  const bounded = [...name].slice(0, MAX_NAME_LENGTH).join('');
  const fallback = bounded.replace(/[^\x20-\x7e]|["\\%]/g, '_') || 'download';
  const encoded = encodeURIComponent(bounded).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
