// The fixed bounds of spell checking, published in the urn:vercors:jmap session capability so the web app
// splits its text before sending. The site's own knobs (queue, time bound, on/off) are in settings.ts.

export const SPELLING_LIMITS = {
  /**
   * UTF-16 code units of text per check: a long message's 2,000 words (about 13,000 characters) fit, and the
   * composer sends only the paragraphs that changed. Longer is refused before it reaches the worker.
   */
  maxTextLength: 20_000,
  /** Suggestions per misspelled word: what a context menu can show without scrolling. */
  maxSuggestions: 5,
  /**
   * Misspellings reported per check: a paragraph in another language would otherwise make the worker
   * compute suggestions for every word; the rest are found when the text is shorter.
   */
  maxMisspellings: 500,
  /**
   * Longer "words" are codes, hashes or pasted data, not French (anticonstitutionnellement has 25 letters):
   * they are not checked, and suggesting for them costs the most.
   */
  maxWordLength: 40,
  /** The languages a check may name; the dictionary is dictionary-fr (Hunspell, MPL-2.0). */
  languages: ['fr'],
} as const;

export type SpellingLanguage = (typeof SPELLING_LIMITS.languages)[number];
