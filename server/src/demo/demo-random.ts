// Randomness for the demo: a seeded generator, so every demo académie holds the same people (screenshots,
// bug reports and tests agree), and unpredictable passwords, which must differ on every installation.

import { randomInt } from 'node:crypto';

/** mulberry32: tiny, fast, and good enough to shuffle names; never for anything secret. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export function pick<T>(random: () => number, items: readonly T[]): T {
  const item = items[Math.floor(random() * items.length)];
  if (item === undefined) throw new RangeError('pick() from an empty list');
  return item;
}

/** Letters and digits that cannot be misread for one another (no 0/O, 1/l/I). */
const PASSWORD_ALPHABET = 'abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/**
 * Groups of five from the CSPRNG: at least four (20 characters, about 116 bits, easy to read aloud in a demo),
 * more when the configured password policy wants a longer one.
 */
export function randomPassword(minLength: number): string {
  const count = Math.max(4, Math.ceil((minLength + 1) / 6));
  const groups = Array.from({ length: count }, () =>
    Array.from({ length: 5 }, () => PASSWORD_ALPHABET[randomInt(PASSWORD_ALPHABET.length)]).join(''),
  );
  return groups.join('-');
}
