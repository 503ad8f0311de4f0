// The arguments of FETCH after its sequence set (RFC 9051 §6.4.5 and §9, RFC 3501 §6.4.5): a macro, one
// item or a parenthesised list of items, then the RFC 7162 fetch modifiers; read into a typed FetchRequest
// that also says what the command must load (structure, bytes) and whether \Seen gets set.
//   fetch = "FETCH" SP sequence-set SP ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
//           [SP "(" fetch-modifier *(SP fetch-modifier) ")"]
// Security: client input read through the bounded cursor; items are deduplicated, so their count is bounded
// by the distinct names a line of WireLimits.maxLineBytes can hold.

import { ParseError } from '#core/errors';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import {
  type BodySection,
  type BodySectionItem,
  expectBodySection,
  formatSection,
} from '../wire/section-spec.ts';
import { PARSE_ERRORS, printable } from '../wire/tokens.ts';
import { isCachedHeaderSection } from './section-bytes.ts';

/** Items without a section; the name is also the response's. */
export const SIMPLE_ITEMS = [
  'UID',
  'FLAGS',
  'INTERNALDATE',
  'RFC822.SIZE',
  'ENVELOPE',
  'BODYSTRUCTURE',
  'BODY',
  'RFC822',
  'RFC822.HEADER',
  'RFC822.TEXT',
  'MODSEQ',
  'EMAILID',
  'THREADID',
  'SAVEDATE',
] as const;
export type SimpleItem = (typeof SIMPLE_ITEMS)[number];

export type FetchItem =
  | { readonly kind: SimpleItem }
  /** RFC 8970; LAZY lets the server answer NIL when the preview is not at hand. */
  | { readonly kind: 'PREVIEW'; readonly isLazy: boolean }
  /** `name` is the response's, worked out once: BODY.PEEK[1] and BODY[1] both answer `BODY[1]`. */
  | { readonly kind: 'section'; readonly section: BodySection; readonly name: string };

export interface FetchRequest {
  /** Distinct items in the order asked, macros expanded; MODSEQ added when CHANGEDSINCE asks for it. */
  readonly items: readonly FetchItem[];
  /** CHANGEDSINCE mod-sequence (RFC 7162 §3.1.4.1): only messages whose modseq is greater. */
  readonly changedSince: bigint | undefined;
  /** VANISHED (RFC 7162 §3.2.6): report expunged UIDs of the set with a VANISHED (EARLIER) response. */
  readonly isVanished: boolean;
  /** The MIME tree or envelope is read (load EmailStructure). */
  readonly needsStructure: boolean;
  /**
   * BODY[HEADER.FIELDS (…)] of cached names (section-bytes.ts isCachedHeaderSection): load the header cache,
   * and the structure of the emails without one.
   */
  readonly readsHeaderCache: boolean;
  /** Stored octets are read. */
  readonly needsBytes: boolean;
  /**
   * Stored octets are read by an item other than cached header fields, which read the message only for an
   * email without a header cache.
   */
  readonly readsMessageBytes: boolean;
  /** BODY[…], BINARY[…], RFC822 or RFC822.TEXT: \Seen is set (RFC 9051 §6.4.5). */
  readonly setsSeen: boolean;
  /** MODSEQ or CHANGEDSINCE: the command enables CONDSTORE (RFC 7162 §3.1). */
  readonly enablesCondstore: boolean;
}

/** Macros (RFC 9051 §6.4.5), only allowed alone. */
const MACROS: Readonly<Record<string, readonly SimpleItem[]>> = {
  ALL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE'],
  FAST: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE'],
  FULL: ['FLAGS', 'INTERNALDATE', 'RFC822.SIZE', 'ENVELOPE', 'BODY'],
};

const SECTION_ITEMS: ReadonlySet<string> = new Set([
  'BODY',
  'BODY.PEEK',
  'BINARY',
  'BINARY.PEEK',
  'BINARY.SIZE',
]);
const SIMPLE: ReadonlySet<string> = new Set(SIMPLE_ITEMS);
/** Items that read no message data: everything else needs the structure or the octets. */
const METADATA_ITEMS: ReadonlySet<string> = new Set([
  'UID',
  'FLAGS',
  'INTERNALDATE',
  'RFC822.SIZE',
  'MODSEQ',
  'EMAILID',
  'THREADID',
  'SAVEDATE',
  'PREVIEW',
]);
const KNOWN_ITEMS = [
  ...SIMPLE_ITEMS,
  'PREVIEW',
  'BODY[…]',
  'BODY.PEEK[…]',
  'BINARY[…]',
  'BINARY.PEEK[…]',
  'BINARY.SIZE[…]',
];

/**
 * Everything after `FETCH <sequence-set>`, starting at its SP, to the end of the command (expectEnd included).
 * `isUid` for UID FETCH: VANISHED is refused in a plain FETCH (RFC 7162 §3.2.6).
 */
export function parseFetchArguments(
  cursor: ArgumentCursor,
  options: { readonly isUid: boolean },
): FetchRequest {
  cursor.expectSpace();
  const items = readItems(cursor);
  const modifiers = cursor.isAtEnd ? { changedSince: undefined, isVanished: false } : readModifiers(cursor);
  cursor.expectEnd();
  if (modifiers.isVanished && !options.isUid) {
    throw new ParseError(PARSE_ERRORS.syntax, 'VANISHED is a UID FETCH modifier (RFC 7162, section 3.2.6)');
  }
  if (modifiers.changedSince !== undefined && !items.some((item) => item.kind === 'MODSEQ')) {
    // RFC 7162 §3.1.4.1: CHANGEDSINCE implies the MODSEQ item.
    items.push({ kind: 'MODSEQ' });
  }
  return describeRequest(items, modifiers.changedSince, modifiers.isVanished);
}

/** The response name of an item, also its identity: BODY.PEEK[1] and BODY[1] both answer `BODY[1]`. */
export function responseName(item: FetchItem): string {
  return item.kind === 'section' ? item.name : item.kind;
}

function sectionName(section: BodySection): string {
  const base =
    section.item === 'BODY.PEEK' ? 'BODY' : section.item === 'BINARY.PEEK' ? 'BINARY' : section.item;
  const origin = section.partial === undefined ? '' : `<${section.partial.offset}>`;
  return `${base}[${formatSection(section.section)}]${origin}`;
}

function readItems(cursor: ArgumentCursor): FetchItem[] {
  let items: FetchItem[];
  if (cursor.peekChar() === '(') {
    items = cursor.expectList((inner) => readItem(inner, false), 'Fetch item list', { allowEmpty: false });
  } else {
    const macro = MACROS[cursor.peekKeyword()];
    if (macro !== undefined) {
      cursor.expectAtom();
      items = macro.map((kind) => ({ kind }));
    } else {
      items = [readItem(cursor, true)];
    }
  }
  const seen = new Set<string>();
  return items.filter((item) => {
    const name = responseName(item);
    if (seen.has(name)) return false;
    seen.add(name);
    return true;
  });
}

/** fetch-att; `isAlone` when not inside a list (a macro may only stand alone). */
function readItem(cursor: ArgumentCursor, isAlone: boolean): FetchItem {
  const name = cursor.expectAtom('Fetch item', { stopAtBracket: true }).toUpperCase();
  if (cursor.peekChar() === '[') {
    if (!SECTION_ITEMS.has(name)) throw itemError(`Fetch item ${printable(name)} takes no [section]`);
    const section = expectBodySection(cursor, name as BodySectionItem);
    return { kind: 'section', section, name: sectionName(section) };
  }
  if (SIMPLE.has(name)) return { kind: name as SimpleItem };
  if (name === 'PREVIEW') return { kind: 'PREVIEW', isLazy: readPreviewModifiers(cursor) };
  if (SECTION_ITEMS.has(name)) throw itemError(`${name} needs a section: ${name}[…]`);
  if (MACROS[name] !== undefined && !isAlone) {
    throw itemError(`${name} is a macro: it cannot be inside a list of fetch items`);
  }
  throw itemError(
    `Unknown fetch item "${printable(name)}": expected ALL, FAST, FULL or ${KNOWN_ITEMS.join(', ')}`,
  );
}

/** `PREVIEW (LAZY)`: read only when the list holds preview modifiers, so `PREVIEW (CHANGEDSINCE 1)` still parses. */
function readPreviewModifiers(cursor: ArgumentCursor): boolean {
  const modifiers = cursor.optional((inner) => {
    inner.expectSpace();
    return inner.expectList((list) => list.expectKeyword(['LAZY'], 'Preview modifier'), 'Preview modifiers', {
      allowEmpty: false,
    });
  });
  return modifiers !== undefined;
}

/** fetch-modifiers (RFC 4466 §2.4, RFC 7162): `(CHANGEDSINCE 12345 VANISHED)`. */
function readModifiers(cursor: ArgumentCursor): { changedSince: bigint | undefined; isVanished: boolean } {
  let changedSince: bigint | undefined;
  let isVanished = false;
  cursor.expectSpace();
  cursor.expectList(
    (inner) => {
      const name = inner.expectAtom('Fetch modifier').toUpperCase();
      if (name === 'CHANGEDSINCE' && changedSince === undefined) {
        inner.expectSpace();
        changedSince = inner.expectNumber64('CHANGEDSINCE mod-sequence');
      } else if (name === 'VANISHED' && !isVanished) {
        isVanished = true;
      } else if (name === 'CHANGEDSINCE' || name === 'VANISHED') {
        throw itemError(`Fetch modifier ${name} given twice`);
      } else {
        throw itemError(`Unknown fetch modifier "${printable(name)}": expected CHANGEDSINCE or VANISHED`);
      }
    },
    'Fetch modifiers',
    { allowEmpty: false },
  );
  // RFC 7162 §3.2.6: VANISHED only with CHANGEDSINCE.
  if (isVanished && changedSince === undefined)
    throw itemError('VANISHED needs CHANGEDSINCE (RFC 7162, section 3.2.6)');
  return { changedSince, isVanished };
}

function describeRequest(
  items: FetchItem[],
  changedSince: bigint | undefined,
  isVanished: boolean,
): FetchRequest {
  return {
    items,
    changedSince,
    isVanished,
    needsStructure: items.some(needsStructure),
    readsHeaderCache: items.some(isCachedHeaderItem),
    needsBytes: items.some(needsBytes),
    readsMessageBytes: items.some((item) => needsBytes(item) && !isCachedHeaderItem(item)),
    setsSeen: items.some(setsSeen),
    enablesCondstore: changedSince !== undefined || items.some((item) => item.kind === 'MODSEQ'),
  };
}

/**
 * BODY[] and RFC822 are the whole stored message: they need its size, not its tree. Cached header fields
 * need the tree only for an email without the cache (loadBatch loads it then).
 */
function needsStructure(item: FetchItem): boolean {
  if (item.kind !== 'section') return !METADATA_ITEMS.has(item.kind) && item.kind !== 'RFC822';
  const { item: name, section } = item.section;
  if (isCachedHeaderItem(item)) return false;
  return !(name.startsWith('BODY') && section.part.length === 0 && section.text === undefined);
}

function isCachedHeaderItem(item: FetchItem): boolean {
  return (
    item.kind === 'section' &&
    item.section.item.startsWith('BODY') &&
    isCachedHeaderSection(item.section.section)
  );
}

function needsBytes(item: FetchItem): boolean {
  return (
    item.kind === 'section' ||
    item.kind === 'RFC822' ||
    item.kind === 'RFC822.HEADER' ||
    item.kind === 'RFC822.TEXT'
  );
}

/** RFC 9051 §6.4.5: BODY[…] and BINARY[…] set \Seen, their .PEEK forms and BINARY.SIZE do not; RFC 3501 adds RFC822(.TEXT). */
function setsSeen(item: FetchItem): boolean {
  if (item.kind === 'section') return item.section.item === 'BODY' || item.section.item === 'BINARY';
  return item.kind === 'RFC822' || item.kind === 'RFC822.TEXT';
}

function itemError(message: string): ParseError {
  return new ParseError(PARSE_ERRORS.syntax, message);
}
