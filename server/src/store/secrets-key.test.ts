import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { StoreError } from '#core/errors';
import { openTestServices } from '../test-support/test-services.ts';
import { openSecretBox } from './secrets-key.ts';

test('the key is made once (0600), shared by every node of the database, and another key is refused', async (t) => {
  const services = await openTestServices(t);
  const { database, clock, dataDir } = services;
  // openServices made the data folder's key and recorded its fingerprint.
  const own = join(dataDir, 'secrets.key');
  assert.match(await readFile(own, 'utf8'), /^[0-9a-f]{64}\n$/);
  assert.equal((await stat(own)).mode & 0o777, 0o600);
  const again = await openSecretBox({ path: own, database, clock });
  assert.equal(again.open(again.seal('x', 'test'), 'test'), 'x');

  const elsewhere = await mkdtemp(join(tmpdir(), 'vercors-key-'));
  t.after(() => rm(elsewhere, { recursive: true, force: true }));
  // A second node given a fresh key instead of a copy: refused, naming the file to copy.
  const fresh = join(elsewhere, 'secrets.key');
  await assert.rejects(openSecretBox({ path: fresh, database, clock }), (error: unknown) => {
    assert.ok(error instanceof StoreError);
    assert.equal(error.code, 'conflict');
    assert.match(error.message, /copy secrets\.key/);
    return true;
  });
  // With a copy it starts.
  await writeFile(fresh, await readFile(own, 'utf8'), { mode: 0o600 });
  const copied = await openSecretBox({ path: fresh, database, clock });
  assert.equal(copied.fingerprint, again.fingerprint);

  const damaged = join(elsewhere, 'damaged.key');
  await writeFile(damaged, 'not a key\n');
  await assert.rejects(openSecretBox({ path: damaged, database, clock }), /damaged/);
});

test('two processes creating the key at once end up with the same one', async (t) => {
  const services = await openTestServices(t);
  const { database, clock } = services;
  const folder = await mkdtemp(join(tmpdir(), 'vercors-key-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  await database.write(({ db }) => db.deleteFrom('server_keys').execute());
  const path = join(folder, 'secrets.key');
  const [a, b] = await Promise.all([
    openSecretBox({ path, database, clock }),
    openSecretBox({ path, database, clock }),
  ]);
  assert.equal(a.fingerprint, b.fingerprint);
  assert.equal(b.open(a.seal('seed', 'totp-seed'), 'totp-seed'), 'seed');
});
