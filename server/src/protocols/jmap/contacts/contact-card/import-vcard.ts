// ContactCard/importVCard (urn:vercors:jmap, docs/jmap.md "Vercors additions"): a .vcf file the client uploaded
// (or a .vcf attached to a message: any blob of the account) read into one of the account's books, as
// `vercors contacts import` does (domain/contacts/vcard-transfer.ts): cards matched by UID, created or
// replaced, refused ones reported with their line and reason, the others written in one transaction.
// Security: the blob is read at most VCARD_LIMITS.maxImportBytes (+1 to tell it is over) and must be UTF-8.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import { z } from 'zod';
import { VCARD_LIMITS } from '#formats/vcard';
import { openBlob } from '../../blob/blob-read.ts';
import { defineMethod } from '../../method-context.ts';
import { MethodError } from '../../method-error.ts';
import { jmapId, requireAccount } from '../../standard/arguments.ts';
import { ownBook } from './vcard-book.ts';

const importArguments = z.strictObject({
  accountId: jmapId,
  addressBookId: jmapId,
  blobId: jmapId,
});

export const contactCardImportVcard = defineMethod({
  capability: JMAP_CAPABILITIES.vercors,
  schema: importArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const book = await ownBook(context, accountId, args.addressBookId);
    const bytes = await readBounded(context.services.mail, accountId, args.blobId);
    let text: string;
    try {
      text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
    } catch {
      // vCard 4 is UTF-8 only, and what vCard 3 exporters write today is too: a Windows-1252 file would import
      // with broken accents, so it is refused whole (the person re-exports it in UTF-8).
      throw new MethodError('invalidArguments', 'the file is not UTF-8 text', { reason: 'notUtf8' });
    }
    const report = await context.services.contacts.importVcards(
      { accountId },
      accountId,
      book.resourceName,
      text,
    );
    return {
      accountId,
      addressBookId: book.id,
      created: report.created,
      updated: report.updated,
      unchanged: report.unchanged,
      rejected: [...report.rejected].sort((a, b) => a.line - b.line),
    };
  },
});

/** The blob's bytes, refused (requestTooLarge) past the import bound without reading further. */
async function readBounded(
  mail: Parameters<typeof openBlob>[0],
  accountId: string,
  blobId: string,
): Promise<Uint8Array> {
  const content = await openBlob(mail, accountId, blobId);
  if (content === undefined)
    throw new MethodError('invalidArguments', `no blob ${blobId}`, { reason: 'blobNotFound' });
  const tooBig = () =>
    new MethodError('requestTooLarge', `a vCard file is limited to ${VCARD_LIMITS.maxImportBytes} bytes`, {
      reason: 'tooBig',
    });
  if (content.kind === 'bytes') {
    if (content.bytes.byteLength > VCARD_LIMITS.maxImportBytes) throw tooBig();
    return content.bytes;
  }
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of content.stream) {
    size += chunk.byteLength;
    if (size > VCARD_LIMITS.maxImportBytes) throw tooBig();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
