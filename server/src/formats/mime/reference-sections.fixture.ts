// An independent, deliberately naive reading of IMAP sections (RFC 3501 §6.4.5) for tests: string search on a
// latin1 copy, no mailsplit. parseMessage's offsets must give the same bytes for every well-formed message.

export type SectionMap = Map<string, [number, number]>;

/** Every section of a well-formed message: '', HEADER, TEXT, each part number, n.MIME, n.HEADER and n.TEXT. */
export function referenceSections(raw: Uint8Array): SectionMap {
  const text = Buffer.from(raw).toString('latin1');
  const sections: SectionMap = new Map([['', [0, text.length]]]);
  readMessage(text, 0, text.length, '', sections);
  return sections;
}

function readMessage(text: string, start: number, end: number, prefix: string, sections: SectionMap): void {
  const headerEnd = blankLineEnd(text, start, end);
  sections.set(prefix === '' ? 'HEADER' : `${prefix}.HEADER`, [start, headerEnd]);
  sections.set(prefix === '' ? 'TEXT' : `${prefix}.TEXT`, [headerEnd, end]);
  const type = contentType(text.slice(start, headerEnd), 'text/plain');
  if (type.value.startsWith('multipart/') && type.boundary) {
    readMultipart(text, headerEnd, end, type.boundary, prefix, type.value, sections);
    return;
  }
  const id = prefix === '' ? '1' : `${prefix}.1`;
  sections.set(id, [headerEnd, end]);
  sections.set(`${id}.MIME`, [start, headerEnd]);
  if (type.value === 'message/rfc822') readMessage(text, headerEnd, end, id, sections);
}

function readEntity(
  text: string,
  start: number,
  end: number,
  id: string,
  fallback: string,
  sections: SectionMap,
): void {
  const headerEnd = blankLineEnd(text, start, end);
  sections.set(id, [headerEnd, end]);
  sections.set(`${id}.MIME`, [start, headerEnd]);
  const type = contentType(text.slice(start, headerEnd), fallback);
  if (type.value.startsWith('multipart/') && type.boundary) {
    readMultipart(text, headerEnd, end, type.boundary, id, type.value, sections);
  } else if (type.value === 'message/rfc822') {
    readMessage(text, headerEnd, end, id, sections);
  }
}

function readMultipart(
  text: string,
  start: number,
  end: number,
  boundary: string,
  id: string,
  type: string,
  sections: SectionMap,
): void {
  const delimiters: { lineStart: number; lineEnd: number; isClosing: boolean }[] = [];
  const marker = `--${boundary}`;
  for (let position = text.indexOf(marker, start); position >= 0 && position < end; ) {
    const atLineStart = position === start || text[position - 1] === '\n';
    const rest = /^(--)?[ \t]*(\r?\n|$)/.exec(text.slice(position + marker.length, end));
    if (atLineStart && rest) {
      delimiters.push({
        lineStart: position,
        lineEnd: position + marker.length + rest[0].length,
        isClosing: rest[1] !== undefined,
      });
      if (rest[1] !== undefined) break;
    }
    position = text.indexOf(marker, position + 1);
  }
  const fallback = type === 'multipart/digest' ? 'message/rfc822' : 'text/plain';
  for (let index = 0; index < delimiters.length; index++) {
    const current = delimiters[index] as (typeof delimiters)[number];
    if (current.isClosing) break;
    const next = delimiters[index + 1];
    let partEnd = end;
    if (next) {
      partEnd = next.lineStart;
      if (text[partEnd - 1] === '\n') partEnd--;
      if (text[partEnd - 1] === '\r') partEnd--;
      partEnd = Math.max(partEnd, current.lineEnd);
    }
    const childId = id === '' ? String(index + 1) : `${id}.${index + 1}`;
    readEntity(text, current.lineEnd, partEnd, childId, fallback, sections);
  }
}

/** End of the header: after its blank line, or the end of the part (a part's content never reaches past it). */
function blankLineEnd(text: string, start: number, end: number): number {
  if (text.startsWith('\r\n', start)) return Math.min(start + 2, end);
  if (text.startsWith('\n', start)) return Math.min(start + 1, end);
  const crlf = text.indexOf('\r\n\r\n', start);
  const lf = text.indexOf('\n\n', start);
  const candidates = [crlf < 0 ? -1 : crlf + 4, lf < 0 ? -1 : lf + 2].filter(
    (value) => value >= 0 && value <= end,
  );
  return candidates.length > 0 ? Math.min(...candidates) : end;
}

function contentType(header: string, fallback: string): { value: string; boundary: string | undefined } {
  const unfolded = header.replace(/\r?\n[ \t]/g, ' ');
  const field = /^content-type:[ \t]*([^;\r\n]*)(.*)$/im.exec(unfolded);
  if (!field) return { value: fallback, boundary: undefined };
  const value = (field[1] ?? '').trim().toLowerCase();
  const boundary = /boundary=(?:"([^"]*)"|([^;\s]+))/i.exec(field[2] ?? '');
  return {
    value: value.includes('/') ? value : fallback,
    boundary: boundary ? (boundary[1] ?? boundary[2]) : undefined,
  };
}
