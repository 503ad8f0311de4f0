import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CORE_SETTINGS } from '#core/settings';
import { changedSettings, settingsNeedingRestart } from './config-reload.ts';
import { configFromSnapshot, readConfigSnapshot } from './config-snapshot.ts';

let dataDir: string;
before(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'vercors-reload-'));
});
after(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

const env = () => ({ VERCORS_DATA: dataDir });
const writeConfig = (text: string) => writeFile(join(dataDir, 'vercors.conf'), text);

describe('configuration reload', () => {
  test('a valid file gives the new configuration', async () => {
    await writeConfig('hostname = mail.example.org\n');
    const attempt = readConfigSnapshot(env());
    assert.equal(attempt.problems, undefined);
    assert.ok(attempt.config);
  });

  test('a bad file gives every problem at once and no configuration', async () => {
    await writeConfig('hostname = not a host\nworkers = many\nlisten.http = nowhere\n');
    const attempt = readConfigSnapshot(env());
    assert.equal(attempt.config, undefined);
    assert.equal(attempt.problems?.length, 3);
    assert.match(attempt.problems?.join('\n') ?? '', /hostname.*\n.*workers.*\n.*listen\.http/);
  });

  test('an unreadable file is a problem, not a crash', () => {
    const attempt = readConfigSnapshot({ ...env(), VERCORS_CONFIG: join(dataDir, 'missing.conf') });
    assert.equal(attempt.config, undefined);
    assert.match(attempt.problems?.[0] ?? '', /missing\.conf/);
  });

  test('changed settings are listed, and those a reload cannot apply are singled out', async () => {
    await writeConfig('hostname = one.example.org\nlog.level = info\n');
    const before = readConfigSnapshot(env()).config;
    await writeConfig(
      'hostname = two.example.org\nlog.level = debug\nlisten.http = 127.0.0.1:9090\ntls.certificate = a.pem\ntls.private-key = a.key\n',
    );
    const after = readConfigSnapshot(env()).config;
    assert.ok(before && after);
    const changed = changedSettings(before, after);
    assert.deepEqual(
      [...changed].sort(),
      ['hostname', 'listen.http', 'log.level', 'tls.certificate', 'tls.private-key'].sort(),
    );
    assert.deepEqual(settingsNeedingRestart(changed), ['listen.http']);
  });

  test('the same file twice changes nothing', async () => {
    await writeConfig('hostname = same.example.org\n');
    const one = readConfigSnapshot(env()).config;
    const two = readConfigSnapshot(env()).config;
    assert.ok(one && two);
    assert.deepEqual(changedSettings(one, two), []);
  });
});

describe('configuration snapshot', () => {
  test('a worker builds the configuration the primary accepted, whatever the file says now', async () => {
    await writeConfig('hostname = accepted.example.org\n');
    const accepted = readConfigSnapshot(env());
    assert.ok(accepted.snapshot);
    await writeConfig('hostname = broken host\n');
    const config = configFromSnapshot(env(), JSON.parse(JSON.stringify(accepted.snapshot)));
    assert.equal(config.get(CORE_SETTINGS).hostname, 'accepted.example.org');
  });

  test('without a config file the snapshot holds none, and defaults plus environment apply', () => {
    const attempt = readConfigSnapshot({
      VERCORS_DATA: join(dataDir, 'empty'),
      VERCORS_HOSTNAME: 'env.example.org',
    });
    assert.deepEqual(attempt.snapshot, { file: null });
    assert.equal(attempt.config?.get(CORE_SETTINGS).hostname, 'env.example.org');
  });
});
