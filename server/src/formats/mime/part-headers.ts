// The MIME header fields of one entity (RFC 2045 §5-8, RFC 2183, RFC 3066, RFC 2557, RFC 1864) read into values:
// Content-Type with its defaults, transfer encoding, disposition, id, description, language, location, MD5.
// Security: values come from header-block.ts (bounded) and header-values.ts (cut before parsing).

import { firstField, type HeaderBlock } from './header-block.ts';
import { decodeText, parseStructured } from './header-values.ts';
import type { Disposition } from './parsed-message.ts';

export interface PartHeaders {
  readonly type: string;
  readonly subtype: string;
  readonly parameters: Record<string, string>;
  readonly encoding: string;
  readonly id?: string;
  readonly description?: string;
  readonly disposition?: Disposition;
  readonly language?: string[];
  readonly location?: string;
  readonly md5?: string;
  readonly isTruncated: boolean;
}

/** RFC 2045 §5.1 token: what a type or subtype may be made of. */
const TOKEN = /^[!#$%&'*+\-.0-9A-Z^_`a-z{|}~]+$/;

/** Read the MIME fields of a header block; `parentSubtype` is the enclosing multipart's ('digest' changes the default). */
export function describePart(block: HeaderBlock, parentSubtype: string): PartHeaders {
  const contentType = parseStructured(firstField(block, 'content-type'));
  let [type = '', subtype = ''] = contentType.value.split('/', 2).map((token) => token.trim());
  if (!TOKEN.test(type) || !TOKEN.test(subtype)) {
    // RFC 2045 §5.2 (absent or invalid: text/plain) and RFC 2046 §5.1.5 (in a digest: message/rfc822).
    [type, subtype] = parentSubtype === 'digest' ? ['message', 'rfc822'] : ['text', 'plain'];
  }
  const encodingField = firstField(block, 'content-transfer-encoding');
  // RFC 2045 §6.1: the default is 7bit; comments are allowed around the token.
  const encoding =
    (encodingField ?? '')
      .replace(/\([^()]*\)/g, '')
      .trim()
      .toLowerCase() || '7bit';
  const dispositionField = firstField(block, 'content-disposition');
  const disposition = dispositionField === undefined ? undefined : parseStructured(dispositionField);
  const id = firstField(block, 'content-id');
  const description = firstField(block, 'content-description');
  const language = firstField(block, 'content-language');
  const location = firstField(block, 'content-location');
  const md5 = firstField(block, 'content-md5');
  return {
    type: type.toLowerCase(),
    subtype: subtype.toLowerCase(),
    parameters: contentType.parameters,
    encoding,
    ...(id === undefined || stripAngles(id) === '' ? {} : { id: stripAngles(id) }),
    ...(description === undefined ? {} : { description: decodeText(description) }),
    ...(disposition === undefined || disposition.value === ''
      ? {}
      : { disposition: { type: disposition.value, parameters: disposition.parameters } }),
    ...(language === undefined ? {} : { language: splitLanguages(language) }),
    // RFC 2557 §4.4.1: the URI may be folded; whitespace inside it is not part of it.
    ...(location === undefined ? {} : { location: location.replace(/\s+/g, '') }),
    ...(md5 === undefined ? {} : { md5: md5.trim() }),
    isTruncated: block.isTruncated,
  };
}

function stripAngles(value: string): string {
  const trimmed = value.trim();
  return trimmed.startsWith('<') && trimmed.endsWith('>') ? trimmed.slice(1, -1).trim() : trimmed;
}

function splitLanguages(value: string): string[] {
  return value
    .replace(/\([^()]*\)/g, '')
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '')
    .slice(0, 16);
}
