// The JMAP Signature object (urn:vercors:jmap, docs/jmap.md) from the mail module's signature, and its
// properties.

import { JMAP_CAPABILITIES, type JmapSignature } from '@vercors/contract';
import type { Signature } from '#domain/mail';

/** The capability of Vercors's own methods. */
export const VERCORS = JMAP_CAPABILITIES.vercors;

export const SIGNATURE_PROPERTIES = [
  'id',
  'identityId',
  'name',
  'textSignature',
  'htmlSignature',
  'useForInternal',
  'useForExternal',
  'tone',
  'sortOrder',
] as const;

export function jmapSignature(signature: Signature): JmapSignature {
  return {
    id: signature.id,
    identityId: signature.identityId,
    name: signature.name,
    textSignature: signature.textSignature,
    htmlSignature: signature.htmlSignature,
    useForInternal: signature.useForInternal,
    useForExternal: signature.useForExternal,
    tone: signature.tone,
    sortOrder: signature.sortOrder,
  };
}
