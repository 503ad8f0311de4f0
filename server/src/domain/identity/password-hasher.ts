// Password hashing with argon2id (RFC 9106) through @node-rs/argon2, stored as PHC strings so the
// parameters travel with each hash and can be raised later without breaking existing passwords: a hash made
// with other parameters (older, weaker) still verifies, and `needsRehash` tells the login to store the
// password again under the current ones (passwords.ts), transparently.

import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password; throws only when `phc` is not a hash this hasher understands. */
  verify(phc: string, password: string): Promise<boolean>;
  /**
   * Whether `phc` is weaker than this hasher would make it (another algorithm, less memory or fewer passes):
   * hash the password again after a login. Never for a stronger one, so nodes briefly configured apart during
   * a change do not undo each other's work.
   */
  needsRehash(phc: string): boolean;
}

export interface Argon2Cost {
  /** KiB. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

/** `Algorithm` is a const enum, which type stripping cannot inline; 2 is its Argon2id member. */
const ARGON2ID = 2 as Algorithm;

/**
 * OWASP's argon2id baseline: 19 MiB, 2 passes, 1 lane. About 10 ms per hash on one core here: slow
 * enough to make offline guessing expensive, fast enough for IMAP/SMTP logins from a whole académie.
 */
export const ARGON2_OPTIONS = {
  algorithm: ARGON2ID,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
} as const;

export function createArgon2Hasher(cost: Argon2Cost): PasswordHasher {
  const options = { algorithm: ARGON2ID, ...cost };
  return {
    hash: (password) => hash(password, options),
    verify: (phc, password) => verify(phc, password),
    needsRehash(phc) {
      // The PHC string format: $argon2id$v=19$m=19456,t=2,p=1$salt$hash.
      const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(phc);
      if (match === null) return true;
      return Number(match[1]) < cost.memoryCost || Number(match[2]) < cost.timeCost;
    },
  };
}

/** The default cost (password.argon2-memory and password.argon2-passes leave it as it is). */
export const argon2Hasher: PasswordHasher = createArgon2Hasher(ARGON2_OPTIONS);

/**
 * A hash of a random password nobody knows. Verifying against it when an account does not exist (or has no
 * password) costs the same as a real verification, so the response time does not reveal which addresses exist.
 */
export function makeDummyHash(hasher: PasswordHasher): Promise<string> {
  return hasher.hash(randomBytes(24).toString('base64url'));
}
