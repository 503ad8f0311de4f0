// Migration 22 on a database holding accounts already: they get no preferences row (the defaults hold until a
// first change), a row is one per account, and it goes with its account.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreError } from '#core/errors';
import { databaseBefore } from './migrated-database.fixture.ts';

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
  const { db, migrate } = await databaseBefore(t, 22, ['acc-1', 'acc-2']);

  assert.deepEqual(await migrate(), { applied: [22], version: 22 });
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
