// BODY[section]<partial> (RFC 9051 §6.4.5, §7.5.2) from the offsets recorded at import, without reparsing:
// the section becomes a byte range of the stored message, or a filtered header block for HEADER.FIELDS(.NOT)
// read from the header octets only. Part numbers inside a message/rfc822 part count the nested message's
// parts; HEADER and TEXT after a part number name the nested message's header and body.

import {
  findPart,
  filterHeaderBlock,
  isCachedHeaderFieldList,
  type ByteRange,
  type MimePart,
} from '#formats/mime';
import type { Partial as PartialRange, SectionSpec } from '../wire/section-spec.ts';
import { headerFieldFilter } from './header-filter.ts';
import {
  emptyBody,
  rangeBody,
  type ReadBytes,
  replaceNul,
  type SectionBody,
  sliceBody,
  transformedBody,
} from './section-body.ts';

/** What section resolution needs of one stored message. */
export interface StoredMessage {
  /** RFC822.SIZE: the length of the stored octets. */
  readonly size: number;
  /** The MIME tree recorded at import (EmailStructure.structure). */
  readonly structure: MimePart;
  readonly read: ReadBytes;
}

/** Where a section's octets come from; undefined for a section the message does not have. */
export type SectionSource =
  | { readonly kind: 'range'; readonly range: ByteRange }
  | {
      readonly kind: 'fields';
      readonly header: ByteRange;
      readonly names: readonly string[];
      readonly isExclusion: boolean;
    };

/**
 * The octets of BODY[section]<partial>. A section the message does not have (part 7 of a 3-part message,
 * 2.HEADER when part 2 is not a message) is the empty string: RFC 9051 has no NIL for it, Dovecot and
 * UW-IMAP (Crispin, imap-protocol 2011-04) send "" — a nonexistent section is not an error, so one FETCH of
 * many messages does not fail for the one that lacks the part.
 */
export async function bodySection(
  message: StoredMessage,
  section: SectionSpec,
  partial: PartialRange | undefined,
): Promise<SectionBody> {
  const source = resolveSection(message, section);
  let body: SectionBody;
  if (source === undefined) body = emptyBody();
  else if (source.kind === 'range') body = rangeBody(message.read, source.range, message.size);
  else {
    const header = clamp(source.header, message.size);
    body = await transformedBody(message.read, header, headerFieldFilter(source.names, source.isExclusion), {
      replacesNul: true,
    });
  }
  return sliceBody(body, partial);
}

/**
 * HEADER.FIELDS of the message itself, with names the header cache keeps: answered from the email's cached
 * lines (formats/mime/header-cache.ts) without opening the message, when it has them.
 */
export function isCachedHeaderSection(section: SectionSpec): boolean {
  return (
    section.part.length === 0 && section.text === 'HEADER.FIELDS' && isCachedHeaderFieldList(section.fields)
  );
}

/**
 * BODY[HEADER.FIELDS (…)]<partial> from the header cache: the same octets filtering the whole header gives,
 * filtered in memory at once (the cache is a few hundred octets).
 */
export function cachedHeaderSection(
  cache: Uint8Array,
  section: SectionSpec,
  partial: PartialRange | undefined,
): SectionBody {
  const kept = filterHeaderBlock(cache, section.fields, false);
  const bytes = kept.includes(0) ? Buffer.from(replaceNul(kept)) : kept;
  return sliceBody({ kind: 'bytes', bytes, hasNul: false }, partial);
}

/** The stored octets (or header to filter) that `section` names, per RFC 9051 §6.4.5. */
export function resolveSection(message: StoredMessage, section: SectionSpec): SectionSource | undefined {
  const root = message.structure;
  if (section.part.length === 0) {
    return messageSection({ start: 0, end: message.size }, root, section);
  }
  const part = findPart(root, section.part.join('.'));
  if (part === undefined) return undefined;
  switch (section.text) {
    case undefined:
      return { kind: 'range', range: { start: part.bodyStart, end: part.bodyEnd } };
    case 'MIME':
      return { kind: 'range', range: { start: part.headerStart, end: part.headerEnd } };
    default:
      // n.HEADER, n.TEXT and n.HEADER.FIELDS exist only for an encapsulated message (RFC 9051 §6.4.5).
      if (part.message === undefined) return undefined;
      return messageSection({ start: part.bodyStart, end: part.bodyEnd }, part.message.structure, section);
  }
}

/** '', HEADER, HEADER.FIELDS(.NOT) or TEXT of the message whose octets are `whole` and tree is `root`. */
function messageSection(whole: ByteRange, root: MimePart, section: SectionSpec): SectionSource | undefined {
  const header = { start: whole.start, end: Math.min(whole.end, Math.max(whole.start, root.headerEnd)) };
  switch (section.text) {
    case undefined:
      return { kind: 'range', range: whole };
    case 'HEADER':
      return { kind: 'range', range: header };
    case 'TEXT':
      return { kind: 'range', range: { start: Math.max(header.end, root.bodyStart), end: whole.end } };
    case 'HEADER.FIELDS':
    case 'HEADER.FIELDS.NOT':
      return {
        kind: 'fields',
        header,
        names: section.fields,
        isExclusion: section.text === 'HEADER.FIELDS.NOT',
      };
    case 'MIME':
      // The grammar allows MIME only after a part number (section-spec.ts refuses `[MIME]`).
      return undefined;
  }
}

function clamp(range: ByteRange, size: number): ByteRange {
  const start = Math.max(0, Math.min(range.start, size));
  return { start, end: Math.max(start, Math.min(range.end, size)) };
}
