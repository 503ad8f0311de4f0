import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError } from '../errors.ts';
import { loadConfig } from './load-config.ts';
import { integerSetting, listenSetting, stringSetting } from './setting.ts';

const NET = {
  listen: listenSetting({
    key: 'listen.http',
    default: { host: '127.0.0.1', port: 8080 },
    why: { fr: 'web', en: 'web' },
  }),
  workers: integerSetting({
    key: 'workers',
    default: 0,
    min: 0,
    max: 64,
    why: { fr: 'processes', en: 'processes' },
  }),
} as const;
const SECRET = {
  url: stringSetting({
    key: 'database.url',
    default: '',
    allowEmpty: true,
    isSecret: true,
    pattern: /^postgres:/,
    why: { fr: 'db', en: 'db' },
  }),
} as const;
const MODULES = [
  { module: 'net', settings: NET },
  { module: 'store', settings: SECRET },
];

test('defaults apply when nothing is configured', () => {
  const config = loadConfig(MODULES, { env: {} });
  assert.deepEqual(config.get(NET), { listen: { host: '127.0.0.1', port: 8080 }, workers: 0 });
  assert.equal(config.origin('workers'), 'default');
});

test('the environment overrides the file, which overrides defaults', () => {
  const config = loadConfig(MODULES, {
    file: { path: 'vercors.conf', text: 'workers = 3\nlisten.http = 0.0.0.0:80\n' },
    env: { VERCORS_LISTEN_HTTP: '[::1]:8443' },
  });
  assert.deepEqual(config.get(NET), { listen: { host: '::1', port: 8443 }, workers: 3 });
  assert.equal(config.origin('workers'), 'file');
  assert.equal(config.origin('listen.http'), 'environment');
});

test('an empty listener value turns the listener off', () => {
  const config = loadConfig(MODULES, { env: { VERCORS_LISTEN_HTTP: '' } });
  assert.equal(config.get(NET).listen, null);
});

test('every problem is reported at once, secrets hidden', () => {
  assert.throws(
    () =>
      loadConfig(MODULES, {
        file: { path: 'vercors.conf', text: 'workers = many\nthis is not a setting\n' },
        env: {
          VERCORS_LOCALE: 'en',
          VERCORS_LISTEN_HTTP: 'localhost',
          VERCORS_DATABASE_URL: 'mysql://root:hunter2@db',
        },
      }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.equal(error.problems.length, 4, error.message);
      assert.match(error.message, /vercors\.conf:1: workers = "many" must be a whole number/);
      assert.match(error.message, /vercors\.conf:2: expected "key = value"/);
      assert.match(error.message, /VERCORS_LISTEN_HTTP: listen\.http = "localhost" must be host:port/);
      assert.match(error.message, /database\.url = \(hidden\)/);
      assert.doesNotMatch(error.message, /hunter2/);
      return true;
    },
  );
});

test('unknown keys and variables are warnings with a suggestion', () => {
  const config = loadConfig(MODULES, {
    file: { path: 'vercors.conf', text: 'workres = 2\n' },
    env: {
      VERCORS_LOCALE: 'en',
      VERCORS_LISTEN_HTPP: '127.0.0.1:1',
      VERCORS_TEST_STRICT: '1',
      VERCORS_CONFIG: 'x',
    },
  });
  assert.deepEqual(config.warnings, [
    'vercors.conf:1: unknown setting "workres" (did you mean "workers"?)',
    'environment: unknown variable VERCORS_LISTEN_HTPP',
  ]);
});

test('a group that was not registered cannot be read', () => {
  const config = loadConfig([{ module: 'net', settings: NET }], { env: {} });
  assert.throws(() => config.get(SECRET), /database\.url was not registered/);
});

test('a key declared by two modules is a programming error', () => {
  assert.throws(
    () => loadConfig([...MODULES, { module: 'again', settings: NET }], { env: {} }),
    /listen\.http is declared twice \(in again\)/,
  );
});

test('problems speak French unless English is asked for', () => {
  assert.throws(
    () =>
      loadConfig(MODULES, { file: { path: 'vercors.conf', text: 'workers = many\nworkres = 1\n' }, env: {} }),
    (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems, ['vercors.conf:1 : workers = "many" doit être un nombre entier']);
      return true;
    },
  );
  const config = loadConfig(MODULES, { file: { path: 'vercors.conf', text: 'workres = 1\n' }, env: {} });
  assert.deepEqual(config.warnings, [
    'vercors.conf:1 : réglage inconnu « workres » (vouliez-vous dire « workers » ?)',
  ]);
});
