// The secrets key (core/secret-box.ts): 32 random bytes in a file beside the data (`store.secrets-key`, by
// default `secrets.key` in the data folder, mode 0600), created on first start. Back it up with the database:
// without it, sealed secrets (TOTP seeds) cannot be read and people must set up their authenticator again.
// Every node of one database must hold the same key: its fingerprint is recorded in the database on first use,
// and a node with another key refuses to start, saying which file to copy.

import { readFile, link, open, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, dirname, join } from 'node:path';
import type { Clock } from '#core/clock';
import { StoreError } from '#core/errors';
import { createSecretBox, newSecretKey, SECRET_KEY_BYTES, type SecretBox } from '#core/secret-box';
import type { Database } from './store.ts';

const KEY_NAME = 'secrets';

export async function openSecretBox(options: {
  readonly path: string;
  readonly database: Database;
  readonly clock: Clock;
}): Promise<SecretBox> {
  const box = createSecretBox(await readOrCreateKey(options.path));
  await checkFingerprint(options, box.fingerprint);
  return box;
}

async function readOrCreateKey(path: string): Promise<Buffer> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    text = await createKeyFile(path);
  }
  const hex = text.trim();
  if (!new RegExp(`^[0-9a-f]{${SECRET_KEY_BYTES * 2}}$`).test(hex)) {
    throw new StoreError(
      'corrupt',
      `the secrets key ${path} is damaged: it should hold 64 hexadecimal digits`,
    );
  }
  return Buffer.from(hex, 'hex');
}

/**
 * Write a new key under a temporary name, fsync, then link it into place: the link fails if another process
 * (a sibling worker starting at the same instant) made the file first, and then its key is the one read.
 */
async function createKeyFile(path: string): Promise<string> {
  const text = `${newSecretKey().toString('hex')}\n`;
  const temporary = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const handle = await open(temporary, 'wx', 0o600);
  try {
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return readFile(path, 'utf8');
  } finally {
    await rm(temporary, { force: true });
  }
  const folder = await open(dirname(path), 'r');
  try {
    await folder.sync();
  } finally {
    await folder.close();
  }
  return text;
}

async function checkFingerprint(
  options: { readonly path: string; readonly database: Database; readonly clock: Clock },
  fingerprint: string,
): Promise<void> {
  const { database, clock, path } = options;
  const recorded = await database.write(async ({ db }) => {
    const row = await db
      .selectFrom('server_keys')
      .select('fingerprint')
      .where('name', '=', KEY_NAME)
      .executeTakeFirst();
    if (row !== undefined) return row.fingerprint;
    await db
      .insertInto('server_keys')
      .values({ name: KEY_NAME, fingerprint, created_at: clock.nowMs() })
      .execute();
    return fingerprint;
  });
  if (recorded !== fingerprint) {
    throw new StoreError(
      'conflict',
      `the secrets key ${path} is not the one this database was set up with (fingerprint ${fingerprint}, ` +
        `expected ${recorded}): copy secrets.key from a node already serving this database (or from the backup ` +
        `of this data folder) to ${path}`,
    );
  }
}
