// Secrets the server must read back (TOTP seeds, which compute the codes a person's phone shows) are sealed
// with AES-256-GCM under a key kept outside the database, so a copy of the database — a backup, a dump handed
// to support — does not carry them in clear. Each value is bound to its purpose (the additional data), so a
// sealed TOTP seed cannot be passed off as anything else. Format: `sealed:v1:` + base64url(iv ‖ ciphertext ‖
// tag). Values written before sealing existed are read as they are (`isSealed` tells them apart) and sealed
// again on their next write.

import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { StoreError } from './errors.ts';

const PREFIX = 'sealed:v1:';
export const SECRET_KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

export interface SecretBox {
  seal(plain: string, purpose: string): string;
  /** The plain value; a value that is not sealed is returned as it is (written before sealing existed). */
  open(value: string, purpose: string): string;
  isSealed(value: string): boolean;
  /** A short SHA-256 of the key: tells whether two nodes hold the same key, without revealing it. */
  readonly fingerprint: string;
}

export function createSecretBox(key: Uint8Array): SecretBox {
  if (key.length !== SECRET_KEY_BYTES) throw new Error(`a secrets key is ${SECRET_KEY_BYTES} bytes`);
  const keyBytes = Buffer.from(key);
  return {
    fingerprint: createHash('sha256')
      .update('vercors secrets key')
      .update(keyBytes)
      .digest('hex')
      .slice(0, 16),
    isSealed: (value) => value.startsWith(PREFIX),
    seal(plain, purpose) {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', keyBytes, iv);
      cipher.setAAD(Buffer.from(purpose, 'utf8'));
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, body, cipher.getAuthTag()]).toString('base64url');
    },
    open(value, purpose) {
      if (!value.startsWith(PREFIX)) return value;
      const bytes = Buffer.from(value.slice(PREFIX.length), 'base64url');
      if (bytes.length < IV_BYTES + TAG_BYTES) throw unreadable();
      const decipher = createDecipheriv('aes-256-gcm', keyBytes, bytes.subarray(0, IV_BYTES));
      decipher.setAAD(Buffer.from(purpose, 'utf8'));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
      try {
        return Buffer.concat([
          decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)),
          decipher.final(),
        ]).toString('utf8');
      } catch (error) {
        throw unreadable(error);
      }
    },
  };
}

/** A sealed value this key cannot open: another node's key, or damage. Never a wrong password. */
function unreadable(cause?: unknown): StoreError {
  return new StoreError('corrupt', 'a sealed secret cannot be opened with this secrets key', { cause });
}

export function newSecretKey(): Buffer {
  return randomBytes(SECRET_KEY_BYTES);
}
