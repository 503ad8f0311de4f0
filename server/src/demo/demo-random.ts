// Randomness for the demo: a seeded generator, so every demo académie holds the same people (screenshots,
// bug reports and tests agree), and unpredictable passwords, which must differ on every installation.

import { randomInt } from 'node:crypto';
import { seededRandom } from '#core/seeded-random';

export { seededRandom };

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
