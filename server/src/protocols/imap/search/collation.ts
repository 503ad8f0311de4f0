// The string comparison SORT and THREAD use: i;unicode-casemap (RFC 5051, required by RFC 5256 §1), i.e. the
// strings case-mapped and decomposed (NFKD), then compared by code point. And the RFC 5256 §2.1 base subject
// with the "is a reply or forward" bit THREAD=REFERENCES needs (§4, step 5).

import { baseSubject } from '#formats/mime';

/** Characters baseSubject reads; the same cut keeps the two computations below in step. */
const MAX_SUBJECT_CHARS = 2048;
const LEADING_BLOB = /^\[[^[\]]*\][ ]*/;

/** The key a string sorts by: titlecase-like mapping (upper case) and NFKD, as i;unicode-casemap does. */
export function casemap(text: string): string {
  return text.toUpperCase().normalize('NFKD');
}

/** Compare by Unicode code point (UTF-16 code unit order puts U+E000–U+FFFF after astral characters). */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const x = a.charCodeAt(index);
    const y = b.charCodeAt(index);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** The base subject (RFC 5256 §2.1, with the French and other prefixes #formats/mime strips) and whether the
 * subject marked a reply or forward: something other than list tags ("[liste]") was stripped to reach it. */
export function subjectInfo(subject: string): { readonly base: string; readonly isReplyOrForward: boolean } {
  const base = baseSubject(subject);
  let rest = subject
    .slice(0, MAX_SUBJECT_CHARS)
    .replace(/[\s\u00a0\u202f]+/gu, ' ')
    .trim();
  for (let blob = LEADING_BLOB.exec(rest); blob !== null; blob = LEADING_BLOB.exec(rest)) {
    const after = rest.slice(blob[0].length);
    // RFC 5256 §2.1 (4): a blob is removed only when something is left after it.
    if (after === '') break;
    rest = after;
  }
  return { base, isReplyOrForward: rest !== base };
}

/** Surrogates (astral characters) after every BMP code unit, as code point order has them. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}
