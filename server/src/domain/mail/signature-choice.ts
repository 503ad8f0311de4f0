// Which signature a message gets by default (Signature/choose, docs/jmap.md): its audience from the recipients'
// domains, then the rule over the identity's signatures. Pure but for the served-domain lookups, which the
// caller supplies (the identity service knows the domains).

import { toDomainName } from '#domain/identity';
import { listOrder } from './list-order.ts';
import type { Signature, SignatureTone } from './signature.ts';

/**
 * internal: every recipient is in a served domain; external: none is; mixed: some are; none: no recipients
 * (a message being started).
 */
export type SignatureAudience = 'internal' | 'external' | 'mixed' | 'none';

export interface SignatureChoice {
  /** null: none of the identity's signatures fits, the identity's own signature applies. */
  readonly signatureId: string | null;
  readonly audience: SignatureAudience;
}

/** The A-label domain of `local@domain`, or undefined when the recipient is not such an address. */
function recipientDomain(recipient: string): string | undefined {
  const trimmed = recipient.trim();
  const at = trimmed.lastIndexOf('@');
  return at > 0 ? toDomainName(trimmed.slice(at + 1)) : undefined;
}

/**
 * The audience of a message. A recipient that is not an address counts as external: nothing says it is ours.
 * One lookup per distinct domain, and none once both kinds were seen.
 */
export async function recipientAudience(
  recipients: readonly string[],
  isServedDomain: (domain: string) => Promise<boolean>,
): Promise<SignatureAudience> {
  if (recipients.length === 0) return 'none';
  const served = new Map<string, boolean>();
  let hasInternal = false;
  let hasExternal = false;
  for (const recipient of recipients) {
    const domain = recipientDomain(recipient);
    let isInternal = false;
    if (domain !== undefined) {
      isInternal = served.get(domain) ?? (await isServedDomain(domain));
      served.set(domain, isInternal);
    }
    if (isInternal) hasInternal = true;
    else hasExternal = true;
    if (hasInternal && hasExternal) return 'mixed';
  }
  return hasExternal ? 'external' : 'internal';
}

/** Whether a signature may be chosen for this audience; external wins when mixed. */
function fitsAudience(signature: Signature, audience: SignatureAudience): boolean {
  switch (audience) {
    case 'internal':
      return signature.useForInternal;
    case 'external':
    case 'mixed':
      return signature.useForExternal;
    case 'none':
      // A signature marked for neither is only ever chosen by hand.
      return signature.useForInternal || signature.useForExternal;
  }
}

/**
 * 0 for the best tone, 1 for the next, undefined when it does not fit: with a tone asked, that tone, then a
 * signature without one; the other tone never. Without one, a signature without a tone, then either.
 */
function toneRank(signature: Signature, tone: SignatureTone | null): number | undefined {
  if (tone === null) return signature.tone === null ? 0 : 1;
  if (signature.tone === tone) return 0;
  return signature.tone === null ? 1 : undefined;
}

/** The signature of `signatures` (one identity's) a message to `audience` gets, or undefined when none fits. */
export function chooseSignature(
  signatures: readonly Signature[],
  audience: SignatureAudience,
  tone: SignatureTone | null,
): Signature | undefined {
  let best: { signature: Signature; rank: number } | undefined;
  for (const signature of signatures) {
    const rank = toneRank(signature, tone);
    if (rank === undefined || !fitsAudience(signature, audience)) continue;
    if (
      best === undefined ||
      rank < best.rank ||
      (rank === best.rank && listOrder(signature, best.signature) < 0)
    )
      best = { signature, rank };
  }
  return best?.signature;
}
