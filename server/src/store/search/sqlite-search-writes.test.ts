// How a transaction's search writes reach SQLite (sqlite-search-index.ts): new documents of several accounts
// in one transaction take multi-row statements, each account numbering its own in order; anything else
// (a replacement, a removal, an object indexed twice) goes a write at a time, in the order asked.

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { addAccounts } from '../conformance/test-accounts.ts';
import { openSqliteDatabase } from '../sqlite/sqlite-database.ts';
import type { Database } from '../store.ts';
import { foldSearchDocument } from './prepare-document.ts';

async function withDatabase(run: (database: Database) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-search-writes-'));
  const database = await openSqliteDatabase({ path: join(folder, 'vercors.sqlite') });
  try {
    await addAccounts(database, 'acc-a', 'acc-b');
    await run(database);
  } finally {
    await database.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** Each account's documents as `objectId: doc_id - first doc_id of the account`, and their pending subjects. */
async function documents(database: Database) {
  const { rows } = await sql<{
    account_id: string;
    object_id: string;
    doc_id: number;
    subject: string | null;
  }>`
    select d.account_id, d.object_id, d.doc_id, p.subject from search_documents d
    left join search_pending p on p.doc_id = d.doc_id order by d.doc_id`.execute(database.db);
  const byAccount: Record<string, string[]> = {};
  const firstOf = new Map<string, number>();
  for (const row of rows) {
    const first = firstOf.get(row.account_id) ?? row.doc_id;
    firstOf.set(row.account_id, first);
    (byAccount[row.account_id] ??= []).push(`${row.object_id}:${row.doc_id - first}:${row.subject}`);
  }
  return byAccount;
}

const found = async (database: Database, accountId: string, value: string) =>
  [...(await database.search.search(accountId, { field: 'subject', value, match: 'substring' }))].sort();

test('new documents of two accounts in one transaction are numbered in order within each account', async () => {
  await withDatabase(async (database) => {
    await database.write(async (tx) => {
      await database.search.index(tx, 'acc-a', 'a1', foldSearchDocument({ subject: 'Réunion parents' }));
      await database.search.index(tx, 'acc-b', 'b1', { subject: 'Cantine' });
      await database.search.index(tx, 'acc-a', 'a2', foldSearchDocument({ subject: 'Élèves absents' }));
      await database.search.index(tx, 'acc-a', 'a3', { subject: 'Conseil de classe' });
      await database.search.index(tx, 'acc-b', 'b2', foldSearchDocument({ subject: 'Voyage scolaire' }));
    });
    await database.write(async (tx) => {
      await database.search.index(tx, 'acc-a', 'a4', { subject: 'Brevet blanc' });
    });
    assert.deepEqual(await documents(database), {
      'acc-a': ['a1:0:reunion parents', 'a2:1:eleves absents', 'a3:2:conseil de classe', 'a4:3:brevet blanc'],
      'acc-b': ['b1:0:cantine', 'b2:1:voyage scolaire'],
    });
    assert.deepEqual(await found(database, 'acc-a', 'élèves'), ['a2']);
    assert.deepEqual(await found(database, 'acc-b', 'scolaire'), ['b2']);
    assert.deepEqual(await found(database, 'acc-b', 'parents'), []);
  });
});

test('a transaction that also replaces, removes or indexes an object twice applies its writes in order', async () => {
  await withDatabase(async (database) => {
    await database.write(async (tx) => {
      await database.search.index(tx, 'acc-a', 'kept', { subject: 'Ancien sujet' });
      await database.search.index(tx, 'acc-a', 'gone', { subject: 'Supprimé' });
    });
    await database.write(async (tx) => {
      await database.search.index(tx, 'acc-a', 'new', { subject: 'Premier jet' });
      await database.search.index(tx, 'acc-a', 'kept', foldSearchDocument({ subject: 'Nouveau sujet' }));
      await database.search.remove(tx, 'acc-a', 'gone');
      await database.search.index(tx, 'acc-a', 'new', { subject: 'Version finale' });
    });
    await database.write(async (tx) => {
      // Twice in one transaction, nothing indexed before: the second one wins.
      await database.search.index(tx, 'acc-b', 'twice', { subject: 'Brouillon' });
      await database.search.index(tx, 'acc-b', 'twice', { subject: 'Envoyé' });
    });
    assert.deepEqual(await documents(database), {
      'acc-a': ['kept:0:nouveau sujet', 'new:2:version finale'],
      'acc-b': ['twice:0:envoye'],
    });
    assert.deepEqual(await found(database, 'acc-a', 'sujet'), ['kept']);
    assert.deepEqual(await found(database, 'acc-a', 'premier'), []);
    assert.deepEqual(await found(database, 'acc-a', 'finale'), ['new']);
    assert.deepEqual(await found(database, 'acc-a', 'supprim'), []);
    assert.deepEqual(await found(database, 'acc-b', 'brouillon'), []);
  });
});

test('more new documents than one statement takes are all numbered and found', async () => {
  await withDatabase(async (database) => {
    const count = 250;
    await database.write(async (tx) => {
      for (let n = 0; n < count; n++) {
        await database.search.index(
          tx,
          'acc-a',
          `m${n}`,
          foldSearchDocument({ subject: `Message numéro ${n}x` }),
        );
      }
    });
    const numbered = (await documents(database))['acc-a'] ?? [];
    assert.equal(numbered.length, count);
    numbered.forEach((entry, n) => assert.equal(entry, `m${n}:${n}:message numero ${n}x`));
    assert.deepEqual(await found(database, 'acc-a', 'numéro 249x'), ['m249']);
    assert.deepEqual(await found(database, 'acc-a', 'numéro 100x'), ['m100']);
  });
});
