import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { SETTINGS_MODULES } from '../../main.ts';
import { testBackend } from '../../test-support/test-database.ts';
import { openCliFixture } from '../cli.fixture.ts';

test('init makes the data folder, migrates it and writes a config file with every setting commented out', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const dataDir = join(cli.dataDir, 'fresh');
  const { code, stdout } = await cli.run(['init'], { env: { VERCORS_DATA: dataDir } });
  assert.equal(code, 0);
  assert.match(stdout, /Configuration file: .*vercors\.conf \(created/);
  assert.match(stdout, new RegExp(`Database: ${testBackend()}, schema version [1-9]`));
  assert.match(stdout, /Next steps:\n {2}1\. /);
  assert.match(stdout, /vercors domain add/);

  const configPath = join(dataDir, 'vercors.conf');
  assert.equal((await stat(configPath)).mode & 0o777, 0o640);
  const text = await readFile(configPath, 'utf8');
  const active = text.split('\n').filter((line) => line.trim() !== '' && !line.startsWith('#'));
  assert.deepEqual(active, []);
  for (const { settings } of SETTINGS_MODULES) {
    for (const setting of Object.values(settings))
      assert.ok(text.includes(`\n#${setting.key} = `), setting.key);
  }
  if (testBackend() === 'sqlite') await stat(join(dataDir, 'vercors.sqlite'));
  // Nothing demo: no domain, no account.
  assert.deepEqual((await cli.json(['domain', 'list'], { env: { VERCORS_DATA: dataDir } })).value, []);
});

test('init run again keeps an edited config file and reports the same database', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  assert.equal((await cli.run(['init'])).code, 0);
  const configPath = join(cli.dataDir, 'vercors.conf');
  await writeFile(configPath, 'hostname = mail.ac-test.fr\n');
  const again = await cli.json(['init']);
  assert.equal(again.code, 0);
  const report = again.value as {
    isConfigCreated: boolean;
    configFile: string;
    database: { dialect: string; schemaVersion: number };
  };
  assert.equal(report.isConfigCreated, false);
  assert.equal(report.configFile, configPath);
  assert.equal(report.database.dialect, testBackend());
  assert.ok(report.database.schemaVersion >= 1);
  assert.equal(await readFile(configPath, 'utf8'), 'hostname = mail.ac-test.fr\n');
  assert.match((await cli.run(['init'])).stdout, /déjà présent, laissé tel quel/);
});

test('init writes the config file where VERCORS_CONFIG points', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const configPath = join(cli.dataDir, 'etc', 'vercors.conf');
  const { code } = await cli.run(['init', '--config', configPath]);
  assert.equal(code, 0);
  assert.match(await readFile(configPath, 'utf8'), /#hostname = localhost/);
});
