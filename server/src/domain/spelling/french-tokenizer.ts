// The words of a French text worth checking, with their UTF-16 offsets (what a browser's text positions are).
// A word keeps its inner apostrophes and hyphens (l’hôtel, aujourd’hui, peut-être, c'est-à-dire): what they
// join is judged in french-speller.ts. Left out, because a dictionary cannot judge them: numbers and words
// with digits (1er, B2i), addresses and links (e-mails, URLs, host and file names), #tags and @handles, words
// in capitals (acronyms: CNED, ÉSPÉ), Roman ordinals (XIXe), single letters and over-long strings.
// Security: runs on any text a user sends; every pattern and scan is linear in the text's length.

import { SPELLING_LIMITS } from './spelling-limits.ts';

export interface WordToken {
  /** The word as written (not normalised). */
  readonly text: string;
  /** UTF-16 offset of its first code unit in the text. */
  readonly start: number;
  /** UTF-16 offset just past it. */
  readonly end: number;
  /**
   * First word of the text, of a line or of a sentence: a capital there says nothing, while a capital
   * elsewhere is a name's (french-speller.ts does not flag those).
   */
  readonly isSentenceStart: boolean;
}

/** Letters with their combining accents (text typed in NFD), and the soft hyphen pasted text carries. */
const WORD_CHARACTER = String.raw`[\p{L}\p{M}\p{N}_\u00AD]`;
/** Apostrophes (typewriter, typographic, modifier letter) and hyphens (ASCII, Unicode, non-breaking). */
const JOINERS = String.raw`['’ʼ\-‐‑]`;
const WORD = new RegExp(`${WORD_CHARACTER}+(?:${JOINERS}${WORD_CHARACTER}+)*`, 'gu');

/**
 * Whitespace-separated chunks that are not prose: links, e-mail addresses, and host or file names, versions
 * and dotted abbreviations (a dot between two word characters: ac-grenoble.fr, rapport.pdf, c.-à-d.). A
 * missing space after a full stop falls here too, and is simply not checked. Each test is linear in the
 * chunk: a pattern like `[\w.]+@` run at every position of a 20,000-letter chunk would be quadratic.
 */
const LINK = /^[«"“(\[<]*(?:(?:https?|ftp|file):\/\/|www\.|mailto:|tel:)/iu;
const DOTTED = /[\p{L}\p{N}_-]\.[\p{L}\p{N}_-]/u;

const HAS_DIGIT = /[\p{N}_]/u;
const HAS_LOWER_CASE = /\p{Ll}/u;
// XIXe, IIe, Ier, Ve; not a single C, D, L or M, which would take Ce, De, Le, Mes, Mer for numerals.
const ROMAN_ORDINAL = /^(?:[IVXLCDM]{2,}|[IVX])(?:e|er|re|es|ers|res|ème|èmes|eme)$/u;
const JOINER_OR_SOFT_HYPHEN = new RegExp(`${JOINERS}|\u00AD`, 'gu');

/** What may come between a sentence's end and its next word: spaces, quotes, brackets, dashes, bullets. */
const BEFORE_WORD = /[\s«»"“”„‘’'([{—–\-*•·]/u;
const SENTENCE_END = /[.!?…]/u;

/**
 * Words followed by a full stop that does not end the sentence, in French letters and notices ("M. Durand",
 * "cf. la circulaire", "tél. 04…"); a capital after them is a name's. Lower case, compared folded.
 */
const ABBREVIATIONS = new Set([
  'm',
  'mm',
  'mme',
  'mmes',
  'mlle',
  'mlles',
  'me',
  'mgr',
  'dr',
  'pr',
  'st',
  'ste',
  'cf',
  'ex',
  'etc',
  'env',
  'art',
  'chap',
  'coll',
  'dir',
  'éd',
  'fig',
  'hab',
  'n',
  'no',
  'p',
  'pp',
  'réf',
  'tél',
  'vol',
  'av',
  'bd',
  'janv',
  'févr',
  'avr',
  'juil',
  'sept',
  'oct',
  'nov',
  'déc',
]);

/** The words of `text` a French dictionary should judge, in order. */
export function tokenizeFrench(text: string): WordToken[] {
  const skipped = notProseRanges(text);
  const tokens: WordToken[] = [];
  let next = 0;
  for (const match of text.matchAll(WORD)) {
    const start = match.index;
    const end = start + match[0].length;
    // Chunks come in order and never overlap; move past those that end before this word.
    while (next < skipped.length && (skipped[next]?.[1] ?? 0) <= start) next++;
    const range = skipped[next];
    if (range !== undefined && range[0] < end) continue;
    if (!isCheckable(match[0], text[start - 1])) continue;
    tokens.push({ text: match[0], start, end, isSentenceStart: isSentenceStart(text, start) });
  }
  return tokens;
}

function isCheckable(word: string, before: string | undefined): boolean {
  if (before === '#' || before === '@') return false;
  if (word.length > SPELLING_LIMITS.maxWordLength) return false;
  if (HAS_DIGIT.test(word)) return false;
  const letters = word.replace(JOINER_OR_SOFT_HYPHEN, '');
  if ([...letters.normalize('NFC')].length < 2) return false;
  if (!HAS_LOWER_CASE.test(word)) return false;
  return !ROMAN_ORDINAL.test(word);
}

/** [start, end) of every chunk of `text` that is not prose, in order. */
function notProseRanges(text: string): [number, number][] {
  const ranges: [number, number][] = [];
  for (const chunk of text.matchAll(/\S+/gu)) {
    const word = chunk[0];
    if (LINK.test(word) || word.includes('@') || DOTTED.test(word))
      ranges.push([chunk.index, chunk.index + word.length]);
  }
  return ranges;
}

function isSentenceStart(text: string, start: number): boolean {
  let at = start - 1;
  while (at >= 0 && BEFORE_WORD.test(text[at] ?? '')) {
    if (text[at] === '\n') return true;
    at--;
  }
  if (at < 0) return true;
  const mark = text[at] ?? '';
  if (!SENTENCE_END.test(mark)) return false;
  if (mark !== '.') return true;
  // "M. Durand", "J. Martin": the word before the full stop is an abbreviation or an initial.
  let wordStart = at;
  while (wordStart > 0 && /[\p{L}\p{M}]/u.test(text[wordStart - 1] ?? '')) wordStart--;
  const before = text.slice(wordStart, at);
  if (before === '') return true;
  if ([...before].length === 1) return false;
  return !ABBREVIATIONS.has(before.toLowerCase());
}
