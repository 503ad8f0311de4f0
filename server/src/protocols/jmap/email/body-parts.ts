// EmailBodyPart objects (RFC 8621 §4.1.4) made from the stored MIME tree: type, charset, name and the rest come
// from the parsed structure; only `headers` and `header:` properties need the part's header block read.
// The JMAP tree stops at message/rfc822 parts: a forwarded message is one part, downloadable by its blobId.

import libmime from 'libmime';
import type { MimePart } from '#formats/mime';
import type { PropertySelection } from './email-properties.ts';
import type { HeaderField } from './header-fields.ts';
import { headerList } from './header-fields.ts';
import { headerPropertyValue } from './header-forms.ts';

/** What every part of one email is built with. */
export interface PartContext {
  /** The blob id of a leaf part (the stored email's part, or a part of the blob being parsed). */
  readonly partBlobId: (partId: string) => string | null;
  readonly properties: PropertySelection;
  /** Decoded sizes known from the stored attachment list, by partId. */
  readonly decodedSizes: ReadonlyMap<string, number>;
  /** The fields of a part's header block; called only when the properties need them. */
  readonly headerFields: (part: MimePart) => readonly HeaderField[];
}

export function isMultipart(part: MimePart): boolean {
  return part.type === 'multipart';
}

/** `type/subtype`, lower case. */
export function partType(part: MimePart): string {
  return `${part.type}/${part.subtype}`;
}

/** The file name: Content-Disposition filename, else Content-Type name; RFC 2047 words decoded (common). */
export function partName(part: MimePart): string | null {
  const name = part.disposition?.parameters.filename ?? part.parameters.name;
  if (name === undefined || name === '') return null;
  if (!name.includes('=?')) return name.normalize('NFC');
  try {
    return libmime.decodeWords(name).normalize('NFC');
  } catch {
    return name;
  }
}

/** The parts of the JMAP tree in document order: multiparts and their children, not inside messages. */
export function treeParts(root: MimePart): MimePart[] {
  const parts: MimePart[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const part = stack.pop() as MimePart;
    parts.push(part);
    for (let index = part.children.length - 1; index >= 0; index--)
      stack.push(part.children[index] as MimePart);
  }
  return parts;
}

/**
 * The EmailBodyPart of `part`. In bodyStructure (`withSubParts`), a multipart always carries `subParts`,
 * asked for or not: without them the structure would be a lone root.
 */
export function bodyPart(
  part: MimePart,
  context: PartContext,
  withSubParts: boolean,
): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const property of context.properties.properties) {
    const header = context.properties.headerProperties.get(property);
    object[property] =
      header === undefined
        ? partProperty(part, property, context, withSubParts)
        : headerPropertyValue(context.headerFields(part), header);
  }
  if (withSubParts && isMultipart(part) && !('subParts' in object)) {
    object.subParts = part.children.map((child) => bodyPart(child, context, true));
  }
  return object;
}

function partProperty(
  part: MimePart,
  property: string,
  context: PartContext,
  withSubParts: boolean,
): unknown {
  const isLeaf = !isMultipart(part);
  switch (property) {
    case 'partId':
      return isLeaf ? part.partId : null;
    case 'blobId':
      return isLeaf ? context.partBlobId(part.partId) : null;
    case 'size':
      return partSize(part, context.decodedSizes);
    case 'headers':
      return headerList(context.headerFields(part));
    case 'name':
      return partName(part);
    case 'type':
      return partType(part);
    case 'charset':
      // RFC 2046 §4.1.2: a text part without a charset is US-ASCII; other types have none.
      return part.parameters.charset ?? (part.type === 'text' ? 'us-ascii' : null);
    case 'disposition':
      return part.disposition?.type ?? null;
    case 'cid':
      return part.id ?? null;
    case 'language':
      return part.language ?? null;
    case 'location':
      return part.location ?? null;
    case 'subParts':
      return isLeaf ? null : part.children.map((child) => bodyPart(child, context, withSubParts));
    default:
      throw new Error(`unhandled body part property ${property}`);
  }
}

/**
 * Octets after transfer decoding. Identity encodings are their body size; base64 and quoted-printable parts
 * use the decoded size stored with the attachment list, and otherwise their encoded size (computing it would
 * mean reading the part; a client shows it as "about 12 KB" anyway).
 */
function partSize(part: MimePart, decodedSizes: ReadonlyMap<string, number>): number {
  if (part.encoding !== 'base64' && part.encoding !== 'quoted-printable') return part.bodySize;
  return decodedSizes.get(part.partId) ?? part.bodySize;
}
