// foldForSearch: the one text normalisation used for indexing and querying on every backend, so a query
// and the text it should find always meet in the same form (lower case, no diacritics, French ligatures
// spelt out, typographic punctuation made plain, white space collapsed). IMAP and JMAP reuse it.

/**
 * Letters that carry no diacritic to strip but that French (and neighbours) users type without: SQLite's
 * unicode61 and trigram tokenizers do not fold them (STACK.md), so `coeur` would not find `cœur`.
 */
const SPELT_OUT: Readonly<Record<string, string>> = {
  œ: 'oe',
  æ: 'ae',
  ß: 'ss',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  þ: 'th',
  ı: 'i',
  // Typographic apostrophes and quotes: mail clients and word processors write l’école, users type l'école.
  '‘': "'",
  '’': "'",
  '‚': "'",
  '‛': "'",
  '′': "'",
  '‵': "'",
  ʼ: "'",
  '`': "'",
  '“': '"',
  '”': '"',
  '„': '"',
  '‟': '"',
  '″': '"',
  '«': '"',
  '»': '"',
  // Hyphens and dashes (NFKD leaves them alone): ac‑grenoble with a non-breaking hyphen is ac-grenoble.
  '‐': '-',
  '‑': '-',
  '‒': '-',
  '–': '-',
  '—': '-',
  '―': '-',
  '−': '-',
};

const SPELT_OUT_PATTERN = new RegExp(`[${Object.keys(SPELT_OUT).join('')}]`, 'gu');
const COMBINING_MARKS = /\p{M}/gu;
/**
 * Invisible format characters (soft hyphen, zero-width space and joiners, BOM: JavaScript counts the BOM as
 * white space, but it separates nothing) and control characters other than white space.
 */
const INVISIBLE = /\p{Cf}|[\p{Cc}--\s]/gv;
const WHITE_SPACE = /\s+/gu;

/**
 * Fold `text` for search: NFKD (compatibility forms such as the ﬁ ligature or full-width letters become
 * plain letters), strip combining marks (é → e), lower-case, spell out œ/æ/ß and kin, make typographic
 * apostrophes, quotes and dashes plain, drop invisible characters, collapse runs of white space to one
 * space. Recomposed (NFC) at the end so scripts that NFKD splits without marks (Hangul) stay whole.
 */
export function foldForSearch(text: string): string {
  return (
    text
      // A lone surrogate from a broken decoder would otherwise reach the database as invalid UTF-8.
      .toWellFormed()
      .normalize('NFKD')
      .replace(COMBINING_MARKS, '')
      .toLowerCase()
      .replace(SPELT_OUT_PATTERN, (c) => SPELT_OUT[c] ?? c)
      .replace(INVISIBLE, '')
      .replace(WHITE_SPACE, ' ')
      .normalize('NFC')
  );
}
