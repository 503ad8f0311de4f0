// Removing whole fields of one name from a message's header section, their folded lines included, and nothing
// else: the other fields, the line ends and the body stay byte for byte (a DKIM signature over them still
// verifies). The delivery stages use it for fields a sender wrote that only we may write: Authentication-Results
// with our authserv-id (RFC 8601 §5), Return-Path (RFC 5321 §4.4).
// Security: untrusted input; the header section is bounded by where findHeaderEnd stops, the body never read.

import { findHeaderEnd } from '#formats/mime';

/** Whether a field goes, from its value: everything after the colon, folded lines included. */
export type FieldTest = (value: string) => boolean;

/**
 * A remover of the fields named `name` (matched case-insensitively) for which `isRemoved` says so. `raw` comes
 * back as it is, the same object, when no field goes.
 */
export function headerFieldRemover(name: string): (raw: Uint8Array, isRemoved?: FieldTest) => Uint8Array {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // At the start of a line (a lookbehind, so that a field right after a removed one is found too): the name,
  // the colon, the rest of its line, then each continuation line.
  const field = new RegExp(`(?<=^|\\n)${escaped}[ \\t]*:([^\\n]*\\n?(?:[ \\t][^\\n]*\\n?)*)`, 'gi');
  const present = new RegExp(`(^|\\n)${escaped}[ \\t]*:`, 'i');
  return (raw, isRemoved = () => true) => {
    const message = Buffer.from(raw.buffer, raw.byteOffset, raw.byteLength);
    // The header section with its blank line (a blank line matches no field), or the whole message without one.
    const end = findHeaderEnd(message, 0, message.byteLength);
    const header = message.toString('latin1', 0, end);
    if (!present.test(header)) return raw;
    let isChanged = false;
    const kept = header.replace(field, (whole, value: string) => {
      if (!isRemoved(value)) return whole;
      isChanged = true;
      return '';
    });
    return isChanged ? Buffer.concat([Buffer.from(kept, 'latin1'), message.subarray(end)]) : raw;
  };
}
