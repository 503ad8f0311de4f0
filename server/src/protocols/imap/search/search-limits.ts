// Every bound of SEARCH, SORT and THREAD beyond the wire codec's (WireLimits already bounds the tokens of one
// command and the nesting of parenthesised lists), each with the reason it exists (imapflow limits.js).
// Past a parse bound the command gets BAD (a ParseError 'limit', like the wire's); past an evaluation bound it
// gets NO [LIMIT] (a SearchError), so the client knows to narrow the search rather than fix its syntax.

export interface SearchLimits {
  /**
   * Search keys in one program. Thunderbird's quick filter sends under 20, Roundcube's OR chains under 50;
   * 500 lets any generated program through while bounding the evaluation to 500 tests per message
   * (5×10^7 steps on a 100,000-message mailbox, well under a second).
   */
  readonly maxKeys: number;
  /**
   * Nesting of NOT, OR and parenthesised groups. NOT and OR nest without parentheses (`OR OR OR a b c d`), so
   * the cursor's list depth does not bound them; this bounds every recursive walk of the tree.
   */
  readonly maxDepth: number;
  /**
   * Characters of one search string: the full-text index refuses values beyond 1,000 characters
   * (SEARCH_LIMITS.maxQueryValueChars in the store), longer than any phrase a person searches for.
   */
  readonly maxStringChars: number;
  /**
   * Database queries one search makes. A program mixing snapshot and database keys under OR/NOT needs one
   * query per database subtree (search-plan.ts); a real client's program needs one to three.
   */
  readonly maxDatabaseQueries: number;
  /**
   * Messages whose header block a HEADER search reads when the index does not cover the field (Message-ID,
   * List-Id, X-*). Each read is one indexed row and one blob read of at most maxHeaderBlockBytes: about a
   * second for 10,000 messages. Past it NO [LIMIT] tells the client to narrow by date or UID first (Thunderbird
   * and iOS then search their local copy).
   */
  readonly maxHeaderReads: number;
  /** Header blocks read at once: keeps the blob store busy without opening hundreds of files together. */
  readonly headerReadConcurrency: number;
  /**
   * Header bytes read per message for HEADER: Postfix's header_size_limit is 100 KiB, so every header block
   * SMTP accepted fits; fields past this are not searched.
   */
  readonly maxHeaderBlockBytes: number;
  /**
   * Messages SORT or THREAD orders: the store's maxEmailsPerCall. Their sort or thread data is held in memory
   * for the command only (a few hundred bytes per message).
   */
  readonly maxSortMessages: number;
  /**
   * References kept per message for THREAD=REFERENCES: the first (the thread root) and the most recent ones,
   * as RFC 5322 §3.6.4 advises when trimming. Real replies carry under 20; the rest only costs containers.
   */
  readonly maxThreadReferences: number;
  /** Message-ID containers one THREAD builds (messages plus referenced ids): about 100 bytes each. */
  readonly maxThreadContainers: number;
  /**
   * Ancestors walked to check that a THREAD link makes no loop. Real threads are far shallower; a deeper
   * chain is built to make linking quadratic, and its link is simply not made.
   */
  readonly maxThreadAncestors: number;
}

export const DEFAULT_SEARCH_LIMITS: SearchLimits = Object.freeze({
  maxKeys: 500,
  maxDepth: 32,
  maxStringChars: 1_000,
  maxDatabaseQueries: 16,
  maxHeaderReads: 10_000,
  headerReadConcurrency: 8,
  maxHeaderBlockBytes: 256 * 1024,
  maxSortMessages: 200_000,
  maxThreadReferences: 20,
  maxThreadContainers: 500_000,
  maxThreadAncestors: 1_000,
});
