// Runs the store conformance suite on SQLite, one fresh database file per case in a temporary folder.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runStoreConformance } from '../conformance/store-conformance.case.ts';
import { openSqliteDatabase } from './sqlite-database.ts';

runStoreConformance({
  name: 'sqlite',
  async createDatabase() {
    const folder = await mkdtemp(join(tmpdir(), 'vercors-store-'));
    const path = join(folder, 'vercors.sqlite');
    return {
      open: (options) => openSqliteDatabase({ path, ...options }),
      childArgs: ['sqlite', path],
      drop: () => rm(folder, { recursive: true, force: true }),
    };
  },
});
