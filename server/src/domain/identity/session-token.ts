// Session tokens and their CSRF companions. The cookie holds 32 random bytes; the database holds their
// SHA-256. The CSRF token is an HMAC of the session token, so it needs no storage, changes with every new
// session token (login, second factor), and cannot be forged without the cookie, which scripts cannot read
// (HttpOnly). The web app sends it in a header on every state-changing request.

import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/** Longest token accepted from a cookie (43 base64url characters are issued). */
const MAX_TOKEN_LENGTH = 64;

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

/** The stored form of a token; undefined for a value that cannot be one of ours. */
export function sessionTokenHash(token: string): string | undefined {
  if (token.length === 0 || token.length > MAX_TOKEN_LENGTH || !/^[A-Za-z0-9_-]+$/.test(token))
    return undefined;
  return createHash('sha256').update(token).digest('hex');
}

export function csrfTokenFor(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('vercors csrf v1').digest('base64url');
}

export function isCsrfTokenValid(sessionToken: string, presented: string | undefined): boolean {
  if (presented === undefined || presented.length > MAX_TOKEN_LENGTH) return false;
  const expected = Buffer.from(csrfTokenFor(sessionToken));
  const given = Buffer.from(presented);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** The session token from a Cookie header (RFC 6265 §5.4); undefined when absent or absurdly long. */
export function sessionTokenFromCookies(header: string | undefined, cookieName: string): string | undefined {
  if (header === undefined || header.length > 8192) return undefined;
  for (const pair of header.split(';')) {
    const equals = pair.indexOf('=');
    if (equals >= 0 && pair.slice(0, equals).trim() === cookieName) return pair.slice(equals + 1).trim();
  }
  return undefined;
}
