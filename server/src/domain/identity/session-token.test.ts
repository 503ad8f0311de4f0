import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { csrfTokenFor, isCsrfTokenValid, newSessionToken, sessionTokenHash } from './session-token.ts';

test('a session token is 32 random bytes in base64url: 43 cookie-safe characters, never twice the same', () => {
  const tokens = new Set<string>();
  for (let index = 0; index < 1000; index++) {
    const token = newSessionToken();
    assert.match(token, /^[A-Za-z0-9_-]{43}$/);
    assert.equal(Buffer.from(token, 'base64url').length, 32);
    tokens.add(token);
  }
  assert.equal(tokens.size, 1000);
});

test('session tokens look random: every base64url character turns up, and the first and last characters vary', () => {
  const tokens = Array.from({ length: 2000 }, newSessionToken);
  const characters = new Set(tokens.join(''));
  assert.equal(characters.size, 64, 'all 64 characters of the alphabet');
  // The first character carries the top 6 bits of the first byte; over 2,000 tokens it cannot stay fixed.
  assert.ok(new Set(tokens.map((token) => token[0])).size > 32);
  // The last one carries only 4 bits (256 bits in 43 characters): 16 values.
  assert.ok(new Set(tokens.map((token) => token.at(-1))).size > 8);
});

test('the stored form of a token is its SHA-256 in hexadecimal, the same every time', () => {
  const token = newSessionToken();
  const hash = sessionTokenHash(token);
  assert.equal(hash, createHash('sha256').update(token).digest('hex'));
  assert.match(hash ?? '', /^[0-9a-f]{64}$/);
  assert.equal(sessionTokenHash(token), hash);
  assert.notEqual(sessionTokenHash(newSessionToken()), hash);
  assert.notEqual(hash, token, 'the token itself is never what is stored');
});

test('a value that cannot be one of our tokens has no stored form', () => {
  const hostile = [
    '',
    'a'.repeat(65),
    'a'.repeat(100_000),
    'abc def',
    ' abc',
    'abc\n',
    'abc=',
    'abc+/',
    'abc;def',
    'abc%00',
    'abc\u0000',
    "abc'--",
    'jéton',
    '🍪',
    '.',
  ];
  for (const value of hostile)
    assert.equal(sessionTokenHash(value), undefined, JSON.stringify(value.slice(0, 20)));
});

test('the longest accepted value is 64 characters, room above the 43 issued', () => {
  assert.match(sessionTokenHash('A'.repeat(64)) ?? '', /^[0-9a-f]{64}$/);
  assert.equal(sessionTokenHash('A'.repeat(65)), undefined);
  assert.match(sessionTokenHash('-') ?? '', /^[0-9a-f]{64}$/, 'any base64url text, however short');
});

test('the CSRF token of a session is the same on every request, and cookie- and header-safe', () => {
  const session = newSessionToken();
  const csrf = csrfTokenFor(session);
  assert.equal(csrfTokenFor(session), csrf);
  assert.match(csrf, /^[A-Za-z0-9_-]{43}$/, 'an HMAC-SHA-256 in base64url');
  assert.notEqual(csrf, session);
  assert.notEqual(csrf, sessionTokenHash(session));
  assert.equal(isCsrfTokenValid(session, csrf), true);
});

test('a CSRF token is valid only with the session token it was made for', () => {
  const session = newSessionToken();
  const other = newSessionToken();
  assert.notEqual(csrfTokenFor(other), csrfTokenFor(session));
  assert.equal(isCsrfTokenValid(session, csrfTokenFor(other)), false);
  assert.equal(isCsrfTokenValid(other, csrfTokenFor(session)), false);
  // A new session token (login, second factor) makes the former CSRF token useless.
  const renewed = newSessionToken();
  assert.equal(isCsrfTokenValid(renewed, csrfTokenFor(session)), false);
});

test('a missing, wrong or oversized CSRF token is refused', () => {
  const session = newSessionToken();
  const csrf = csrfTokenFor(session);
  const flipped = `${csrf.slice(0, -1)}${csrf.endsWith('A') ? 'B' : 'A'}`;
  const refused: (string | undefined)[] = [
    undefined,
    '',
    csrf.slice(0, -1),
    `${csrf}A`,
    flipped,
    csrf.toUpperCase() === csrf ? csrf.toLowerCase() : csrf.toUpperCase(),
    ` ${csrf}`,
    `${csrf} `,
    session,
    sessionTokenHash(session),
    csrf.repeat(2),
    `${csrf}${'A'.repeat(30)}`,
    'x'.repeat(100_000),
    // As long in bytes, or in characters, as the real one, but not it.
    'é'.repeat(21) + 'a',
    'é'.repeat(43),
  ];
  for (const presented of refused) {
    assert.equal(isCsrfTokenValid(session, presented), false, JSON.stringify(presented?.slice(0, 50)));
  }
  assert.equal(isCsrfTokenValid(session, csrf), true, 'the real one still passes');
});
