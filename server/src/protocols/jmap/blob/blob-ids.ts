// JMAP blob ids for stored mail (RFC 8620 §6): the raw message is `m<emailId>`, one MIME part of it is
// `p<partId>x<emailId>` with the part's dots as dashes (`p2-1xAbc…` is part 2.1). Both name an email, so a
// download is authorised by the email's account like any other read, and a blob of someone else's email is
// simply not found. Ids stay within the JMAP id alphabet (A–Z a–z 0–9 - _).

export type BlobRef =
  | { readonly kind: 'message'; readonly emailId: string }
  | { readonly kind: 'part'; readonly emailId: string; readonly partId: string };

export function messageBlobId(emailId: string): string {
  return `m${emailId}`;
}

export function partBlobId(emailId: string, partId: string): string {
  return `p${partId.replaceAll('.', '-')}x${emailId}`;
}

/** The email (and part) a blob id names, or undefined for an id this server did not make. */
export function parseBlobId(blobId: string): BlobRef | undefined {
  const message = /^m([A-Za-z0-9_-]{1,200})$/.exec(blobId);
  if (message?.[1] !== undefined) return { kind: 'message', emailId: message[1] };
  const part = /^p([1-9][0-9]{0,5}(?:-[1-9][0-9]{0,5}){0,63})x([A-Za-z0-9_-]{1,200})$/.exec(blobId);
  if (part?.[1] === undefined || part[2] === undefined) return undefined;
  return { kind: 'part', emailId: part[2], partId: part[1].replaceAll('-', '.') };
}
