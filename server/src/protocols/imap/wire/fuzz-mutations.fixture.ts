// Mutations for the fuzz tests of the command parser and of whole sessions: random bytes drawn mostly from an
// alphabet of IMAP syntax characters, and a command changed a few times over (a byte replaced, a token
// inserted, a run deleted or repeated, the end cut off).

export type Random = () => number;

export interface MutationAlphabet {
  /** Tokens worth inserting: literal markers, quotes, parentheses, keywords. */
  readonly tokens: readonly string[];
  /** Characters random bytes are mostly drawn from (as latin1); the rest are any byte. */
  readonly alphabet: string;
  /** How often a random byte comes from the alphabet (0 to 1). */
  readonly alphabetShare: number;
}

export function pick<T>(random: Random, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)]!;
}

export function randomBytes(random: Random, length: number, alphabet: MutationAlphabet): Buffer {
  const bytes = Buffer.alloc(length);
  for (let n = 0; n < length; n++) {
    bytes[n] =
      random() < alphabet.alphabetShare
        ? alphabet.alphabet.charCodeAt(Math.floor(random() * alphabet.alphabet.length))
        : Math.floor(random() * 256);
  }
  return bytes;
}

/** `bytes` mutated `times` times. */
export function mutate(bytes: Buffer, random: Random, times: number, alphabet: MutationAlphabet): Buffer {
  let result = bytes;
  for (let n = 0; n < times; n++) {
    const at = Math.floor(random() * (result.length + 1));
    const end = Math.min(result.length, at + Math.floor(random() * 20));
    const before = result.subarray(0, at);
    const kind = Math.floor(random() * 5);
    if (kind === 0)
      result = Buffer.concat([before, randomBytes(random, 1, alphabet), result.subarray(at + 1)]);
    else if (kind === 1)
      result = Buffer.concat([
        before,
        Buffer.from(pick(random, alphabet.tokens), 'latin1'),
        result.subarray(at),
      ]);
    else if (kind === 2) result = Buffer.concat([before, result.subarray(end)]);
    else if (kind === 3) result = Buffer.concat([before, result.subarray(at, end), result.subarray(at)]);
    else result = result.subarray(0, at);
  }
  return result;
}
