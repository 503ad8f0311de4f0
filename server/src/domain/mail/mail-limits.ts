// Every bound the mail store puts on what it accepts or keeps, with why (imapflow's limits.js).

export const MAIL_LIMITS = {
  /** UTF-8 bytes of a mailbox name: IMAP clients and JMAP both cope, and it keeps index keys small. */
  maxMailboxNameBytes: 255,
  /** Depth of the mailbox tree; deeper trees are always a script gone wrong, and paths stay printable. */
  maxMailboxDepth: 32,
  /** Mailboxes per account: ten times what a busy secretariat keeps, small enough for one LIST. */
  maxMailboxesPerAccount: 10_000,
  /** Keywords on one email (RFC 8621 has no limit; Dovecot keeps a few dozen per mailbox in practice). */
  maxKeywordsPerEmail: 100,
  /** Mailboxes one email may be put in at once (JMAP mailboxIds, SMTP delivery to one account). */
  maxMailboxesPerEmail: 100,
  /** Largest raw message imported: above the SMTP SIZE and JMAP upload limits we will advertise. */
  maxMessageBytes: 100 * 1024 * 1024,
  /** Emails or UIDs one call may touch (IMAP STORE 1:* on a 100k mailbox, JMAP maxObjectsInSet). */
  maxEmailsPerCall: 200_000,
  /** Messages in one importMessages batch: one transaction must stay short for the single SQLite writer. */
  maxImportBatch: 500,
  /** Message-IDs looked up per email for threading: the newest References are the nearest ancestors. */
  maxThreadingIds: 50,
  /** Longest Message-ID kept in the threading table; longer ones are hostile and would not fit an index key. */
  maxMessageIdChars: 512,
  /** Characters of the base subject kept in the indexed column (sort and thread fallback compare on it). */
  maxIndexedSubjectChars: 512,
  /** A reply joins a thread by subject alone only if that thread had mail within this window. */
  subjectThreadWindowMs: 30 * 24 * 60 * 60 * 1000,
  /** Rows per multi-row INSERT or IN list: far below SQLite's and PostgreSQL's bound-parameter limits. */
  sqlChunk: 500,
  /** Default page of Email/query. */
  defaultQueryLimit: 100,
  /**
   * Largest upload (JMAP maxSizeUpload advertises the same): a 50 MiB attachment is what webmails accept, and a
   * message built from uploads still fits maxMessageBytes.
   */
  maxUploadBytes: 50 * 1024 * 1024,
  /**
   * Uploads an account may hold at once. They are charged to no quota (a draft's attachments would count twice),
   * so this bounds what one account can park; a busy day of attaching is a few dozen.
   */
  maxPendingUploads: 1000,
  /** Bytes of uploads an account may hold at once: twenty maximal attachments, for the same reason. */
  maxPendingUploadBytes: 1024 * 1024 * 1024,
  /** How long an upload is kept: long enough to finish a draft started in the morning, as RFC 8620 §6.1 suggests. */
  uploadLifetimeMs: 24 * 60 * 60 * 1000,
  /** Characters of an upload's media type: a type with its charset or name parameter is far shorter. */
  maxMediaTypeLength: 255,
} as const;

/** Quota usage levels (percent) at which the owner gets a warning message, once per crossing. */
export const QUOTA_THRESHOLDS = [80, 90, 100] as const;

/** Split `items` into runs of at most `size`. */
export function inChunks<T>(items: readonly T[], size: number = MAIL_LIMITS.sqlChunk): T[][] {
  const chunks: T[][] = [];
  for (let start = 0; start < items.length; start += size) chunks.push(items.slice(start, start + size));
  return chunks;
}
