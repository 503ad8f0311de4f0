// The bounds the session advertises for signatures and reply templates (urn:vercors:jmap, docs/jmap.md
// "Vercors additions"), read defensively: a missing or odd value falls back to the documented one, so the
// forms always have a limit to check against (the server checks again).

import type { VercorsCapability } from '@vercors/contract';

export type SignatureBounds = Omit<VercorsCapability['signatures'], 'maxRecipientsToChoose'>;
export type TemplateBounds = VercorsCapability['replyTemplates'];

const SIGNATURE_DEFAULTS: SignatureBounds = {
  maxSignaturesPerIdentity: 20,
  maxSignaturesPerAccount: 100,
  maxSizeName: 255,
  maxSizeSignature: 16384,
};
const TEMPLATE_DEFAULTS: TemplateBounds = {
  maxTemplatesPerAccount: 100,
  maxSizeName: 255,
  maxSizeSubject: 255,
  maxSizeBody: 65536,
};

function bounds<T extends object>(advertised: unknown, defaults: T): T {
  const given = (typeof advertised === 'object' && advertised !== null ? advertised : {}) as Record<
    string,
    unknown
  >;
  return Object.fromEntries(
    Object.entries(defaults).map(([name, fallback]) => {
      const value = given[name];
      return [name, typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : fallback];
    }),
  ) as T;
}

/** `capability`: the session's `urn:vercors:jmap` entry. */
export function signatureBounds(capability: unknown): SignatureBounds {
  return bounds((capability as { signatures?: unknown } | undefined)?.signatures, SIGNATURE_DEFAULTS);
}

export function templateBounds(capability: unknown): TemplateBounds {
  return bounds((capability as { replyTemplates?: unknown } | undefined)?.replyTemplates, TEMPLATE_DEFAULTS);
}
