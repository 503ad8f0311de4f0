// Every bound on what the search index takes in, with why (imapflow's limits.js). The same on both backends,
// so a document is searchable in the same way wherever it is stored. Figures: docs/decisions/0003-search-index.md.

export const SEARCH_LIMITS = {
  /**
   * Body text indexed per document, in UTF-16 code units; the rest is not searchable. node:sqlite runs FTS5 on
   * the event loop: 1 MB of high-entropy text (base64, hex, spam) took ~2 s of trigram indexing, 256 KiB ~0.4 s,
   * and ordinary French text ~15 ms per 256 KiB. Real bodies are mostly under 50 KiB of text.
   */
  maxBodyChars: 256 * 1024,
  /** Subject indexed; far beyond any real subject, yet bounds a hostile 1 MB folded header. */
  maxSubjectChars: 8 * 1024,
  /** Each address part (from, to, cc, bcc) once joined: ~1,500 recipients of 40 characters. */
  maxAddressChars: 64 * 1024,
  /** Attachment names once joined. */
  maxAttachmentNameChars: 16 * 1024,
  /**
   * Longer words are left out of the word index (still found by substring): nobody types a 65-letter word,
   * and PostgreSQL would skip words over 2,047 bytes with a notice anyway.
   */
  maxWordChars: 64,
  /**
   * Distinct words indexed per document (each part's distinct words, summed), the small parts first and the
   * body last: a 256 KiB French text's whole vocabulary fits.
   */
  maxWordsPerDocument: 10_000,
  /**
   * UTF-8 bytes of those words. A PostgreSQL tsvector holds at most 1 MB; the all-parts tsvector carries each
   * word twice (stem and whole word) plus 4 bytes per lexeme: 2 × (256 KiB + 10,000 × 4) < 1 MB.
   */
  maxWordBytesPerDocument: 256 * 1024,
  /** Characters of one condition's value: longer than any phrase a person searches for. */
  maxQueryValueChars: 1_000,
  /** Words and substrings in a whole query; each becomes one index lookup per part it targets. */
  maxQueryTerms: 64,
  /** Conditions and operators in a whole query: bounds recursion and the size of the generated SQL. */
  maxQueryNodes: 128,
} as const;
