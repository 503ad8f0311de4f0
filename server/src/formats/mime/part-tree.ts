// Walking a MimePart tree: multipart children and the root of an encapsulated message, in document order.

import type { MimePart } from './parsed-message.ts';

/** The parts that `part` directly contains: its multipart children, or the root of its encapsulated message. */
export function innerParts(part: MimePart): MimePart[] {
  return part.message ? [part.message.structure] : part.children;
}

/** Every part of the tree, depth first in document order, starting with `root`. */
export function allParts(root: MimePart): MimePart[] {
  const parts: MimePart[] = [];
  const stack: MimePart[] = [root];
  while (stack.length > 0) {
    const part = stack.pop() as MimePart;
    parts.push(part);
    const inner = innerParts(part);
    for (let index = inner.length - 1; index >= 0; index--) stack.push(inner[index] as MimePart);
  }
  return parts;
}

/**
 * The part with IMAP section number `partId`. A multipart message root shares its number with the message/rfc822
 * part that holds it; the message/rfc822 part, met first, is the one returned (BODY[n] is the whole nested message).
 */
export function findPart(root: MimePart, partId: string): MimePart | undefined {
  return allParts(root).find((part) => part.partId === partId);
}
