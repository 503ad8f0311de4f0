// IMAP flags ↔ the store's keywords (RFC 8621 §4.1.1 maps them one to one): \Seen is $seen, \Deleted is
// $deleted, and so on. Keywords are stored lower case; IMAP compares flags case-insensitively, and the
// registered ones are shown with their usual capitals, which some clients match exactly.

const SYSTEM_FLAGS: Readonly<Record<string, string>> = {
  $seen: '\\Seen',
  $answered: '\\Answered',
  $flagged: '\\Flagged',
  $deleted: '\\Deleted',
  $draft: '\\Draft',
};

const REGISTERED_KEYWORDS: Readonly<Record<string, string>> = {
  $forwarded: '$Forwarded',
  $junk: '$Junk',
  $notjunk: '$NotJunk',
  $mdnsent: '$MDNSent',
  $phishing: '$Phishing',
};

const KEYWORD_OF_FLAG: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SYSTEM_FLAGS).map(([keyword, flag]) => [flag.toLowerCase(), keyword]),
);

/** FLAGS as shown to the client, system flags first. */
export function systemFlagsOf(keywords: readonly string[]): string[] {
  const system: string[] = [];
  const others: string[] = [];
  for (const keyword of keywords) {
    const flag = SYSTEM_FLAGS[keyword];
    if (flag !== undefined) system.push(flag);
    else others.push(REGISTERED_KEYWORDS[keyword] ?? keyword);
  }
  return [...system, ...others];
}

/**
 * The keyword a client's flag is stored as, or undefined for \Recent, which nobody can set (RFC 3501 §2.3.2)
 * and IMAP4rev2 removed: STORE and APPEND ignore it rather than failing the command.
 */
export function keywordOfFlag(flag: string): string | undefined {
  const lower = flag.toLowerCase();
  if (lower === '\\recent') return undefined;
  if (lower.startsWith('\\')) return KEYWORD_OF_FLAG[lower];
  return lower;
}

/** FLAGS listed at SELECT: the system flags, and the registered keywords clients look for. */
export const MAILBOX_FLAGS = [
  '\\Answered',
  '\\Flagged',
  '\\Deleted',
  '\\Seen',
  '\\Draft',
  ...Object.values(REGISTERED_KEYWORDS),
];

/** PERMANENTFLAGS: the same, and `\*`: any keyword can be created and is kept. */
export const PERMANENT_FLAGS = [...MAILBOX_FLAGS, '\\*'];
