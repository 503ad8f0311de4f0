// Keywords (JMAP RFC 8621 §4.1.1; IMAP flags are the same thing): validation, case folding and the JSON form
// stored on emails and memberships. IMAP maps \Seen → $seen, \Deleted → $deleted and so on at its own boundary.

import { invalid, overLimit } from './mail-errors.ts';
import { MAIL_LIMITS } from './mail-limits.ts';

/** The keywords RFC 8621 and the IMAP/JMAP keyword registry name; any other valid keyword is custom. */
export const KNOWN_KEYWORDS = [
  '$seen',
  '$flagged',
  '$answered',
  '$draft',
  '$forwarded',
  '$junk',
  '$notjunk',
  '$mdnsent',
  '$phishing',
] as const;

export const SEEN = '$seen';

/** RFC 8621: %x21-7E except these, the IMAP atom-specials that would break a FLAGS list. */
const FORBIDDEN = new Set(['(', ')', '{', ']', '%', '*', '"', '\\']);

/** A keyword as stored: lower case; `invalid` (reason invalidKeyword) when it breaks RFC 8621's rules. */
export function parseKeyword(keyword: string): string {
  if (keyword.length < 1 || keyword.length > 255 || !isKeywordText(keyword)) {
    throw invalid('keyword', keyword.slice(0, 64), 'invalidKeyword');
  }
  return keyword.toLowerCase();
}

function isKeywordText(keyword: string): boolean {
  for (const character of keyword) {
    const code = character.charCodeAt(0);
    if (character.length !== 1 || code < 0x21 || code > 0x7e || FORBIDDEN.has(character)) return false;
  }
  return true;
}

/** A set of keywords, validated, lower case, each once, sorted (so equal sets have equal JSON). */
export function parseKeywords(keywords: readonly string[]): string[] {
  const parsed = [...new Set(keywords.map(parseKeyword))].sort();
  checkKeywordCount(parsed);
  return parsed;
}

export function checkKeywordCount(keywords: readonly string[]): void {
  if (keywords.length > MAIL_LIMITS.maxKeywordsPerEmail) {
    throw overLimit('keyword', '', 'tooManyKeywords', MAIL_LIMITS.maxKeywordsPerEmail);
  }
}

export function isUnread(keywords: readonly string[]): boolean {
  return !keywords.includes(SEEN);
}

export function keywordsJson(keywords: readonly string[]): string {
  return JSON.stringify(keywords);
}

/**
 * Parse stored keyword JSON, sharing one frozen array per distinct value: a 100k-message view holds a handful of
 * distinct flag sets, so this saves both parsing and memory.
 */
export function keywordReader(): (json: string) => readonly string[] {
  const seen = new Map<string, readonly string[]>();
  return (json) => {
    let keywords = seen.get(json);
    if (keywords === undefined) {
      keywords = Object.freeze(JSON.parse(json) as string[]);
      seen.set(json, keywords);
    }
    return keywords;
  };
}
