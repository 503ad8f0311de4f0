// The checkpoint thread: it takes checkpoints away from the writer's commits, copies the WAL into the
// database file at its own pace, and hands automatic checkpoints back to the writer if it stops.

import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { silentLogger, type Logger } from '#core/log';
import {
  leaveCheckpointsToAnotherProcess,
  SAFETY_NET_PAGES,
  startWalCheckpointer,
} from './wal-checkpointer.ts';

async function withWriter(run: (writer: DatabaseSync, path: string) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-checkpoint-'));
  const path = join(folder, 'db.sqlite');
  const writer = new DatabaseSync(path);
  try {
    writer.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (v TEXT)');
    await run(writer, path);
  } finally {
    writer.close();
    await rm(folder, { recursive: true, force: true });
  }
}

const autocheckpoint = (writer: DatabaseSync) =>
  (writer.prepare('PRAGMA wal_autocheckpoint').get() as { wal_autocheckpoint: number }).wal_autocheckpoint;

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let turn = 0; turn < 200 && !condition(); turn++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(condition(), what);
}

test('the thread checkpoints what the writer commits, and the writer no longer checkpoints by itself', async () => {
  await withWriter(async (writer, path) => {
    const checkpointer = startWalCheckpointer({ path, writer, log: silentLogger(), intervalMs: 20 });
    try {
      assert.equal(autocheckpoint(writer), 0);
      const insert = writer.prepare('INSERT INTO t (v) VALUES (?)');
      for (let row = 0; row < 500; row++) insert.run('x'.repeat(500));
      await until(() => checkpointer.stats().copied > 0, 'a checkpoint copied the new frames');
      const { walFrames, copied } = checkpointer.stats();
      assert.equal(copied, walFrames, 'with nobody reading, PASSIVE copies every frame');
    } finally {
      await checkpointer.close();
    }
  });
});

test('a WAL past the threshold is emptied, even while a reader keeps PASSIVE from starting it over', async () => {
  await withWriter(async (writer, path) => {
    const checkpointer = startWalCheckpointer({
      path,
      writer,
      log: silentLogger(),
      intervalMs: 20,
      truncateAboveFrames: 50,
    });
    // A reader that comes and goes, as sessions do: between its reads the WAL can be emptied.
    const reader = new DatabaseSync(path, { readOnly: true });
    try {
      const insert = writer.prepare('INSERT INTO t (v) VALUES (?)');
      const count = reader.prepare('SELECT count(*) AS n FROM t');
      for (let row = 0; row < 2000; row++) {
        insert.run('x'.repeat(500));
        if (row % 100 === 0) count.get();
      }
      await until(() => checkpointer.stats().truncations > 0, 'a TRUNCATE checkpoint ran');
      assert.equal(statSync(`${path}-wal`).size, 0, 'the WAL file is empty after it');
      assert.equal((count.get() as { n: number }).n, 2000, 'nothing written was lost');
    } finally {
      reader.close();
      await checkpointer.close();
    }
  });
});

test('if the thread stops, the writer gets automatic checkpoints back', async () => {
  await withWriter(async (writer, path) => {
    const errors: unknown[] = [];
    const log = { ...silentLogger(), error: (fields: unknown) => errors.push(fields) } as unknown as Logger;
    const checkpointer = startWalCheckpointer({
      path,
      writer,
      log,
      intervalMs: 20,
      threadScript: new URL('./wal-checkpoint-thread-crash.fixture.ts', import.meta.url),
    });
    try {
      assert.equal(autocheckpoint(writer), 0);
      await until(() => autocheckpoint(writer) !== 0, 'automatic checkpoints are back');
      assert.equal(autocheckpoint(writer), 1000);
      assert.equal(errors.length, 1, 'the failure is logged once');
    } finally {
      await checkpointer.close();
    }
  });
});

test('close() stops the thread and leaves the writer as it was set', async () => {
  await withWriter(async (writer, path) => {
    const checkpointer = startWalCheckpointer({ path, writer, log: silentLogger(), intervalMs: 20 });
    await until(() => checkpointer.stats().runs > 0, 'the thread ran');
    await checkpointer.close();
    await checkpointer.close();
    assert.equal(autocheckpoint(writer), 0);
    const runs = checkpointer.stats().runs;
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(checkpointer.stats().runs, runs, 'no checkpoint after close');
  });
});

test('a writer that leaves checkpoints to another process has its frames copied by that thread', async () => {
  await withWriter(async (owner, path) => {
    const other = new DatabaseSync(path);
    const checkpointer = startWalCheckpointer({ path, writer: owner, log: silentLogger(), intervalMs: 20 });
    try {
      leaveCheckpointsToAnotherProcess(other);
      // It still checkpoints by itself if the thread is gone and the WAL grows far past what the thread allows.
      assert.equal(autocheckpoint(other), SAFETY_NET_PAGES);
      const insert = other.prepare('INSERT INTO t (v) VALUES (?)');
      for (let row = 0; row < 500; row++) insert.run('y'.repeat(500));
      await until(
        () => checkpointer.stats().copied > 0,
        "the owner's thread copied the other writer's frames",
      );
      assert.equal(
        (owner.prepare('SELECT count(*) AS n FROM t').get() as { n: number }).n,
        500,
        'the owner reads every row',
      );
    } finally {
      await checkpointer.close();
      other.close();
    }
  });
});
