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
 *
 * Text made only of the first 0x250 code units (ASCII, Latin-1, Latin Extended-A and B) and of general
 * punctuation, € and ™ (nearly all French mail) takes a table of each one's fold instead: every step above
 * is character by character for them (no marks survive to recompose, no Hangul, no Greek final sigma), so
 * the result is the same (fold-for-search.test.ts checks it), in a fifth of the time. Anything else takes
 * the general path.
 */
export function foldForSearch(text: string): string {
  let folded = '';
  let unchangedFrom = 0;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    let fold: string | undefined;
    if (unit < TABLE_SIZE) fold = FOLD_TABLE[unit];
    else {
      fold = PUNCTUATION_FOLDS.get(unit);
      if (fold === undefined) return foldAnyText(text);
    }
    if (fold !== undefined) {
      folded += text.slice(unchangedFrom, index) + fold;
      unchangedFrom = index + 1;
    }
  }
  folded += text.slice(unchangedFrom);
  return folded.includes('  ') ? folded.replace(SPACE_RUNS, ' ') : folded;
}

/** foldForSearch's general path, for any text. Exported for the tests that compare it with the table. */
export function foldAnyText(text: string): string {
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

/** Code units below this fold one by one (see foldForSearch). */
const TABLE_SIZE = 0x250;
const SPACE_RUNS = / {2,}/g;
/** Each code unit's fold by the general path, or undefined where it is the unit itself. */
const FOLD_TABLE: readonly (string | undefined)[] = Array.from({ length: TABLE_SIZE }, (_, unit) => {
  const char = String.fromCharCode(unit);
  const fold = foldAnyText(char);
  return fold === char ? undefined : fold;
});
/** The fold of the units beyond the table that French mail is full of: U+2000–U+206F (typographic spaces,
 * dashes, quotes, ellipsis, invisible characters), €, ™ and the byte order mark. */
const PUNCTUATION_FOLDS: ReadonlyMap<number, string> = new Map(
  [...Array.from({ length: 0x70 }, (_, offset) => 0x2000 + offset), 0x20ac, 0x2122, 0xfeff].map((unit) => [
    unit,
    foldAnyText(String.fromCharCode(unit)),
  ]),
);
