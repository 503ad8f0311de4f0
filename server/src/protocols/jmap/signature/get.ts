// Signature/get (urn:vercors:jmap): every signature of the account when `ids` is null, in list order
// (sortOrder, name, id). The state is read before the list, after the identities (and so their signatures)
// were brought in line with the account's addresses.

import { defineMethod } from '../method-context.ts';
import { getArguments, requireAccount, selectProperties } from '../standard/arguments.ts';
import { getFromList } from '../standard/get-list.ts';
import { jmapSignature, SIGNATURE_PROPERTIES, VERCORS } from './signature-object.ts';

export const signatureGet = defineMethod({
  capability: VERCORS,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, SIGNATURE_PROPERTIES);
    const { state, signatures } = await context.services.mail.listSignatures(accountId);
    return {
      accountId,
      state: String(state),
      ...getFromList(signatures.map(jmapSignature), args.ids, properties),
    };
  },
});
