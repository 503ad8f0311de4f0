// SQLite's pending list of search documents (decision 0011): who folds it into FTS5 and when, and that no
// search misses a document or finds a removed one whichever way it was folded. The search behaviour itself is
// the store conformance suite's, run on both states (sqlite-database.test.ts).

import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { type Logger, silentLogger } from '#core/log';
import { frenchMailCorpus } from '../conformance/search-corpus.ts';
import { addAccounts } from '../conformance/test-accounts.ts';
import { openSqliteDatabase } from '../sqlite/sqlite-database.ts';
import type { Database, SearchDocument } from '../store.ts';
import { foldForSearch } from './fold-for-search.ts';
import { startSearchFolder } from './sqlite-search-folder.ts';
import { ALL_DOCUMENTS, countPending, foldPending, wordsAhead } from './sqlite-search-pending.ts';

async function withDatabase(run: (database: Database, path: string) => Promise<void>): Promise<void> {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-search-pending-'));
  const path = join(folder, 'vercors.sqlite');
  const database = await openSqliteDatabase({ path });
  try {
    await addAccounts(database, 'acc-a', 'acc-b');
    await run(database, path);
  } finally {
    await database.close();
    await rm(folder, { recursive: true, force: true });
  }
}

async function index(database: Database, accountId: string, documents: Record<string, SearchDocument>) {
  await database.write(async (tx) => {
    for (const [id, document] of Object.entries(documents))
      await database.search.index(tx, accountId, id, document);
  });
}

const found = async (database: Database, accountId: string, value: string) =>
  [...(await database.search.search(accountId, { field: 'text', value, match: 'substring' }))].sort();

const pending = (database: Database) => countPending(database.db);

/** Ids of the documents holding `value` in one of their parts, folded as the index folds them. */
function holding(documents: Record<string, SearchDocument>, value: string): string[] {
  const parts = (document: SearchDocument) =>
    Object.values(document).map((part: string | readonly string[]) =>
      typeof part === 'string' ? part : part.join('\n'),
    );
  return Object.entries(documents)
    .filter(([, document]) => parts(document).some((part) => foldForSearch(part).includes(value)))
    .map(([id]) => id)
    .sort();
}

test('a message’s transaction puts its document on the pending list, and a search folds only its own account’s', async () => {
  await withDatabase(async (database) => {
    await index(database, 'acc-a', { a1: { subject: 'Conseil de classe' }, a2: { body: 'Sortie à Voiron' } });
    await index(database, 'acc-b', { b1: { subject: 'Conseil pédagogique' } });
    assert.equal(await pending(database), 3);

    assert.deepEqual(await found(database, 'acc-a', 'conseil'), ['a1']);
    assert.equal(await pending(database), 1, 'acc-b’s document is still pending');
    const matches = await database.search.match('acc-b', {
      field: 'subject',
      value: 'pedagogique',
      match: 'words',
    });
    assert.equal(matches.count, 1);
    assert.equal(await pending(database), 0);
  });
});

test('a removed or replaced document is never found, whether it was pending or folded', async () => {
  await withDatabase(async (database) => {
    await index(database, 'acc-a', { kept: { subject: 'brevet blanc' }, gone: { subject: 'brevet annulé' } });
    await database.write((tx) => database.search.remove(tx, 'acc-a', 'gone'));
    await index(database, 'acc-a', { kept: { subject: 'examen du brevet' } });
    assert.equal(
      await pending(database),
      1,
      'one pending row for the replaced document, none for the removed one',
    );
    assert.deepEqual(await found(database, 'acc-a', 'brevet'), ['kept']);
    assert.deepEqual(await found(database, 'acc-a', 'blanc'), []);

    // Now folded: replace and remove again.
    await index(database, 'acc-a', {
      kept: { subject: 'oral de français' },
      other: { subject: 'oral blanc' },
    });
    assert.deepEqual(await found(database, 'acc-a', 'examen'), []);
    assert.deepEqual(await found(database, 'acc-a', 'oral'), ['kept', 'other']);
    await database.write((tx) => database.search.remove(tx, 'acc-a', 'other'));
    assert.deepEqual(await found(database, 'acc-a', 'oral'), ['kept']);
  });
});

test('deleting an account takes its pending documents with it', async () => {
  await withDatabase(async (database) => {
    await index(database, 'acc-a', { a1: { subject: 'Conseil' } });
    await index(database, 'acc-b', { b1: { subject: 'Conseil' } });
    await database.write(({ db }) => db.deleteFrom('accounts').where('id', '=', 'acc-a').execute());
    assert.equal(await pending(database), 1);
    assert.deepEqual(await found(database, 'acc-b', 'conseil'), ['b1']);
  });
});

test('pending documents outlive the process that wrote them', async () => {
  await withDatabase(async (database, path) => {
    await index(database, 'acc-a', { a1: { subject: 'Réunion des parents' } });
    const other = await openSqliteDatabase({ path });
    try {
      assert.deepEqual(await found(other, 'acc-a', 'reunion'), ['a1']);
    } finally {
      await other.close();
    }
    assert.equal(await pending(database), 0);
  });
});

test('foldPending folds the lowest numbers of its range first and at most its limit', async () => {
  await withDatabase(async (database) => {
    const documents: Record<string, SearchDocument> = {};
    for (let n = 0; n < 5; n++) documents[`a${n}`] = { subject: `devoir ${n}` };
    await index(database, 'acc-a', documents);
    assert.equal(await database.write((tx) => foldPending(tx.db, ALL_DOCUMENTS, 2)), 2);
    assert.equal(await pending(database), 3);
    assert.equal(await database.write((tx) => foldPending(tx.db, ALL_DOCUMENTS, 10)), 3);
    assert.equal(await database.write((tx) => foldPending(tx.db, ALL_DOCUMENTS, 10)), 0);
    assert.deepEqual(await found(database, 'acc-a', 'devoir'), ['a0', 'a1', 'a2', 'a3', 'a4']);
  });
});

test('words worked out before a fold are not used for a document replaced since', async () => {
  await withDatabase(async (database) => {
    await index(database, 'acc-a', { a1: { subject: 'Ancien sujet' }, a2: { subject: 'Autre message' } });
    const ahead = await wordsAhead(database.db, ALL_DOCUMENTS, 10);
    assert.equal(ahead.size, 2);
    await index(database, 'acc-a', { a1: { subject: 'Nouveau sujet' } });
    assert.equal(await database.write((tx) => foldPending(tx.db, ALL_DOCUMENTS, 10, ahead)), 2);
    assert.equal(await pending(database), 0);
    const words = async (value: string) =>
      [...(await database.search.search('acc-a', { field: 'subject', value, match: 'words' }))].sort();
    assert.deepEqual(await words('nouveau'), ['a1']);
    assert.deepEqual(await words('ancien'), []);
    assert.deepEqual(await words('autre'), ['a2']);
  });
});

test('a search folds a backlog larger than one catch-up transaction', async () => {
  await withDatabase(async (database) => {
    const corpus = [...frenchMailCorpus(2_100)];
    const documents = Object.fromEntries(corpus.map((document, n) => [`m${n}`, document]));
    documents.needle = { body: 'aiguille dans la botte de foin' };
    await index(database, 'acc-a', documents);
    assert.equal(await pending(database), 2_101);
    // The needle was indexed last: the search folded three transactions' worth to find it.
    assert.deepEqual(await found(database, 'acc-a', 'aiguille'), ['needle']);
    assert.equal(await pending(database), 0);
    const expected = holding(documents, 'conseil');
    assert.ok(expected.length > 100);
    assert.deepEqual(await found(database, 'acc-a', 'conseil'), expected);
  });
});

test('the folding job folds every account’s pending documents without a search, in batches', async () => {
  await withDatabase(async (database) => {
    const folder = startSearchFolder({
      reader: database.db,
      write: (work) => database.write(work),
      log: silentLogger(),
      intervalMs: 10,
      batch: 3,
    });
    try {
      const documents: Record<string, SearchDocument> = {};
      for (let n = 0; n < 10; n++) documents[`d${n}`] = { subject: `cantine ${n}` };
      await index(database, 'acc-a', documents);
      await index(database, 'acc-b', { b1: { subject: 'cantine' } });
      for (let look = 0; look < 500 && (await pending(database)) > 0; look++) await sleep(10);
      assert.equal(await pending(database), 0, 'folded by the job within 5 s');
      assert.equal((await found(database, 'acc-a', 'cantine')).length, 10);
      assert.deepEqual(await found(database, 'acc-b', 'cantine'), ['b1']);

      await index(database, 'acc-b', { b2: { subject: 'cantine fermée' } });
      await folder.foldAll();
      assert.equal(await pending(database), 0);
    } finally {
      await folder.close();
    }
  });
});

test('a database opened to fold the search index folds it, and closes while folding', async () => {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-search-pending-'));
  const path = join(folder, 'vercors.sqlite');
  try {
    const writer = await openSqliteDatabase({ path });
    await addAccounts(writer, 'acc-a');
    const documents = Object.fromEntries(
      [...frenchMailCorpus(600)].map((document, n) => [`m${n}`, document]),
    );
    await index(writer, 'acc-a', documents);
    await writer.close();

    const database = await openSqliteDatabase({ path, foldsSearchIndex: true });
    for (let look = 0; look < 500 && (await pending(database)) === 600; look++) await sleep(10);
    assert.ok((await pending(database)) < 600, 'the job started folding within 5 s');
    await database.close();

    const reopened = await openSqliteDatabase({ path });
    try {
      assert.deepEqual(await found(reopened, 'acc-a', 'conseil'), holding(documents, 'conseil'));
      assert.equal(await pending(reopened), 0);
    } finally {
      await reopened.close();
    }
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
});

test('a failing fold is logged once, then the job pauses before it looks again', async () => {
  await withDatabase(async (database) => {
    await index(database, 'acc-a', { a1: { subject: 'Conseil' } });
    let writes = 0;
    const warnings: unknown[] = [];
    const log = { ...silentLogger(), warn: (fields: unknown) => warnings.push(fields) } as unknown as Logger;
    const folder = startSearchFolder({
      reader: database.db,
      write: () => {
        writes += 1;
        return Promise.reject(new Error('disk full'));
      },
      log,
      intervalMs: 5,
      failurePauseMs: 60_000,
    });
    try {
      for (let look = 0; look < 200 && writes === 0; look++) await sleep(5);
      await sleep(100); // twenty looks' worth
      assert.equal(writes, 1);
      assert.equal(warnings.length, 1);
      assert.equal(await pending(database), 1, 'the row stays pending');
    } finally {
      await folder.close();
    }
    assert.deepEqual(await found(database, 'acc-a', 'conseil'), ['a1'], 'a search still folds its own');
  });
});
