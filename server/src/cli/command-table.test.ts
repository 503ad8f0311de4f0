import assert from 'node:assert/strict';
import { test } from 'node:test';
import { COMMANDS } from './command-table.ts';

test('each row of the command table loads the command it names, and no name is taken twice', async () => {
  const loaded = await Promise.all(COMMANDS.map((entry) => entry.load()));
  assert.deepEqual(
    loaded.map((command) => command.name),
    COMMANDS.map((entry) => entry.name),
  );
  assert.equal(new Set(COMMANDS.map((entry) => entry.name)).size, COMMANDS.length);
});
