// Signature/set (urn:vercors:jmap): create, update and destroy, each object on its own. `identityId` names one
// of the account's identities (or `#creationId` of one made earlier in the request) and never changes; the
// bounds per identity and per account are overQuota. Checks of the texts are the domain's (invalidProperties).

import { z } from 'zod';
import { SIGNATURE_TONES, type SignatureChanges } from '#domain/mail';
import type { MethodContext } from '../method-context.ts';
import { idOrCreationReference } from '../standard/arguments.ts';
import { fieldSetMethod } from '../standard/field-set.ts';
import { InvalidProperties } from '../standard/set-arguments.ts';
import { jmapSignature, VERCORS } from './signature-object.ts';

/** Types only: the domain checks sizes, controls and the range of sortOrder. */
const FIELDS = {
  identityId: idOrCreationReference,
  name: z.string(),
  textSignature: z.string(),
  htmlSignature: z.string(),
  useForInternal: z.boolean(),
  useForExternal: z.boolean(),
  tone: z.enum(SIGNATURE_TONES).nullable(),
  sortOrder: z.number(),
} as const;

export const signatureSet = fieldSetMethod({
  capability: VERCORS,
  type: 'Signature',
  fields: FIELDS,
  tooManyReason: 'tooManySignatures',
  show: jmapSignature,
  async create(accountId, fields, context) {
    const { identityId, ...rest } = withIdentity(fields, context);
    if (identityId === undefined)
      throw new InvalidProperties(['identityId'], 'a signature needs an identityId');
    return await context.services.mail.createSignature(accountId, { ...rest, identityId });
  },
  update: (accountId, id, fields, context) =>
    context.services.mail.updateSignature(accountId, id, withIdentity(fields, context)),
  destroy: (accountId, id, context) => context.services.mail.destroySignature(accountId, id),
});

/** The fields with `identityId` resolved when it names an identity created earlier in the request. */
function withIdentity(fields: SignatureChanges, context: MethodContext): SignatureChanges {
  const { identityId } = fields;
  if (identityId === undefined || !identityId.startsWith('#')) return fields;
  const created = context.createdIds.get(identityId.slice(1));
  if (created === undefined)
    throw new InvalidProperties(['identityId'], `no identity created as ${identityId}`);
  return { ...fields, identityId: created };
}
