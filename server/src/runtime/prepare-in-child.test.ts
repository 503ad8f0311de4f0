// The node's one-time preparation in its own process, for real: a fork of prepare-main.ts on a temporary
// data folder.

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { ConfigError } from '#core/errors';
import { readConfigSnapshot } from './config-snapshot.ts';
import { prepareInChild } from './prepare-in-child.ts';
import { selfSignedPaths } from './tls/index.ts';

let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vercors-prepare-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

function snapshotOf(env: Record<string, string>) {
  const attempt = readConfigSnapshot(env);
  assert.ok(attempt.snapshot, String(attempt.problems));
  return attempt.snapshot;
}

test('the child migrates a fresh data folder and makes the self-signed pair, then exits', async () => {
  const dataDir = join(root, 'fresh');
  const env = { VERCORS_DATA: dataDir, VERCORS_LOG_LEVEL: 'warn' };
  assert.equal(await prepareInChild({ env, snapshot: snapshotOf(env), isDemo: false }), undefined);
  assert.ok(existsSync(join(dataDir, 'vercors.sqlite')));
  assert.ok(existsSync(selfSignedPaths(dataDir).certificatePath));
});

test('a problem the child meets comes back as the same error, so serve reports it as before', async () => {
  const missing = join(root, 'missing.pem');
  const env = {
    VERCORS_DATA: join(root, 'bad-tls'),
    VERCORS_LOG_LEVEL: 'warn',
    VERCORS_TLS_CERTIFICATE: missing,
    VERCORS_TLS_PRIVATE_KEY: missing,
  };
  await assert.rejects(
    prepareInChild({ env, snapshot: snapshotOf(env), isDemo: false }),
    (error: unknown) => error instanceof ConfigError && error.problems.some((p) => p.includes(missing)),
  );
});
