import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { envNameOf, loadConfig } from '#core/config';
import { SETTINGS_MODULES } from '../../main.ts';
import { openCliFixture } from '../cli.fixture.ts';

const ALL_KEYS = SETTINGS_MODULES.flatMap(({ settings }) => Object.values(settings).map((s) => s.key));

test('config --defaults lists every setting with its environment name, default and reason', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const { code, stdout } = await cli.run(['config', '--defaults']);
  assert.equal(code, 0);
  for (const { module, settings } of SETTINGS_MODULES) {
    assert.match(stdout, new RegExp(`# ── ${module.replace('/', '\\/')} `));
    for (const setting of Object.values(settings)) {
      assert.ok(stdout.includes(`#${setting.key} = `), setting.key);
      assert.ok(stdout.includes(`# ${envNameOf(setting.key)}\n`), envNameOf(setting.key));
      assert.ok(stdout.replace(/\n# /g, ' ').includes(setting.why.en), `${setting.key} has its reason`);
    }
  }
});

test('config --defaults pastes as a config file: uncommented, it loads to the defaults', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  const { stdout } = await cli.run(['config', '--defaults']);
  const uncommented = stdout.replace(/^#([a-z][\w.-]* = )/gm, '$1');
  const config = loadConfig(SETTINGS_MODULES, { env: {}, file: { path: 'pasted.conf', text: uncommented } });
  assert.deepEqual(config.warnings, []);
  for (const { settings } of SETTINGS_MODULES) {
    const values = config.get(settings) as Record<string, unknown>;
    for (const [name, setting] of Object.entries(settings))
      assert.deepEqual(values[name], setting.default, setting.key);
  }
  assert.equal(ALL_KEYS.filter((key) => config.origin(key) === 'file').length, ALL_KEYS.length);
});

test('config --defaults --json describes every setting', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const { value } = await cli.json(['config', '--defaults']);
  const described = value as {
    key: string;
    env: string;
    default: string;
    why: { fr: string; en: string };
    module: string;
  }[];
  assert.deepEqual(
    described.map((d) => d.key),
    ALL_KEYS,
  );
  const minLength = described.find((d) => d.key === 'password.min-length');
  assert.deepEqual(minLength && { ...minLength, why: Object.keys(minLength.why) }, {
    module: 'domain/identity',
    key: 'password.min-length',
    env: 'VERCORS_PASSWORD_MIN_LENGTH',
    default: '12',
    why: ['fr', 'en'],
    isSecret: false,
  });
});

test('config shows each value in force with its origin and hides secrets', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await writeFile(
    join(cli.dataDir, 'vercors.conf'),
    'hostname = mail.ac-test.fr\npassword.min-length = 14\n',
  );
  const env = {
    VERCORS_DATABASE_URL: 'postgres://vercors:s3cret@db/vercors',
    VERCORS_QUOTA_OTHER_BYTES: '3G',
  };
  const human = await cli.run(['config'], { env });
  assert.equal(human.code, 0);
  assert.match(human.stdout, /^hostname\s+= mail\.ac-test\.fr {2}# file$/m);
  assert.match(human.stdout, /^quota\.other\.bytes\s+= 3G {2}# environment VERCORS_QUOTA_OTHER_BYTES$/m);
  assert.match(human.stdout, /^log\.level\s+= info {2}# default$/m);
  assert.match(human.stdout, /^database\.url\s+= \(hidden\)/m);
  assert.doesNotMatch(human.stdout, /s3cret/);

  const { value } = await cli.json(['config'], { env });
  const rows = (
    value as { settings: { key: string; value: string | null; origin: string; isHidden: boolean }[] }
  ).settings;
  const row = (key: string) => rows.find((r) => r.key === key);
  assert.deepEqual(row('password.min-length'), {
    module: 'domain/identity',
    key: 'password.min-length',
    env: 'VERCORS_PASSWORD_MIN_LENGTH',
    value: '14',
    isHidden: false,
    origin: 'file',
  });
  assert.equal(row('database.url')?.value, null);
  assert.equal(row('database.url')?.isHidden, true);
  assert.doesNotMatch(JSON.stringify(value), /s3cret/);
});

test('a bad configuration lists every problem at once and exits 78, in the user’s language', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await writeFile(
    join(cli.dataDir, 'vercors.conf'),
    'password.min-length = 3\nhostname = -bad-\nnot a line\n',
  );
  const env = { VERCORS_QUOTA_OTHER_BYTES: 'lots', VERCORS_LISTEN_IMAPS: '127.0.0.1:99999' };
  const keys = ['password.min-length', 'hostname', 'not a line', 'quota.other.bytes', 'listen.imaps'];
  for (const args of [['config'], ['user', 'list']]) {
    const { code, stderr } = await cli.run(args, { env });
    assert.equal(code, 78, args.join(' '));
    assert.match(stderr, /La configuration contient 5 problème\(s\)/, args.join(' '));
    for (const key of keys) assert.ok(stderr.includes(key), `${args.join(' ')} names ${key}`);
  }
  // doctor reports them as its own failed checks, with the same exit code.
  const doctor = await cli.run(['doctor'], { env });
  assert.equal(doctor.code, 78);
  assert.equal(doctor.stdout.match(/^ {2}FAIL /gm)?.length, 5);
  for (const key of keys) assert.ok(doctor.stdout.includes(key), `doctor names ${key}`);
  const english = await cli.run(['config'], { env: { ...env, VERCORS_LOCALE: 'en' } });
  assert.match(english.stderr, /The configuration has 5 problem\(s\)/);
  // --defaults needs no valid configuration.
  assert.equal((await cli.run(['config', '--defaults'], { env })).code, 0);
});

test('docs/configuration.md is the current output of config --defaults', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const { stdout } = await cli.run(['config', '--defaults']);
  const documented = await readFile(join(import.meta.dirname, '../../../../docs/configuration.md'), 'utf8');
  const block = /```ini\n([\s\S]*?)```/.exec(documented)?.[1];
  assert.equal(block, stdout, 'regenerate it: VERCORS_LOCALE=en npx vercors config --defaults');
});
