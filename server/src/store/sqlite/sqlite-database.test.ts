// Runs the store conformance suite on SQLite, one fresh database file per case in a temporary folder. The
// search cases run twice: as the suite writes them, each search folds its account's pending documents
// (decision 0011); and with every write followed by the folding job's work, so they search folded documents.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConformanceDatabase } from '../conformance/store-conformance.case.ts';
import { runStoreConformance } from '../conformance/store-conformance.case.ts';
import { searchMatchingCases } from '../conformance/search-matching.case.ts';
import { searchCases } from '../conformance/search.case.ts';
import { ALL_DOCUMENTS, foldPending } from '../search/sqlite-search-pending.ts';
import type { Database, WriteOptions, WriteTransaction } from '../store.ts';
import { openSqliteDatabase } from './sqlite-database.ts';

async function createDatabase(wrap: (database: Database) => Database): Promise<ConformanceDatabase> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-store-'));
  const path = join(folder, 'vercors.sqlite');
  return {
    open: async (options) => wrap(await openSqliteDatabase({ path, ...options })),
    childArgs: ['sqlite', path],
    drop: () => rm(folder, { recursive: true, force: true }),
  };
}

/** `database`, with everything pending folded into FTS5 after each write, as the job would. */
function foldingAfterEachWrite(database: Database): Database {
  const write = async <T>(work: (tx: WriteTransaction) => Promise<T>, options?: WriteOptions) => {
    const result = await database.write(work, options);
    await database.write((tx) => foldPending(tx.db, ALL_DOCUMENTS, Number.MAX_SAFE_INTEGER));
    return result;
  };
  return new Proxy(database, {
    get(target, property) {
      if (property === 'write') return write;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

runStoreConformance({ name: 'sqlite', createDatabase: () => createDatabase((database) => database) });

runStoreConformance({
  name: 'sqlite, search documents folded by the job',
  cases: [...searchCases, ...searchMatchingCases],
  createDatabase: () => createDatabase(foldingAfterEachWrite),
});
