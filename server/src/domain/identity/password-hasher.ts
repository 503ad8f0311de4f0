// Password hashing with argon2id (RFC 9106) through @node-rs/argon2, stored as PHC strings so the
// parameters travel with each hash and can be raised later without breaking existing passwords.

import { randomBytes } from 'node:crypto';
import { hash, verify, type Algorithm } from '@node-rs/argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  /** False for a wrong password; throws only when `phc` is not a hash this hasher understands. */
  verify(phc: string, password: string): Promise<boolean>;
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

export const argon2Hasher: PasswordHasher = {
  hash: (password) => hash(password, ARGON2_OPTIONS),
  verify: (phc, password) => verify(phc, password),
};

/**
 * A hash of a random password nobody knows. Verifying against it when an account does not exist (or has no
 * password) costs the same as a real verification, so the response time does not reveal which addresses exist.
 */
export function makeDummyHash(hasher: PasswordHasher): Promise<string> {
  return hasher.hash(randomBytes(24).toString('base64url'));
}
