// Signature/choose (urn:vercors:jmap, docs/jmap.md) {accountId, identityId, recipients, tone?} →
// {accountId, signatureId, audience}: the signature the composer puts in by default for these recipients.
// The rule is the domain's (#domain/mail signature-choice.ts); an identity that is not the account's is
// invalidArguments. Security: at most maxRecipientsToChoose addresses, one domain lookup per distinct domain.

import { z } from 'zod';
import { SIGNATURE_LIMITS, SIGNATURE_TONES } from '#domain/mail';
import { defineMethod } from '../method-context.ts';
import { invalidArguments } from '../method-error.ts';
import { idOrCreationReference, jmapId, requireAccount } from '../standard/arguments.ts';
import { VERCORS } from './signature-object.ts';

/** RFC 5321 §4.5.3.1: a local part of 64 octets, a domain of 255; in characters, generously. */
const MAX_ADDRESS_LENGTH = 320;

const chooseArguments = z.strictObject({
  accountId: jmapId,
  identityId: idOrCreationReference,
  recipients: z.array(z.string().max(MAX_ADDRESS_LENGTH)).max(SIGNATURE_LIMITS.maxRecipientsToChoose),
  tone: z.enum(SIGNATURE_TONES).nullable().optional(),
});

export const signatureChoose = defineMethod({
  capability: VERCORS,
  schema: chooseArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail, domains } = context.services;
    const identityId = args.identityId.startsWith('#')
      ? context.createdIds.get(args.identityId.slice(1))
      : args.identityId;
    if (identityId === undefined) throw invalidArguments(`no identity created as ${args.identityId}`);
    const choice = await mail.chooseSignature(
      accountId,
      { identityId, recipients: args.recipients, tone: args.tone ?? null },
      async (domain) => (await domains.getDomain(domain)) !== undefined,
    );
    return { accountId, signatureId: choice.signatureId, audience: choice.audience };
  },
});
