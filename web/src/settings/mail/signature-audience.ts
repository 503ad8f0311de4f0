// Which of an identity's signatures a new message gets by default, for colleagues (every recipient in a
// domain the server serves: internal) and for outside (external), so the settings can mark them. The same
// rule as Signature/choose without a tone (docs/jmap.md "Vercors additions"): signatures with the audience's
// flag, those without a tone first, then the rest, each group in list order.

import type { JmapSignature } from '@vercors/contract';
import { sortedByListOrder } from './list-order.ts';

export type SignatureAudience = 'internal' | 'external';

type Choosable = Pick<
  JmapSignature,
  'id' | 'name' | 'sortOrder' | 'useForInternal' | 'useForExternal' | 'tone'
>;

/** The signature chosen for `audience`; undefined when none fits (the identity's own signature applies). */
export function signatureForAudience<T extends Choosable>(
  signatures: readonly T[],
  audience: SignatureAudience,
): T | undefined {
  const fitting = sortedByListOrder(signatures).filter((signature) =>
    audience === 'internal' ? signature.useForInternal : signature.useForExternal,
  );
  return fitting.find((signature) => signature.tone === null) ?? fitting[0];
}
