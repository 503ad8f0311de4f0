import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { writeChunksAtomically, writeFileAtomically } from './write-file-atomically.ts';

async function folder(t: { after(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vercors-atomic-'));
  t.after(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

test('chunks are written one after the other, with the mode asked, and no temporary file stays', async (t) => {
  const dir = await folder(t);
  const path = join(dir, 'export.jsonl');
  async function* lines() {
    for (let n = 1; n <= 3; n++) {
      await Promise.resolve();
      yield `{"n":${n}}\n`;
    }
  }
  await writeChunksAtomically(path, lines(), 0o600);
  assert.equal(await readFile(path, 'utf8'), '{"n":1}\n{"n":2}\n{"n":3}\n');
  assert.equal((await stat(path)).mode & 0o777, 0o600);
  assert.deepEqual(await readdir(dir), ['export.jsonl']);

  await writeFileAtomically(path, 'replaced\n', 0o640);
  assert.equal(await readFile(path, 'utf8'), 'replaced\n');
});

test('a failure while the chunks come leaves the old file as it was', async (t) => {
  const dir = await folder(t);
  const path = join(dir, 'export.jsonl');
  await writeFile(path, 'old\n');
  async function* failing() {
    yield 'half\n';
    await Promise.resolve();
    throw new Error('the store went away');
  }
  await assert.rejects(writeChunksAtomically(path, failing(), 0o600), /the store went away/);
  assert.equal(await readFile(path, 'utf8'), 'old\n');
  assert.deepEqual(await readdir(dir), ['export.jsonl']);
});
