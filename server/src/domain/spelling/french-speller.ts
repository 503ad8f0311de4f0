// French rules over a Hunspell dictionary (nspell in the worker; any `Dictionary` in tests): which of a
// text's words are misspelled, where exactly, and what to write instead. A word the dictionary lacks is read
// the way French writes it before it is flagged: an elision (l’, d’, qu’, jusqu’…) is checked without its
// article, a hyphenated word (dis-moi, a-t-il, est-ce) part by part, a capital that lost its accent (Etat)
// with it, and a capitalised word inside a sentence is taken for a name. Suggestions are computed last, while
// time is left, and come back with the apostrophe the person typed.

import { tokenizeFrench } from './french-tokenizer.ts';
import { SPELLING_LIMITS } from './spelling-limits.ts';
import type { SuggestionCache } from './suggestion-cache.ts';

/** What a Hunspell dictionary answers (nspell's shape). */
export interface Dictionary {
  correct(word: string): boolean;
  suggest(word: string): string[];
}

export interface Misspelling {
  /** The misspelled text as written. */
  readonly word: string;
  /** UTF-16 offsets into the checked text. */
  readonly start: number;
  readonly end: number;
  /** Best first, at most SPELLING_LIMITS.maxSuggestions; empty when none was found, or no time was left. */
  readonly suggestions: readonly string[];
}

export interface SpellCheckResult {
  readonly misspelled: readonly Misspelling[];
  /**
   * false when the deadline came before every misspelling had its suggestions (those have none), or when
   * more than SPELLING_LIMITS.maxMisspellings were found (the rest are not reported).
   */
  readonly isComplete: boolean;
}

export interface SpellCheckOptions {
  /** Suggestions are computed only while `now()` is before this. */
  readonly deadline: number;
  readonly now: () => number;
  readonly cache: SuggestionCache;
}

/** The article or conjunction an elided word hangs on: l’école, qu’il, jusqu’à, lorsqu’on. */
const ELISION = /^(jusqu|lorsqu|puisqu|quoiqu|presqu|quelqu|qu|[cçdjlmnst])['’ʼ](.+)$/iu;
const HYPHEN = /[-‐‑]/u;
const APOSTROPHES = /['’ʼ]/gu;
const HAS_LOWER_CASE = /\p{Ll}/u;
const STARTS_UPPER_CASE = /^\p{Lu}/u;

/**
 * A capital's accented forms: French keyboards cannot type them, so capitals often go without ("Etat",
 * "A bientôt", "Ecole"), a usage the Imprimerie nationale frowns on but readers accept.
 */
const ACCENTED_CAPITALS: Readonly<Record<string, readonly string[]>> = {
  A: ['À', 'Â'],
  C: ['Ç'],
  E: ['É', 'È', 'Ê', 'Ë'],
  I: ['Î', 'Ï'],
  O: ['Ô'],
  U: ['Ù', 'Û', 'Ü'],
};

/** A stretch of the text to flag, and the form the dictionary is asked about. */
interface Flagged {
  readonly start: number;
  readonly end: number;
  readonly lookup: string;
}

/** The misspelled words of `text`, in order, with their suggestions. */
export function findMisspellings(
  text: string,
  dictionary: Dictionary,
  options: SpellCheckOptions,
): SpellCheckResult {
  // Judge every word first (microseconds each), then suggest (milliseconds each) while time is left.
  const flagged: Flagged[] = [];
  let isComplete = true;
  for (const token of tokenizeFrench(text)) {
    const found = judge(token.text, token.start, token.isSentenceStart, dictionary);
    if (flagged.length + found.length > SPELLING_LIMITS.maxMisspellings) {
      isComplete = false;
      break;
    }
    flagged.push(...found);
  }
  const misspelled = flagged.map(({ start, end, lookup }) => {
    const word = text.slice(start, end);
    let suggestions = options.cache.get(lookup);
    if (suggestions === undefined && options.now() < options.deadline) {
      suggestions = bestSuggestions(lookup, dictionary);
      options.cache.set(lookup, suggestions);
    }
    if (suggestions === undefined) isComplete = false;
    return { word, start, end, suggestions: withApostropheOf(word, suggestions ?? []) };
  });
  return { misspelled, isComplete };
}

/** The parts of `word` (at `start` in the text) to flag; none when French accepts it. */
function judge(word: string, start: number, isSentenceStart: boolean, dictionary: Dictionary): Flagged[] {
  const lookup = normalise(word);
  if (isAcceptable(lookup, isSentenceStart, dictionary)) return [];

  // l’hotel: only "hotel" is wrong (and a capital after the apostrophe is a name's: d’Artagnan).
  const elision = ELISION.exec(word);
  if (elision !== null) {
    const [, article = '', rest = ''] = elision;
    return judge(rest, start + article.length + 1, false, dictionary);
  }

  // dis-moi, a-t-il, est-ce: the dictionary lists few of these, but each part is a word.
  if (HYPHEN.test(word)) {
    const flagged: Flagged[] = [];
    let partStart = start;
    for (const [index, part] of word.split(HYPHEN).entries()) {
      const partLookup = normalise(part);
      if (!isAcceptable(partLookup, isSentenceStart && index === 0, dictionary))
        flagged.push({ start: partStart, end: partStart + part.length, lookup: partLookup });
      partStart += part.length + 1;
    }
    return flagged;
  }
  return [{ start, end: start + word.length, lookup }];
}

function isAcceptable(lookup: string, isSentenceStart: boolean, dictionary: Dictionary): boolean {
  // One letter (the t of a-t-il, the y of "il y a"), or capitals only (an acronym in a compound: SNCF-Réseau).
  if ([...lookup.replace(APOSTROPHES, '')].length < 2 || !HAS_LOWER_CASE.test(lookup)) return true;
  // A capital inside a sentence starts a name: people, schools and communes are mostly not in a dictionary.
  if (!isSentenceStart && STARTS_UPPER_CASE.test(lookup)) return true;
  if (dictionary.correct(lookup)) return true;
  const accented = ACCENTED_CAPITALS[lookup[0] ?? ''] ?? [];
  return accented.some((capital) => dictionary.correct(capital + lookup.slice(1)));
}

/** The form the dictionary lists: composed accents (NFC), ASCII apostrophe and hyphen, no soft hyphen. */
function normalise(word: string): string {
  return word
    .normalize('NFC')
    .replace(/\u00AD/gu, '')
    .replace(APOSTROPHES, "'")
    .replace(/[‐‑]/gu, '-');
}

function bestSuggestions(lookup: string, dictionary: Dictionary): readonly string[] {
  const unique = [...new Set(dictionary.suggest(lookup))];
  return unique.filter((suggestion) => suggestion !== lookup).slice(0, SPELLING_LIMITS.maxSuggestions);
}

/** Suggestions written with the apostrophe `word` has (’ in typographic text), so a replacement matches it. */
function withApostropheOf(word: string, suggestions: readonly string[]): readonly string[] {
  const typed = /['’ʼ]/u.exec(word)?.[0];
  if (typed === undefined || typed === "'") return suggestions;
  return suggestions.map((suggestion) => suggestion.replace(/'/gu, typed));
}
