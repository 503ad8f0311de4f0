// `npm run bench`: the relational store's write and read throughput, SQLite and PostgreSQL side by side.
// PostgreSQL runs when VERCORS_BENCH_POSTGRES_URL (or VERCORS_TEST_POSTGRES_URL) names a server we may create a
// scratch database on. Every phase is capped in time, so a slow machine shortens the run instead of stalling it.

import { randomInt } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readChanges } from '@vercors/server/src/store/change-log.ts';
import { addAccounts } from '@vercors/server/src/store/conformance/test-accounts.ts';
import { openPostgresDatabase } from '@vercors/server/src/store/postgres/postgres-database.ts';
import { createScratchDatabase } from '@vercors/server/src/store/postgres/scratch-database.ts';
import { openSqliteDatabase } from '@vercors/server/src/store/sqlite/sqlite-database.ts';
import type { Database } from '@vercors/server/src/store/store.ts';

const ACCOUNTS = 100;
const BATCHED_WRITES = 20_000;
const BATCH_SIZE = 100;
const SINGLE_WRITES = 2_000;
const DURABLE_WRITES = 500;
const POINT_READS = 10_000;
/** Reads kept in flight at once in the concurrent phase: what a busy IMAP/JMAP process might have. */
const READS_IN_FLIGHT = 32;
const CHANGES_PAGE = 500;
/** No phase runs longer than this; its rate is then measured on what it managed. */
const PHASE_CAP_MS = 8_000;

interface Phase {
  readonly label: string;
  readonly unit: string;
}

const PHASES = {
  batched: { label: `writes, ${BATCH_SIZE} per transaction`, unit: 'rows/s' },
  single: { label: 'writes, 1 per transaction', unit: 'tx/s' },
  durable: { label: 'durable writes, 1 per transaction', unit: 'tx/s' },
  pointSequential: { label: 'point reads by primary key, one at a time', unit: 'reads/s' },
  pointConcurrent: { label: `point reads, ${READS_IN_FLIGHT} in flight`, unit: 'reads/s' },
  scan: { label: `readChanges scan, pages of ${CHANGES_PAGE}`, unit: 'rows/s' },
} as const satisfies Record<string, Phase>;

type PhaseName = keyof typeof PHASES;
type Results = Partial<Record<PhaseName, { ops: number; ms: number }>>;

/** Run `step(i)` for i = 0, 1, … until `count` steps or the time cap; returns steps done and elapsed ms. */
async function timed(
  count: number,
  step: (i: number) => Promise<unknown>,
): Promise<{ ops: number; ms: number }> {
  const started = performance.now();
  let done = 0;
  while (done < count && performance.now() - started < PHASE_CAP_MS) {
    await step(done);
    done += 1;
  }
  return { ops: done, ms: performance.now() - started };
}

async function writeOne(database: Database, id: string, isDurable: boolean): Promise<void> {
  await database.write(
    async (tx) => {
      await tx.db
        .insertInto('blobs')
        .values({ id, size: 1234, refcount: 1, unreferenced_since: null, created_at: Date.now() })
        .execute();
      await tx.recordChange(`acc-${randomInt(ACCOUNTS)}`, 'Email', id, 'created');
    },
    { isDurable },
  );
}

async function measure(database: Database): Promise<Results> {
  const results: Results = {};
  await addAccounts(database, ...Array.from({ length: ACCOUNTS }, (_, i) => `acc-${i}`));
  const ids: string[] = [];

  // Writes
  const batches = await timed(BATCHED_WRITES / BATCH_SIZE, (batch) =>
    database.write(async (tx) => {
      const rows = Array.from({ length: BATCH_SIZE }, (_, i) => {
        const id = `batch-${batch}-${i}`;
        ids.push(id);
        return { id, size: 1234, refcount: 1, unreferenced_since: null, created_at: Date.now() };
      });
      await tx.db.insertInto('blobs').values(rows).execute();
      for (const row of rows) await tx.recordChange(`acc-${randomInt(ACCOUNTS)}`, 'Email', row.id, 'created');
    }),
  );
  results.batched = { ops: batches.ops * BATCH_SIZE, ms: batches.ms };
  results.single = await timed(SINGLE_WRITES, (i) => writeOne(database, `single-${i}`, false));
  results.durable = await timed(DURABLE_WRITES, (i) => writeOne(database, `durable-${i}`, true));

  // Reads
  const lookup = () =>
    database.db
      .selectFrom('blobs')
      .select(['id', 'size'])
      .where('id', '=', ids[randomInt(ids.length)] ?? '')
      .executeTakeFirstOrThrow();
  results.pointSequential = await timed(POINT_READS, lookup);
  const rounds = await timed(POINT_READS / READS_IN_FLIGHT, () =>
    Promise.all(Array.from({ length: READS_IN_FLIGHT }, lookup)),
  );
  results.pointConcurrent = { ops: rounds.ops * READS_IN_FLIGHT, ms: rounds.ms };
  let scanned = 0;
  const scans = await timed(ACCOUNTS, async (account) => {
    let since = 0;
    for (let hasMore = true; hasMore; ) {
      const page = await readChanges(database.db, `acc-${account}`, since, CHANGES_PAGE);
      scanned += page.changes.length;
      since = page.lastModseq;
      hasMore = page.hasMore;
    }
  });
  results.scan = { ops: scanned, ms: scans.ms };
  return results;
}

async function benchSqlite(): Promise<Results> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-bench-'));
  const database = await openSqliteDatabase({ path: join(folder, 'bench.sqlite') });
  try {
    return await measure(database);
  } finally {
    await database.close();
    await rm(folder, { recursive: true, force: true });
  }
}

async function benchPostgres(adminUrl: string): Promise<Results> {
  const scratch = await createScratchDatabase(adminUrl);
  try {
    const database = await openPostgresDatabase({ url: scratch.url, poolSize: 10 });
    try {
      return await measure(database);
    } finally {
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
}

function rate(result: { ops: number; ms: number } | undefined): number | undefined {
  return result && result.ms > 0 ? (result.ops * 1000) / result.ms : undefined;
}

function report(sqlite: Results, postgres: Results | undefined): void {
  const format = (value: number | undefined) =>
    value === undefined ? '—' : Math.round(value).toLocaleString('en-US');
  const header = ['operation', 'SQLite', 'PostgreSQL', 'PG/SQLite'];
  const rows = (Object.keys(PHASES) as PhaseName[]).map((name) => {
    const { label, unit } = PHASES[name];
    const lite = rate(sqlite[name]);
    const pg = postgres ? rate(postgres[name]) : undefined;
    const ops = sqlite[name]?.ops ?? 0;
    return [
      `${label} (${ops.toLocaleString('en-US')})`,
      `${format(lite)} ${unit}`,
      pg === undefined ? '—' : `${format(pg)} ${unit}`,
      pg === undefined || lite === undefined ? '—' : (pg / lite).toFixed(2),
    ];
  });
  const widths = header.map((_, column) =>
    Math.max(...[header, ...rows].map((row) => row[column]?.length ?? 0)),
  );
  for (const row of [header, ...rows]) {
    console.log(
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  '),
    );
  }
}

const postgresUrl = process.env.VERCORS_BENCH_POSTGRES_URL || process.env.VERCORS_TEST_POSTGRES_URL;
const started = performance.now();
console.log(
  `store bench: Node ${process.version}, ${ACCOUNTS} accounts, phases capped at ${PHASE_CAP_MS / 1000} s`,
);
const sqlite = await benchSqlite();
let postgres: Results | undefined;
if (postgresUrl) postgres = await benchPostgres(postgresUrl);
else
  console.log('PostgreSQL: not run (set VERCORS_BENCH_POSTGRES_URL or VERCORS_TEST_POSTGRES_URL to compare)');
report(sqlite, postgres);
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
