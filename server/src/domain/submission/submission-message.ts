// The bytes a submission sends: the stored message with its Bcc header fields removed (RFC 8621 §7.5: the
// recipients must not learn who else was sent a blind copy). Everything else is kept byte for byte, so the
// DKIM signature the queue adds covers exactly what the user wrote.

/** Where the header section ends: the index just past its blank line, or the whole input when there is none. */
function headerEnd(raw: Uint8Array): number {
  for (let index = 0; index < raw.length; index++) {
    if (raw[index] !== 0x0a) continue;
    if (raw[index + 1] === 0x0a) return index + 2;
    if (raw[index + 1] === 0x0d && raw[index + 2] === 0x0a) return index + 3;
  }
  return raw.length;
}

/** True when the header field starting at `start` is named Bcc (case-insensitive). */
function isBccField(raw: Uint8Array, start: number): boolean {
  const name = Buffer.from(raw.subarray(start, start + 4))
    .toString('latin1')
    .toLowerCase();
  return name === 'bcc:' || (name.startsWith('bcc') && (name[3] === ' ' || name[3] === '\t'));
}

/** `raw` without its Bcc header fields (with their folded continuation lines); the same bytes when none. */
export function withoutBcc(raw: Uint8Array): Uint8Array {
  const end = headerEnd(raw);
  const dropped: { start: number; end: number }[] = [];
  let field: { start: number; isBcc: boolean } | undefined;
  for (let lineStart = 0; lineStart < end; ) {
    const newline = raw.indexOf(0x0a, lineStart);
    const lineEnd = newline === -1 || newline >= end ? end : newline + 1;
    const isContinuation = raw[lineStart] === 0x20 || raw[lineStart] === 0x09;
    if (!isContinuation) {
      if (field?.isBcc) dropped.push({ start: field.start, end: lineStart });
      field = { start: lineStart, isBcc: isBccField(raw, lineStart) };
    }
    lineStart = lineEnd;
  }
  if (field?.isBcc) dropped.push({ start: field.start, end });
  if (dropped.length === 0) return raw;
  const kept: Uint8Array[] = [];
  let from = 0;
  for (const range of dropped) {
    kept.push(raw.subarray(from, range.start));
    from = range.end;
  }
  kept.push(raw.subarray(from));
  return Buffer.concat(kept);
}
