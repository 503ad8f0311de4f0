// The JMAP Identity object (RFC 8621 §6) from the mail module's sending identity, and its properties.

import { JMAP_CAPABILITIES, type JmapIdentity } from '@vercors/contract';
import type { SendingIdentity } from '#domain/mail';

/** The capability of the Identity methods (RFC 8621 §1.3.2). */
export const SUBMISSION = JMAP_CAPABILITIES.submission;

export const IDENTITY_PROPERTIES = [
  'id',
  'name',
  'email',
  'replyTo',
  'bcc',
  'textSignature',
  'htmlSignature',
  'mayDelete',
] as const;

export function jmapIdentity(identity: SendingIdentity): JmapIdentity {
  return {
    id: identity.id,
    name: identity.name,
    email: identity.email,
    replyTo: identity.replyTo,
    bcc: identity.bcc,
    textSignature: identity.textSignature,
    htmlSignature: identity.htmlSignature,
    mayDelete: identity.mayDelete,
  };
}
