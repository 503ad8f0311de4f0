// Mail loop detection, before anything is stored (RFC 5321 §6.3: "simple counting of the number of Received
// header fields"; Postfix hopcount_limit). A second check catches loops that stay under the hop count: a
// message coming back to a mailbox it was already delivered to carries that mailbox in a Delivered-To
// field, which our forwarding (Sieve redirect, lists) adds to every copy it sends out, as Postfix local(8) does.
// Security: reads untrusted header bytes; bounded by MAX_HEADER_SCAN_BYTES.

import { findHeaderEnd } from '#formats/mime';

/** RFC 5321 §6.3 suggests at least 100; Postfix uses 50. Past this many Received fields we refuse (554 5.4.6). */
export const DEFAULT_MAX_HOPS = 50;

/**
 * Only the header section is scanned, and at most this much of it: trace fields sit at the top, and a
 * pathological header section must not cost more than a bounded scan.
 */
export const MAX_HEADER_SCAN_BYTES = 1024 * 1024;

export interface TraceFields {
  /** How many Received fields the header section has. */
  readonly receivedCount: number;
  /** Every Delivered-To value, lower-cased and trimmed. */
  readonly deliveredTo: ReadonlySet<string>;
}

export type LoopVerdict =
  | { readonly isLoop: false }
  | { readonly isLoop: true; readonly why: 'hops' | 'deliveredTo'; readonly detail: string };

/** Count Received fields and collect Delivered-To values in the header section of `raw`. */
export function readTraceFields(raw: Uint8Array): TraceFields {
  const bytes = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
  // The header section alone: the body is neither converted nor searched.
  const text = bytes.toString(
    'latin1',
    0,
    findHeaderEnd(bytes, 0, Math.min(raw.byteLength, MAX_HEADER_SCAN_BYTES)),
  );
  let receivedCount = 0;
  const deliveredTo = new Set<string>();
  // A field starts at the beginning of a line that is not a continuation (RFC 5322 §2.2.3 folding).
  const fieldStart = /(?:^|\n)(received|delivered-to)[ \t]*:([^\n]*(?:\n[ \t][^\n]*)*)/gi;
  for (let match = fieldStart.exec(text); match; match = fieldStart.exec(text)) {
    const name = (match[1] ?? '').toLowerCase();
    if (name === 'received') receivedCount++;
    else
      deliveredTo.add(
        (match[2] ?? '')
          .replace(/[\r\n]+/g, '')
          .trim()
          .toLowerCase(),
      );
  }
  return { receivedCount, deliveredTo };
}

/** A loop when the hop count is above `maxHops`, or a local recipient already appears in Delivered-To. */
export function detectLoop(
  trace: TraceFields,
  localRecipients: readonly string[],
  maxHops: number,
): LoopVerdict {
  if (trace.receivedCount > maxHops) {
    return { isLoop: true, why: 'hops', detail: `${trace.receivedCount} Received fields` };
  }
  for (const recipient of localRecipients) {
    const address = recipient.toLowerCase();
    if (trace.deliveredTo.has(address) || trace.deliveredTo.has(`<${address}>`)) {
      return { isLoop: true, why: 'deliveredTo', detail: address };
    }
  }
  return { isLoop: false };
}
