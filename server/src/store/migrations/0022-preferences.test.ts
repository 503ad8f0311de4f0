// Migration 22 on a database holding accounts already: they get no preferences row (the defaults hold until a
// first change), a row is one per account, and it goes with its account.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { test } from 'node:test';
import { Kysely } from 'kysely';
import { StoreError } from '#core/errors';
import { accountRow, TEST_DOMAIN_ID } from '../conformance/test-accounts.ts';
import type { DatabaseSchema } from '../schema.ts';
import { nodeSqliteDialect } from '../sqlite/node-sqlite-dialect.ts';
import { mapSqliteError } from '../sqlite/sqlite-errors.ts';
import { withStoreErrors } from '../store-error-driver.ts';
import { MIGRATIONS } from './migration-list.ts';
import { runMigrations } from './run-migrations.ts';

const row = (accountId: string) => ({
  account_id: accountId,
  read_receipts: 'never',
  request_read_receipts: 1,
  undo_send_seconds: 30,
  conversation_view: 0,
  remote_images_from: JSON.stringify(['@ac-grenoble.fr']),
  compose_format: 'text',
  updated_at: 5,
});

test('existing accounts keep the defaults; a row is one per account and goes with it', async (t) => {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-migration-22-'));
  const database = new DatabaseSync(join(folder, 'db.sqlite'));
  const dialect = nodeSqliteDialect({ database, beginStatement: 'begin immediate', busyTimeoutMs: 1_000 });
  const db = new Kysely<DatabaseSchema>({ dialect: withStoreErrors(dialect, mapSqliteError) });
  t.after(async () => {
    await db.destroy();
    await rm(folder, { recursive: true, force: true });
  });
  await runMigrations(db, 'sqlite', { migrations: MIGRATIONS.filter((migration) => migration.version < 22) });
  await db
    .insertInto('domains')
    .values({ id: TEST_DOMAIN_ID, name: 'example.test', created_at: 1 })
    .execute();
  await db
    .insertInto('accounts')
    .values([accountRow('acc-1'), accountRow('acc-2')])
    .execute();

  const upTo22 = MIGRATIONS.filter((migration) => migration.version <= 22);
  assert.deepEqual(await runMigrations(db, 'sqlite', { migrations: upTo22 }), { applied: [22], version: 22 });
  assert.deepEqual(await db.selectFrom('preferences').selectAll().execute(), []);

  await db
    .insertInto('preferences')
    .values([row('acc-1'), row('acc-2')])
    .execute();
  assert.deepEqual(
    await db.selectFrom('preferences').selectAll().where('account_id', '=', 'acc-1').executeTakeFirst(),
    row('acc-1'),
  );
  await assert.rejects(
    db.insertInto('preferences').values(row('acc-1')).execute(),
    (error) => error instanceof StoreError && error.code === 'conflict',
  );
  await assert.rejects(
    db.insertInto('preferences').values(row('no-such-account')).execute(),
    (error) => error instanceof StoreError && error.code === 'conflict',
  );
  await db.deleteFrom('accounts').where('id', '=', 'acc-1').execute();
  const left = await db.selectFrom('preferences').select('account_id').execute();
  assert.deepEqual(left, [{ account_id: 'acc-2' }]);
});
