// Reading only the byte ranges of a stored message that Email/get needs (header blocks, the start of text
// parts), so that asking for one header of a 50 MB message reads a few kilobytes. Ranges close together are
// read as one: a blob-store round trip costs more than the few kilobytes between them.

import assert from 'node:assert/strict';
import type { MailService } from '#domain/mail';

export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Ranges at most this far apart are read in one request. */
const MAX_GAP = 16 * 1024;

/** The ranges that were read, addressed by their offsets in the message. */
export interface EmailBytes {
  /** Octets [start, end) of the message (fewer past its end); the range must lie inside one that was read. */
  slice(range: ByteRange): Uint8Array;
}

interface Window extends ByteRange {
  readonly bytes: Uint8Array;
}

/** Read `ranges` of the email (clamped to its size); empty ranges cost nothing. */
export async function readEmailRanges(
  mail: MailService,
  accountId: string,
  emailId: string,
  ranges: readonly ByteRange[],
): Promise<EmailBytes> {
  const windows: Window[] = [];
  for (const range of coalesce(ranges)) {
    windows.push({ ...range, bytes: await mail.readEmailBytes(accountId, emailId, range) });
  }
  return {
    slice({ start, end }) {
      if (end <= start) return new Uint8Array(0);
      const window = windows.find((candidate) => candidate.start <= start && end <= candidate.end);
      assert(window !== undefined, `bytes ${start}-${end} of email ${emailId} were not read`);
      return window.bytes.subarray(start - window.start, end - window.start);
    },
  };
}

/** Non-empty ranges sorted and merged when they overlap or lie within MAX_GAP of each other. */
function coalesce(ranges: readonly ByteRange[]): ByteRange[] {
  const sorted = ranges.filter((range) => range.end > range.start).sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last !== undefined && range.start <= last.end + MAX_GAP) last.end = Math.max(last.end, range.end);
    else merged.push({ start: range.start, end: range.end });
  }
  return merged;
}
