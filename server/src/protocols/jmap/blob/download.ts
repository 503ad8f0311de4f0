// Blob download (RFC 8620 §6.2): GET /jmap/download/{accountId}/{blobId}/{name}?accept={type}. A message is
// streamed as stored; a MIME part is cut from it by its recorded offsets and decoded (base64,
// quoted-printable), never by reparsing the message.
// Security: what is served is mail from the outside. It is always an attachment, never rendered by the
// browser on our origin (Content-Disposition attachment, CSP sandbox, nosniff), whatever type was asked.

import type { JmapPrincipal } from '../method-context.ts';
import { type BlobMail, openBlob } from './blob-read.ts';

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
  mail: BlobMail,
): Promise<Response> {
  if (request.accountId !== principal.accountId) return notFound();
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
  const content = await openBlob(mail, principal.accountId, request.blobId);
  if (content === undefined) return notFound();
  if (content.kind === 'stream')
    return new Response(ReadableStream.from(content.stream) as ReadableStream<Uint8Array>, { headers });
  return new Response(content.bytes, {
    headers: { ...headers, 'Content-Length': String(content.bytes.byteLength) },
  });
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
