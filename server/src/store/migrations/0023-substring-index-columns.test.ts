// Migration 23 on a database with indexed documents: the trigram table is rebuilt with detail=column, every
// row and its kept text come across under the same rowid, a trigram still finds them, and removing a
// document still removes its rows (the trigger made again).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import { databaseBefore } from './migrated-database.fixture.ts';

const DOCUMENTS = [
  { docId: 1_073_741_824, objectId: 'e1', subject: 'conseil de classe', body: 'le bulletin arrive' },
  { docId: 1_073_741_825, objectId: 'e2', subject: 'sortie a orleans', body: 'depart a 8 h' },
];

test('the trigram table keeps its rows and text with detail=column, and the delete trigger still works', async (t) => {
  const { db, migrate } = await databaseBefore(t, 23, ['acc-1']);
  await sql`insert into search_accounts (account_id, number) values ('acc-1', 1)`.execute(db);
  for (const { docId, objectId, subject, body } of DOCUMENTS) {
    await sql`insert into search_documents (doc_id, account_id, object_id) values (${docId}, 'acc-1', ${objectId})`.execute(
      db,
    );
    await sql`insert into search_substrings (rowid, subject, body) values (${docId}, ${subject}, ${body})`.execute(
      db,
    );
  }

  assert.deepEqual(await migrate(), { applied: [23], version: 23 });

  const definition = await sql<{ sql: string }>`
    select sql from sqlite_master where name = 'search_substrings'`.execute(db);
  assert.match(definition.rows[0]?.sql ?? '', /detail = column/);
  const rows = await sql<{ rowid: number; subject: string; body: string }>`
    select rowid, subject, body from search_substrings order by rowid`.execute(db);
  assert.deepEqual(
    rows.rows.map((row) => ({ ...row })),
    DOCUMENTS.map(({ docId, subject, body }) => ({ rowid: docId, subject, body })),
  );
  const hits = await sql<{ rowid: number }>`
    select rowid from search_substrings where search_substrings match ${'{body} : ("bul" AND "tin")'}`.execute(
    db,
  );
  assert.deepEqual(
    hits.rows.map((row) => row.rowid),
    [DOCUMENTS[0]?.docId],
  );

  await sql`delete from search_documents where object_id = 'e1'`.execute(db);
  const left = await sql<{ rowid: number }>`select rowid from search_substrings`.execute(db);
  assert.deepEqual(
    left.rows.map((row) => row.rowid),
    [DOCUMENTS[1]?.docId],
  );
});
