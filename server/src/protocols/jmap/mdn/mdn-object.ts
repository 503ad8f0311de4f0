// The JMAP MDN object (RFC 9007 §2) from the mdn module's, and the shape of one MDN given to MDN/send: what a
// client may set, server-set properties only as null, the disposition's three words lower case.

import {
  JMAP_CAPABILITIES,
  type JmapMdn,
  MDN_ACTION_MODES,
  MDN_DISPOSITION_TYPES,
  MDN_SENDING_MODES,
} from '@vercors/contract';
import { z } from 'zod';
import type { Mdn, NewMdn } from '#domain/mdn';
import { idOrCreationReference } from '../standard/arguments.ts';

/** The capability of MDN/send and MDN/parse (RFC 9007 §1.3). */
export const MDN = JMAP_CAPABILITIES.mdn;

const disposition = z.strictObject({
  actionMode: z.enum(MDN_ACTION_MODES),
  sendingMode: z.enum(MDN_SENDING_MODES),
  type: z.enum(MDN_DISPOSITION_TYPES),
});

/** One MDN of MDN/send's `send`; value bounds and checks are the domain's. */
export const newMdnSchema = z.strictObject({
  forEmailId: idOrCreationReference,
  subject: z.string().nullable().optional(),
  textBody: z.string().nullable().optional(),
  includeOriginalMessage: z.boolean().optional(),
  reportingUA: z.string().nullable().optional(),
  disposition,
  finalRecipient: z.string().nullable().optional(),
  extensionFields: z.record(z.string(), z.string()).nullable().optional(),
  // Server-set (RFC 9007 §2): accepted only as the null they start as.
  mdnGateway: z.null().optional(),
  originalRecipient: z.null().optional(),
  originalMessageId: z.null().optional(),
  error: z.null().optional(),
});

/** One MDN of `send` once its shape is checked. */
export type NewMdnInput = z.output<typeof newMdnSchema>;

/** The JMAP object of an MDN sent or parsed. */
export function jmapMdn(mdn: Mdn): JmapMdn {
  return {
    forEmailId: mdn.forEmailId,
    subject: mdn.subject,
    textBody: mdn.textBody,
    includeOriginalMessage: mdn.includeOriginalMessage,
    reportingUA: mdn.reportingUA,
    disposition: mdn.disposition,
    mdnGateway: mdn.mdnGateway,
    originalRecipient: mdn.originalRecipient,
    finalRecipient: mdn.finalRecipient,
    originalMessageId: mdn.originalMessageId,
    error: mdn.error,
    extensionFields: mdn.extensionFields,
  };
}

/** The domain's input; absent properties stay absent (they take their defaults there). */
export function newMdn(input: NewMdnInput, forEmailId: string): NewMdn {
  return {
    forEmailId,
    disposition: input.disposition,
    ...(input.subject !== undefined && { subject: input.subject }),
    ...(input.textBody !== undefined && { textBody: input.textBody }),
    ...(input.includeOriginalMessage !== undefined && {
      includeOriginalMessage: input.includeOriginalMessage,
    }),
    ...(input.reportingUA !== undefined && { reportingUA: input.reportingUA }),
    ...(input.finalRecipient !== undefined && { finalRecipient: input.finalRecipient }),
    ...(input.extensionFields !== undefined && { extensionFields: input.extensionFields }),
  };
}
