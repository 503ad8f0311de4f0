// ContactCard/exportVCard (urn:vercors:jmap, docs/jmap.md "Vercors additions"): one of the account's books as
// a .vcf file (every card as stored, as `vercors contacts export` writes it), kept as one of the account's
// uploads so the client downloads it through the JMAP download URL like any blob. The file lives a day, within
// the uploads' bounds (maxPendingUploads, maxPendingUploadBytes), and is charged to no quota.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import { z } from 'zod';
import { uploadBlobId } from '../../blob/blob-ids.ts';
import { defineMethod } from '../../method-context.ts';
import { jmapId, requireAccount } from '../../standard/arguments.ts';
import { ownBook } from './vcard-book.ts';

/** RFC 6350 §10.1; the charset says what every exported card is (the store keeps UTF-8 text). */
const VCARD_TYPE = 'text/vcard; charset=utf-8';

const exportArguments = z.strictObject({
  accountId: jmapId,
  addressBookId: jmapId,
});

export const contactCardExportVcard = defineMethod({
  capability: JMAP_CAPABILITIES.vercors,
  schema: exportArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const book = await ownBook(context, accountId, args.addressBookId);
    const file = await context.services.contacts.exportVcards({ accountId }, accountId, book.resourceName);
    const upload = await context.services.mail.uploadBlob(accountId, Buffer.from(file, 'utf8'), VCARD_TYPE);
    return {
      accountId,
      addressBookId: book.id,
      blobId: uploadBlobId(upload.id),
      type: upload.type,
      size: upload.size,
    };
  },
});
