// SearchSnippet text (RFC 8621 §5): a subject or a section of body with `&`, `<` and `>` written as HTML
// entities and the words the search matched wrapped in <mark></mark>. Words are found as the index finds them:
// in text folded by foldForSearch (case, accents, ligatures), a word matching exactly or, for `word*`, by
// prefix. PostgreSQL's index also matches other inflections (réunions for réunion); those are not marked.

import { foldForSearch } from '#domain/mail';
import type { SearchWord } from '../email/search-words.ts';

/** RFC 8621 §5.1: a preview "MUST NOT be bigger than 255 octets", marks and entities included. */
export const MAX_PREVIEW_BYTES = 255;
/** Characters of context kept before the first match, so the reader sees what leads up to it. */
const LEAD_CHARS = 40;

const WORD = /[\p{L}\p{N}\p{Co}]+/gu;
const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };

interface Match {
  /** UTF-16 offsets into the original text, end exclusive. */
  readonly start: number;
  readonly end: number;
}

/** The whole subject marked, or null when no word matches (RFC 8621 §5: then the subject is null). */
export function markSubject(subject: string, words: readonly SearchWord[]): string | null {
  const matches = findMatches(subject, words);
  if (matches.length === 0) return null;
  let out = '';
  let position = 0;
  for (const match of matches) {
    out += `${escapeHtml(subject.slice(position, match.start))}<mark>${escapeHtml(subject.slice(match.start, match.end))}</mark>`;
    position = match.end;
  }
  return out + escapeHtml(subject.slice(position));
}

/**
 * The section of `text` around its first match, marked, in at most MAX_PREVIEW_BYTES of UTF-8, white space
 * collapsed; null when no word matches.
 */
export function markPreview(text: string, words: readonly SearchWord[]): string | null {
  const collapsed = text.replace(/\s+/gu, ' ').trim();
  const matches = findMatches(collapsed, words);
  const first = matches[0];
  if (first === undefined) return null;
  // Start a little before the first match, at a word's start rather than inside one.
  let start = Math.max(0, first.start - LEAD_CHARS);
  if (start > 0) {
    const space = collapsed.indexOf(' ', start);
    start = space >= 0 && space < first.start ? space + 1 : first.start;
  }
  return boundedSection(collapsed, matches, start);
}

function boundedSection(text: string, matches: readonly Match[], start: number): string {
  let out = '';
  let bytes = 0;
  let position = start;
  // Where to cut if the budget runs out inside plain text: after the last space that follows the last mark.
  let lastSpace = -1;
  const plainUntil = (end: number): boolean => {
    while (position < end) {
      const code = text.codePointAt(position) ?? 0;
      const character = String.fromCodePoint(code);
      const piece = escapeHtml(character);
      const size = utf8Length(piece);
      if (bytes + size > MAX_PREVIEW_BYTES) return false;
      if (character === ' ') lastSpace = out.length;
      out += piece;
      bytes += size;
      position += character.length;
    }
    return true;
  };
  let isCut = false;
  for (const match of matches) {
    if (match.start < start) continue;
    const marked = `<mark>${escapeHtml(text.slice(match.start, match.end))}</mark>`;
    if (!plainUntil(match.start) || bytes + utf8Length(marked) > MAX_PREVIEW_BYTES) {
      isCut = true;
      break;
    }
    out += marked;
    bytes += utf8Length(marked);
    position = match.end;
    lastSpace = -1;
  }
  if (!isCut) isCut = !plainUntil(text.length);
  // A word cut in half reads as a different word: end at the last whole one when there is one.
  if (isCut && lastSpace > 0) out = out.slice(0, lastSpace);
  return out.trimEnd();
}

/**
 * The words of `text` that match, as ranges of the original text. The text is folded one code point at a time,
 * keeping where each folded character came from; a match ends after any accent or invisible character that
 * trails its last letter, so a decomposed "é" is marked whole.
 */
function findMatches(text: string, words: readonly SearchWord[]): Match[] {
  if (words.length === 0 || text === '') return [];
  const folds = new Map<string, string>();
  const fold = (character: string): string => {
    let folded = folds.get(character);
    if (folded === undefined) {
      folded = foldForSearch(character);
      folds.set(character, folded);
    }
    return folded;
  };
  let folded = '';
  const origins: number[] = [];
  const ends: number[] = [];
  for (let index = 0; index < text.length; ) {
    const character = String.fromCodePoint(text.codePointAt(index) ?? 0);
    const piece = fold(character);
    for (let unit = 0; unit < piece.length; unit++) {
      origins.push(index);
      ends.push(index + character.length);
    }
    folded += piece;
    index += character.length;
  }
  const matches: Match[] = [];
  for (const found of folded.matchAll(WORD)) {
    if (!words.some((word) => isMatch(found[0], word))) continue;
    const first = found.index;
    const last = first + found[0].length - 1;
    let end = ends[last] ?? text.length;
    while (end < text.length) {
      const character = String.fromCodePoint(text.codePointAt(end) ?? 0);
      if (fold(character) !== '') break;
      end += character.length;
    }
    matches.push({ start: origins[first] ?? 0, end });
  }
  return matches;
}

function isMatch(candidate: string, word: SearchWord): boolean {
  // Folded one character at a time, a final sigma stays σ where the index, folding whole words, has ς.
  const text = candidate.replaceAll('ς', 'σ');
  const wanted = word.word.replaceAll('ς', 'σ');
  return word.isPrefix ? text.startsWith(wanted) : text === wanted;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>]/g, (character) => ENTITIES[character] ?? character);
}

function utf8Length(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
