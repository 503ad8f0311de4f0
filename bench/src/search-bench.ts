// `node bench/src/search-bench.ts`: the full-text index on SQLite and PostgreSQL side by side: indexing 20,000
// French-like emails in one account (among other accounts' mail), the index's size, and typical IMAP/JMAP
// queries. PostgreSQL runs when VERCORS_BENCH_POSTGRES_URL (or VERCORS_TEST_POSTGRES_URL) is set.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { silentLogger } from '@vercors/server/src/core/log.ts';
import { frenchMailCorpus } from '@vercors/server/src/store/conformance/search-corpus.ts';
import { addAccounts } from '@vercors/server/src/store/conformance/test-accounts.ts';
import { openPostgresDatabase } from '@vercors/server/src/store/postgres/postgres-database.ts';
import { createScratchDatabase } from '@vercors/server/src/store/postgres/scratch-database.ts';
import { startSearchFolder } from '@vercors/server/src/store/search/sqlite-search-folder.ts';
import { openSqliteDatabase } from '@vercors/server/src/store/sqlite/sqlite-database.ts';
import type { Database, SearchDocument, SearchQuery } from '@vercors/server/src/store/store.ts';

const DOCUMENTS = 20_000;
/** Other accounts' mail in the same tables, so the account's share of every term's list is realistic-ish. */
const OTHER_ACCOUNTS = 10;
const DOCUMENTS_PER_OTHER = 1_000;
/** Documents per write transaction, as a bulk import would do. */
const BATCH = 500;
/** Documents that get a rare word, to time a query that finds almost nothing. */
const NEEDLE_EVERY = 1_000;
const RUNS = 15;
/** Single-document transactions timed for indexing and for removal. */
const SINGLES = 1_000;

const QUERIES: readonly (readonly [string, SearchQuery])[] = [
  ['substring, rare: TEXT "leans"', { field: 'text', value: 'leans', match: 'substring' }],
  ['substring, common: BODY "ÉLECTR"', { field: 'body', value: 'ÉLECTR', match: 'substring' }],
  ['substring, address: "rousseau@ac-"', { field: 'address', value: 'rousseau@ac-', match: 'substring' }],
  ['substring, 2 characters: SUBJECT "ze"', { field: 'subject', value: 'ze', match: 'substring' }],
  ['words: text "réunion"', { field: 'text', value: 'réunion', match: 'words' }],
  ['words, prefix: text "elec*"', { field: 'text', value: 'elec*', match: 'words' }],
  ['words, two: text "conseil chambéry"', { field: 'text', value: 'conseil chambéry', match: 'words' }],
  [
    'and/not: subject sortie, body not Valence',
    {
      and: [
        { field: 'subject', value: 'sortie', match: 'words' },
        { not: { field: 'body', value: 'valence', match: 'substring' } },
      ],
    },
  ],
  [
    'or: from or to "garnier"',
    {
      or: [
        { field: 'from', value: 'garnier', match: 'words' },
        { field: 'to', value: 'garnier', match: 'words' },
      ],
    },
  ],
];

interface Results {
  indexMs: number;
  singleIndexMs: number;
  singleRemoveMs: number;
  bytes: number;
  queries: { hits: number; medianMs: number; p90Ms: number; matchMedianMs: number; matchP90Ms: number }[];
}

/** Candidates `match` tests per query: a first batch of Email/query, the 200 newest emails. */
const CANDIDATES = Array.from({ length: 200 }, (_, i) => `e${DOCUMENTS - 1 - i}`);

/** Median and p90 of `RUNS` runs of `run`, which returns the hits it found. */
async function timed(run: () => Promise<number>): Promise<{ hits: number; medianMs: number; p90Ms: number }> {
  let hits = 0;
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    hits = await run();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  return { hits, medianMs: times[Math.floor(RUNS / 2)] ?? 0, p90Ms: times[Math.floor(RUNS * 0.9)] ?? 0 };
}

function corpus(count: number, seed: number): SearchDocument[] {
  return [...frenchMailCorpus(count, { seed })].map((document, i) =>
    i % NEEDLE_EVERY === 7 ? { ...document, body: `${document.body}\nRendez-vous à Orléans.` } : document,
  );
}

async function indexAll(database: Database, accountId: string, documents: readonly SearchDocument[]) {
  for (let start = 0; start < documents.length; start += BATCH) {
    await database.write(async (tx) => {
      for (let i = start; i < Math.min(documents.length, start + BATCH); i++) {
        await database.search.index(tx, accountId, `e${i}`, documents[i] ?? {});
      }
    });
  }
}

interface Backend {
  /**
   * Finish what indexing left to a job, counted in the indexing time (SQLite: fold the pending documents into
   * FTS5, as the server's job does; PostgreSQL: nothing).
   */
  finishIndexing(): Promise<void>;
  /** Bring the index to its steady state after the bulk load (PostgreSQL: what autovacuum would do). */
  settle(): Promise<void>;
  size(): Promise<number>;
}

async function measure(database: Database, backend: Backend): Promise<Results> {
  const others = Array.from({ length: OTHER_ACCOUNTS }, (_, i) => `other-${i}`);
  await addAccounts(database, 'acc', ...others);
  for (const [i, other] of others.entries())
    await indexAll(database, other, corpus(DOCUMENTS_PER_OTHER, 100 + i));
  await backend.finishIndexing();

  const documents = corpus(DOCUMENTS, 1);
  let started = performance.now();
  await indexAll(database, 'acc', documents);
  await backend.finishIndexing();
  const indexMs = performance.now() - started;
  await backend.settle();

  const queries = [];
  for (const [label, query] of QUERIES) {
    const listed = await timed(async () => (await database.search.search('acc', query)).length);
    // What Email/query does with many hits: count them, then test a batch of candidates.
    const matched = await timed(async () => {
      const matches = await database.search.match('acc', query);
      await matches.among(CANDIDATES);
      return matches.count;
    });
    if (matched.hits !== listed.hits)
      throw new Error(`${label}: match counted ${matched.hits}, search ${listed.hits}`);
    queries.push({ ...listed, matchMedianMs: matched.medianMs, matchP90Ms: matched.p90Ms });
  }

  // One document per transaction: a delivery indexes a new email, an expunge removes one.
  started = performance.now();
  for (let i = 0; i < SINGLES; i++) {
    await database.write((tx) => database.search.index(tx, 'acc', `new-${i}`, documents[i] ?? {}));
  }
  await backend.finishIndexing();
  const singleIndexMs = performance.now() - started;
  started = performance.now();
  for (let i = 0; i < SINGLES; i++) await database.write((tx) => database.search.remove(tx, 'acc', `e${i}`));
  const singleRemoveMs = performance.now() - started;
  return { indexMs, singleIndexMs, singleRemoveMs, bytes: await backend.size(), queries };
}

async function benchSqlite(): Promise<Results> {
  const directory = await mkdtemp(join(tmpdir(), 'vercors-search-bench-'));
  const database = await openSqliteDatabase({ path: join(directory, 'bench.sqlite') });
  // The server's folding job, with its batches; its timer never finds anything left by foldAll.
  const folder = startSearchFolder({
    reader: database.db,
    write: (work) => database.write(work),
    log: silentLogger(),
  });
  try {
    return await measure(database, {
      finishIndexing: () => folder.foldAll(),
      // FTS5 merges its segments as it goes (automerge): nothing to wait for.
      settle: () => Promise.resolve(),
      async size() {
        const result = await sql<{ bytes: number }>`
          select sum(pgsize) as bytes from dbstat where name like 'search%'`.execute(database.db);
        return result.rows[0]?.bytes ?? 0;
      },
    });
  } finally {
    await folder.close();
    await database.close();
    await rm(directory, { recursive: true, force: true });
  }
}

async function benchPostgres(adminUrl: string): Promise<Results> {
  const scratch = await createScratchDatabase(adminUrl);
  try {
    const database = await openPostgresDatabase({ url: scratch.url, poolSize: 10 });
    try {
      return await measure(database, {
        finishIndexing: () => Promise.resolve(),
        // Statistics for the planner and the GIN pending lists merged: without them a query right after a bulk
        // load can take 10-50 times longer (a seq scan, or a scan of 4 MB of unmerged entries).
        async settle() {
          await sql`vacuum analyze search_documents`.execute(database.db);
        },
        async size() {
          const result = await sql<{ bytes: number }>`
            select pg_total_relation_size('search_documents') as bytes`.execute(database.db);
          return Number(result.rows[0]?.bytes ?? 0);
        },
      });
    } finally {
      await database.close();
    }
  } finally {
    await scratch.drop();
  }
}

function report(sqlite: Results, postgres: Results | undefined): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const rate = (r: Results) => `${Math.round((DOCUMENTS * 1000) / r.indexMs).toLocaleString('en-US')} docs/s`;
  const perSecond = (ms: number) => `${Math.round((SINGLES * 1000) / ms).toLocaleString('en-US')} tx/s`;
  const mb = (r: Results) => `${(r.bytes / 1024 / 1024).toFixed(0)} MB`;
  const rows: string[][] = [
    ['operation', 'SQLite', 'PostgreSQL'],
    [
      `index ${DOCUMENTS.toLocaleString('en-US')} emails, ${BATCH} per transaction`,
      rate(sqlite),
      postgres ? rate(postgres) : '—',
    ],
    [
      `index, 1 per transaction (${SINGLES.toLocaleString('en-US')})`,
      perSecond(sqlite.singleIndexMs),
      postgres ? perSecond(postgres.singleIndexMs) : '—',
    ],
    [
      `remove, 1 per transaction (${SINGLES.toLocaleString('en-US')})`,
      perSecond(sqlite.singleRemoveMs),
      postgres ? perSecond(postgres.singleRemoveMs) : '—',
    ],
    ['index size (all accounts)', mb(sqlite), postgres ? mb(postgres) : '—'],
    ...QUERIES.map(([label], i) => {
      const cell = (r: Results | undefined) => {
        const q = r?.queries[i];
        return q === undefined
          ? '—'
          : `${ms(q.medianMs)} (p90 ${ms(q.p90Ms)}) / ${ms(q.matchMedianMs)} (p90 ${ms(q.matchP90Ms)}), ${q.hits} hits`;
      };
      return [label, cell(sqlite), cell(postgres)];
    }),
  ];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  for (const row of rows) {
    console.log(
      row
        .map((cell, column) =>
          column === 0 ? cell.padEnd(widths[0] ?? 0) : cell.padStart(widths[column] ?? 0),
        )
        .join('  '),
    );
  }
}

const postgresUrl = process.env.VERCORS_BENCH_POSTGRES_URL || process.env.VERCORS_TEST_POSTGRES_URL;
const started = performance.now();
console.log(
  `search bench: Node ${process.version}, ${DOCUMENTS.toLocaleString('en-US')} emails in the measured account, ` +
    `${OTHER_ACCOUNTS} other accounts of ${DOCUMENTS_PER_OTHER.toLocaleString('en-US')}; query times: median of ${RUNS}, listing the ids (search) / counting and testing 200 candidates (match)`,
);
const sqlite = await benchSqlite();
const postgres = postgresUrl ? await benchPostgres(postgresUrl) : undefined;
if (!postgresUrl)
  console.log('PostgreSQL: not run (set VERCORS_BENCH_POSTGRES_URL or VERCORS_TEST_POSTGRES_URL to compare)');
report(sqlite, postgres);
console.log(`(${((performance.now() - started) / 1000).toFixed(1)} s in all)`);
