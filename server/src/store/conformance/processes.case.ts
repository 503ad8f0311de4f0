// Conformance cases with several processes (DATA-MODEL.md §5): concurrent writers on one database, and a
// writer SIGKILLed mid-burst. Children are .ts scripts beside this file, run with this Node binary.

import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { currentModseq } from '../change-log.ts';
import { MIGRATIONS } from '../migrations/migration-list.ts';
import type { Database } from '../store.ts';
import { ChildScript } from './child-script.ts';
import type { ConformanceCase } from './store-conformance.case.ts';

const CONTENTION_CHILD = new URL('./write-contention-child.ts', import.meta.url);
const BURST_CHILD = new URL('./write-burst-child.ts', import.meta.url);

const WRITER_PROCESSES = 4;
const WRITES_PER_PROCESS = 50;
/** Commits the parent lets the burst child acknowledge before killing it. */
const COMMITS_BEFORE_KILL = 25;
/** Startup includes type stripping and the driver import: generous on a busy 2-core machine. */
const START_TIMEOUT_MS = 20_000;

async function modseqsOf(database: Database, accountId: string): Promise<number[]> {
  const rows = await database.db
    .selectFrom('change_log')
    .select('modseq')
    .where('account_id', '=', accountId)
    .orderBy('modseq')
    .execute();
  return rows.map((row) => row.modseq);
}

const oneTo = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

export const processCases: readonly ConformanceCase[] = [
  {
    name: 'several processes writing to one account at once get unique, gap-free modseqs and lose nothing',
    timeoutMs: 60_000,
    async run({ open, childArgs }) {
      const children = Array.from(
        { length: WRITER_PROCESSES },
        (_, k) => new ChildScript(CONTENTION_CHILD, [...childArgs, String(k), String(WRITES_PER_PROCESS)]),
      );
      try {
        // Every child opens the fresh database at about the same time: they race through the migrations.
        await Promise.all(
          children.map((c) => c.waitFor((l) => l.includes('ready'), START_TIMEOUT_MS, 'ready')),
        );
        for (const child of children) child.send('go');
        for (const child of children) {
          assert.deepStrictEqual(await child.exited, { code: 0, signal: null }, child.stderr);
          assert.ok(child.lines.includes('done'));
        }
      } finally {
        for (const child of children) child.kill();
      }

      const database = await open();
      assert.equal(
        (await database.db.selectFrom('schema_migrations').select('version').execute()).length,
        MIGRATIONS.length,
      );
      const total = WRITER_PROCESSES * WRITES_PER_PROCESS;
      assert.deepStrictEqual(await modseqsOf(database, 'shared'), oneTo(total));
      assert.equal(await currentModseq(database.db, 'shared'), total);
      for (let k = 0; k < WRITER_PROCESSES; k++) {
        assert.deepStrictEqual(await modseqsOf(database, `own-${k}`), oneTo(WRITES_PER_PROCESS));
      }
      const blobs = await database.db.selectFrom('blobs').select('id').execute();
      const expected = children.flatMap((_, k) =>
        Array.from({ length: WRITES_PER_PROCESS }, (_, i) => `c${k}-${i}`),
      );
      assert.deepStrictEqual(blobs.map((b) => b.id).sort(), expected.sort());
    },
  },
  {
    name: 'a writer killed mid-burst loses no acknowledged write and leaves no partial transaction',
    timeoutMs: 60_000,
    async run({ open, childArgs }) {
      const child = new ChildScript(BURST_CHILD, childArgs);
      const committed = () => child.lines.filter((line) => line.startsWith('committed '));
      try {
        await child.waitFor(() => committed().length >= COMMITS_BEFORE_KILL, START_TIMEOUT_MS, 'its commits');
        // A little jitter so the kill lands at varying points of a transaction.
        await sleep(Math.random() * 5);
        child.kill('SIGKILL');
        assert.equal((await child.exited).signal, 'SIGKILL', 'the child was still writing when killed');
      } finally {
        child.kill();
      }
      const acknowledged = committed().map((line) => Number(line.slice('committed '.length)));
      assert.deepStrictEqual(
        acknowledged,
        oneTo(acknowledged.length).map((n) => n - 1),
      );

      const database = await open();
      const halves = new Map<number, string[]>();
      for (const { id } of await database.db.selectFrom('blobs').select('id').execute()) {
        const match = /^burst-(\d+)-([ab])$/.exec(id);
        assert.ok(match, `unexpected blob ${id}`);
        const n = Number(match[1]);
        halves.set(n, [...(halves.get(n) ?? []), match[2] ?? '']);
      }
      for (const [n, parts] of halves)
        assert.deepStrictEqual(parts.sort(), ['a', 'b'], `transaction ${n} is partial`);
      for (const n of acknowledged) assert.ok(halves.has(n), `acknowledged transaction ${n} is missing`);

      // Each transaction's change row is there too, with gap-free modseqs: nothing half-applied.
      const changes = await database.db
        .selectFrom('change_log')
        .select(['modseq', 'object_id'])
        .where('account_id', '=', 'burst')
        .orderBy('modseq')
        .execute();
      const present = [...halves.keys()].sort((x, y) => x - y);
      assert.deepStrictEqual(
        changes.map((c) => Number(c.object_id)).sort((x, y) => x - y),
        present,
      );
      assert.deepStrictEqual(
        changes.map((c) => c.modseq),
        oneTo(present.length),
      );
      assert.equal(await currentModseq(database.db, 'burst'), present.length);
    },
  },
];
