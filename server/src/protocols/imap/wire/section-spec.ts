// FETCH body sections (RFC 9051 §6.4.5, §9 `section`, `section-binary`, `partial`): the `[1.2.HEADER.FIELDS
// (From To)]<0.100>` after BODY, BODY.PEEK, BINARY, BINARY.PEEK and BINARY.SIZE, read with the cursor so a
// header list may even hold literals; and the same section written back for the FETCH response.

import { ParseError } from '#core/errors';
import type { ArgumentCursor } from './argument-cursor.ts';
import { ATOM_CHAR, PARSE_ERRORS, parseDigits, parseDigits64, printable } from './tokens.ts';

export type SectionText = 'HEADER' | 'HEADER.FIELDS' | 'HEADER.FIELDS.NOT' | 'TEXT' | 'MIME';

export interface SectionSpec {
  /** Part numbers, outermost first; empty for the message itself. */
  readonly part: readonly number[];
  /** undefined: the part's whole content (`BODY[1.2]`, `BODY[]`). */
  readonly text: SectionText | undefined;
  /** HEADER.FIELDS(.NOT) names as sent (matching is case-insensitive, RFC 9051 §6.4.5). */
  readonly fields: readonly string[];
}

export interface Partial {
  readonly offset: number;
  readonly length: number;
}

export type BodySectionItem = 'BODY' | 'BODY.PEEK' | 'BINARY' | 'BINARY.PEEK' | 'BINARY.SIZE';

export interface BodySection {
  readonly item: BodySectionItem;
  readonly section: SectionSpec;
  /** `<offset.length>`; never for BINARY.SIZE. */
  readonly partial: Partial | undefined;
}

const MSGTEXT: ReadonlySet<string> = new Set(['HEADER', 'HEADER.FIELDS', 'HEADER.FIELDS.NOT', 'TEXT']);
/** field-name (RFC 5322 §3.6.8): printable US-ASCII except colon. */
const FIELD_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

/**
 * The section and partial after an item name already read with expectAtom({ stopAtBracket: true }); the
 * cursor is on the `[`.
 */
export function expectBodySection(cursor: ArgumentCursor, item: BodySectionItem): BodySection {
  const isBinary = item.startsWith('BINARY');
  const section = isBinary ? expectBinarySection(cursor) : expectSection(cursor);
  const partial = item === 'BINARY.SIZE' ? undefined : optionalPartial(cursor);
  return { item, section, partial };
}

/** section = "[" [section-spec] "]" */
export function expectSection(cursor: ArgumentCursor): SectionSpec {
  cursor.expectChar('[', 'Section "["');
  if (cursor.skip(']')) return { part: [], text: undefined, fields: [] };
  const spec = cursor.expectAtom('Section (part number, HEADER, HEADER.FIELDS, TEXT or MIME)');
  const { part, text } = splitSpec(spec);
  let fields: string[] = [];
  if (text === 'HEADER.FIELDS' || text === 'HEADER.FIELDS.NOT') {
    cursor.expectSpace();
    fields = cursor.expectList((c) => expectFieldName(c), 'Header field list', { allowEmpty: false });
  }
  cursor.expectChar(']', 'Section "]"');
  return { part, text, fields };
}

/** section-binary = "[" [section-part] "]": part numbers only (RFC 3516). */
export function expectBinarySection(cursor: ArgumentCursor): SectionSpec {
  cursor.expectChar('[', 'Section "["');
  if (cursor.skip(']')) return { part: [], text: undefined, fields: [] };
  const spec = cursor.expectAtom('Section part (1.2.3)');
  const part = spec.split('.').map((n) => partNumber(n, spec));
  cursor.expectChar(']', 'Section "]"');
  return { part, text: undefined, fields: [] };
}

/**
 * partial = "<" number64 "." nz-number64 ">". Offsets come back as numbers: past 2^53 they lose precision,
 * but every stored message is far smaller, so the answer (nothing) stays the same.
 */
export function optionalPartial(cursor: ArgumentCursor): Partial | undefined {
  if (cursor.peekChar() !== '<') return undefined;
  const text = cursor.expectAtom('Partial <offset.length>');
  const match = /^<([0-9]+)\.([0-9]+)>$/.exec(text);
  const offset = match === null ? undefined : parseDigits64(match[1]!);
  const length = match === null ? undefined : parseDigits64(match[2]!);
  if (offset === undefined || length === undefined || length === 0n) {
    throw new ParseError(
      PARSE_ERRORS.syntax,
      `Invalid partial "${printable(text)}": expected <offset.length>`,
    );
  }
  return { offset: Number(offset), length: Number(length) };
}

/** The text between the brackets, for the FETCH response: `1.2.HEADER.FIELDS (From To)`. */
export function formatSection(section: SectionSpec): string {
  const parts: string[] = section.part.map(String);
  if (section.text !== undefined) parts.push(section.text);
  const spec = parts.join('.');
  if (section.fields.length === 0) return spec;
  return `${spec} (${section.fields.map(formatFieldName).join(' ')})`;
}

/** `1.2.HEADER` → part [1, 2], text HEADER; MIME needs a part, the others may stand alone. */
function splitSpec(spec: string): { part: number[]; text: SectionText | undefined } {
  const words = spec.split('.');
  const part: number[] = [];
  while (words.length > 0 && /^[0-9]/.test(words[0]!)) part.push(partNumber(words.shift()!, spec));
  if (words.length === 0) return { part, text: undefined };
  const text = words.join('.').toUpperCase();
  if (MSGTEXT.has(text) || (text === 'MIME' && part.length > 0)) return { part, text: text as SectionText };
  throw new ParseError(
    PARSE_ERRORS.syntax,
    `Invalid section "${printable(spec)}": expected part numbers then HEADER, HEADER.FIELDS, HEADER.FIELDS.NOT, TEXT or MIME`,
  );
}

function partNumber(text: string, spec: string): number {
  const n = parseDigits(text, 4_294_967_295);
  if (n === undefined || n === 0 || text.startsWith('0')) {
    throw new ParseError(
      PARSE_ERRORS.syntax,
      `Invalid section "${printable(spec)}": part numbers start at 1`,
    );
  }
  return n;
}

function expectFieldName(cursor: ArgumentCursor): string {
  const name = cursor.expectAstring('Header field name');
  if (!FIELD_NAME.test(name)) {
    throw new ParseError(PARSE_ERRORS.syntax, `Invalid header field name "${printable(name)}"`);
  }
  return name;
}

/** A field name is an astring: an atom when it can be, else a quoted string (no CR, LF or 8-bit remain). */
function formatFieldName(name: string): string {
  for (let i = 0; i < name.length; i++) {
    if (ATOM_CHAR[name.charCodeAt(i)] !== 1) return `"${name.replace(/["\\]/g, '\\$&')}"`;
  }
  return name;
}
