// FETCH BODYSTRUCTURE and BODY (RFC 9051 §7.5.2, RFC 3501 §7.4.2) from the MIME tree recorded at import:
// basic, text, message/rfc822 (envelope, nested structure, lines) and multipart forms; BODYSTRUCTURE adds the
// extension data (MD5, disposition, language, location; for a multipart its parameters first).
//
// Case: type and subtype go out in the lower case the parser stored them in (Dovecot sends them as the
// header wrote them, usually lower case too; clients compare without case); encodings go out upper case
// as the grammar spells them, "7BIT" by default (RFC 2045 §6.1). Parameter names are lower case.

import type { MimePart } from '#formats/mime';
import type { ResponseWriter } from '../wire/encoder.ts';
import { writeEnvelope } from './envelope.ts';
import { encodeParameter, encodeWords } from './parameter-encoding.ts';

export interface BodyStructureOptions {
  /** BODYSTRUCTURE: with extension data. BODY has none. */
  readonly isExtensible: boolean;
  /**
   * IMAP4rev2 is enabled: message/global gets the envelope-and-body form RFC 9051 gives it. RFC 3501 knows
   * only message/rfc822 in that form, and rev1 parsers (imapflow's) read any other message/* as basic.
   */
  readonly isImap4rev2: boolean;
}

/**
 * Nesting written. The parser stops at 20 levels (#formats/mime MAX_DEPTH); deeper stored data is corrupt,
 * and recursion here must stay bounded whatever the store returns.
 */
const MAX_NESTING = 64;

/** RFC 2046 §4.1.2: a text part without charset is US-ASCII; Dovecot writes the default out, as here. */
const DEFAULT_CHARSET = 'us-ascii';

/** The body structure of a message whose root part is `root`. */
export function writeBodyStructure(
  writer: ResponseWriter,
  root: MimePart,
  options: BodyStructureOptions,
): void {
  writePart(writer, root, options, 0);
}

function writePart(
  writer: ResponseWriter,
  part: MimePart,
  options: BodyStructureOptions,
  depth: number,
): void {
  const children = Array.isArray(part.children) ? part.children : [];
  if (part.type === 'multipart' && depth < MAX_NESTING)
    writeMultipart(writer, part, children, options, depth);
  else writeSinglePart(writer, part, options, depth);
}

function writeMultipart(
  writer: ResponseWriter,
  part: MimePart,
  children: readonly MimePart[],
  options: BodyStructureOptions,
  depth: number,
): void {
  writer.openList();
  // A multipart always has a part in the stored tree; an empty one would not parse, so it gets an empty text part.
  if (children.length === 0) writeEmptyText(writer, options);
  // `1*body`: the parts' lists back to back, `((…)(…) "mixed"`.
  for (const child of children) writePart(writer.joined(), child, options, depth + 1);
  writer.string(part.subtype || 'mixed');
  if (options.isExtensible) {
    writeParameters(writer, part.parameters, false);
    writeExtensionTail(writer, part);
  }
  writer.closeList();
}

/** `(type subtype params id description encoding size [envelope body] [lines] [extension data])` */
function writeSinglePart(
  writer: ResponseWriter,
  part: MimePart,
  options: BodyStructureOptions,
  depth: number,
): void {
  const nested = nestedMessage(part, options, depth);
  // message/rfc822 without a parsed message (the parser always has one; old or damaged data may not) and a
  // multipart past MAX_NESTING are written as the opaque octets they then are.
  const isOpaque =
    (part.type === 'message' && !isBasicMessage(part, options) && nested === undefined) ||
    part.type === 'multipart';
  const type = isOpaque ? 'application' : part.type || 'text';
  const subtype = isOpaque ? 'octet-stream' : part.subtype || 'plain';
  writer.openList().string(type).string(subtype);
  writeParameters(writer, part.parameters, type === 'text');
  // The parser keeps the Content-ID without its angle brackets; RFC 9051 sends the field value, brackets included.
  writer.nstring(part.id === undefined || part.id === '' ? undefined : `<${part.id}>`);
  writer.nstring(part.description === undefined ? undefined : encodeWords(part.description));
  writer.string((part.encoding || '7bit').toUpperCase());
  writer.number(Math.max(0, part.bodySize || 0));
  if (nested !== undefined) {
    writeEnvelope(writer, nested.envelope);
    writePart(writer, nested.structure, options, depth + 1);
    writer.number(Math.max(0, part.bodyLines || 0));
  } else if (type === 'text') {
    writer.number(Math.max(0, part.bodyLines || 0));
  }
  if (options.isExtensible) {
    writer.nstring(part.md5);
    writeExtensionTail(writer, part);
  }
  writer.closeList();
}

/** The encapsulated message written in full: message/rfc822 always, message/global to IMAP4rev2 clients. */
function nestedMessage(part: MimePart, options: BodyStructureOptions, depth: number): MimePart['message'] {
  if (part.type !== 'message' || part.message === undefined || depth >= MAX_NESTING) return undefined;
  if (part.subtype === 'rfc822' || (part.subtype === 'global' && options.isImap4rev2)) return part.message;
  return undefined;
}

/** A message/* part the grammar reads as basic: any subtype but rfc822 (and global for IMAP4rev2). */
function isBasicMessage(part: MimePart, options: BodyStructureOptions): boolean {
  return part.subtype !== 'rfc822' && !(part.subtype === 'global' && options.isImap4rev2);
}

/** body-fld-param: `("name" "value" …)` or NIL; a text part always states its charset. */
function writeParameters(
  writer: ResponseWriter,
  parameters: MimePart['parameters'] | undefined,
  isText: boolean,
): void {
  const entries = Object.entries(parameters ?? {}).filter(
    (entry): entry is [string, string] => typeof entry[1] === 'string',
  );
  if (isText && !entries.some(([name]) => name === 'charset')) entries.push(['charset', DEFAULT_CHARSET]);
  if (entries.length === 0) {
    writer.nil();
    return;
  }
  writer.openList();
  for (const [name, value] of entries) {
    const [sentName, sentValue] = encodeParameter(name, value);
    writer.string(sentName).string(sentValue);
  }
  writer.closeList();
}

/** Disposition, language and location: the extension data both part forms end with. */
function writeExtensionTail(writer: ResponseWriter, part: MimePart): void {
  if (part.disposition === undefined || part.disposition.type === '') writer.nil();
  else {
    writer.openList().string(part.disposition.type);
    writeParameters(writer, part.disposition.parameters, false);
    writer.closeList();
  }
  const languages = (part.language ?? []).filter((tag) => tag !== '');
  // Always a list, as Dovecot sends it: body-fld-lang allows a string or a list.
  if (languages.length === 0) writer.nil();
  else {
    writer.openList();
    for (const tag of languages) writer.string(tag);
    writer.closeList();
  }
  writer.nstring(part.location);
}

/** Dovecot's EMPTY_BODYSTRUCTURE: a zero-length text part standing for a multipart's missing children. */
function writeEmptyText(writer: ResponseWriter, options: BodyStructureOptions): void {
  writer.openList().string('text').string('plain');
  writer.openList().string('charset').string(DEFAULT_CHARSET).closeList();
  writer.nil().nil().string('7BIT').number(0).number(0);
  if (options.isExtensible) writer.nil().nil().nil().nil();
  writer.closeList();
}
