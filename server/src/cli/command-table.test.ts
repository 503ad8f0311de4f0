import assert from 'node:assert/strict';
import { PassThrough, Readable } from 'node:stream';
import { test } from 'node:test';
import { COMMANDS, MAX_COMMAND_WORDS } from './command-table.ts';
import { runCli } from './run-cli.ts';

test('each row of the command table loads the command it names, and no name is taken twice', async () => {
  const loaded = await Promise.all(COMMANDS.map((entry) => entry.load()));
  assert.deepEqual(
    loaded.map((command) => command.name),
    COMMANDS.map((entry) => entry.name),
  );
  assert.equal(new Set(COMMANDS.map((entry) => entry.name)).size, COMMANDS.length);
});

test('every command name has one to MAX_COMMAND_WORDS words, and the longest has exactly that many', () => {
  const lengths = COMMANDS.map((entry) => entry.name.split(' ').length);
  assert.ok(lengths.every((length) => length >= 1 && length <= MAX_COMMAND_WORDS));
  assert.equal(Math.max(...lengths), MAX_COMMAND_WORDS);
});

/** `vercors …` with arguments that open nothing (--help, an unknown command). */
async function dispatch(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const code = await runCli(args, {
    env: { VERCORS_LOCALE: 'en' },
    stdin: Readable.from([]),
    stdout,
    stderr,
  });
  stdout.end();
  stderr.end();
  return { code, stdout: String(stdout.read() ?? ''), stderr: String(stderr.read() ?? '') };
}

const help = (words: readonly string[]) => dispatch([...words, '--help']);

test('the dispatcher finds one-, two- and three-word commands, the longest name first', async () => {
  assert.match((await help(['doctor'])).stdout, /^vercors doctor /);
  assert.match((await help(['user', 'add'])).stdout, /^vercors user add /);
  assert.match((await help(['user', 'app-passwords'])).stdout, /^vercors user app-passwords <address>/);
  assert.match(
    (await help(['user', 'app-password', 'add'])).stdout,
    /^vercors user app-password add <address> --name NAME/,
  );
  assert.match(
    (await help(['policy', 'network', 'remove'])).stdout,
    /^vercors policy network remove <cidr\|id>/,
  );
  // A three-word command's first words alone are no command.
  const partial = await dispatch(['policy', 'network']);
  assert.equal(partial.code, 64);
  assert.match(partial.stderr, /Unknown command "policy network"/);
});
