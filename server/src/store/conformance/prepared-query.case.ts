// Conformance cases about prepared queries (prepared-query.ts): compiled once per dialect and list length, they
// give what the same query built each time gives, inside and outside a transaction; prepared inserts take
// rows with exactly their columns.

import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { prepareInsert, prepareQuery } from '../prepared-query.ts';
import type { ConformanceCase } from './store-conformance.case.ts';
import { addAccounts } from './test-accounts.ts';

const accountsByIds = prepareQuery((db, p: { ids: readonly string[]; kind: string }) =>
  db
    .selectFrom('accounts')
    .select(['id', 'email'])
    .where('id', 'in', p.ids)
    .where('kind', '=', p.kind)
    .where('status', '=', 'active')
    .orderBy('id'),
);

const renameAccount = prepareQuery((db, p: { id: string; name: string }) =>
  db.updateTable('accounts').set({ display_name: p.name }).where('id', '=', p.id),
);

const bumpModseq = prepareQuery((db, p: { id: string; step: number }) =>
  db
    .updateTable('accounts')
    .set((eb) => ({ modseq: eb('modseq', '+', p.step) }))
    .where('id', '=', p.id)
    .returning('modseq'),
);

const rawCount = prepareQuery(
  (db, p: { prefix: string }) =>
    sql<{ count: number }>`select count(*) as count from accounts where id like ${p.prefix}`,
);

const insertAliases = prepareInsert('account_aliases', ['account_id', 'email', 'created_at']);

export const preparedQueryCases: readonly ConformanceCase[] = [
  {
    name: 'a prepared query answers like the built one, for every length of its list parameter',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'pa', 'pb', 'pc', 'pd');
      const { db } = database;
      for (const ids of [['pa'], ['pc', 'pa'], ['pa', 'pb', 'pc', 'pd', 'nobody'], ['pd']]) {
        const rows = await accountsByIds.execute(db, { ids, kind: 'person' });
        const expected = await db
          .selectFrom('accounts')
          .select(['id', 'email'])
          .where('id', 'in', ids)
          .orderBy('id')
          .execute();
        assert.deepEqual(rows, expected, ids.join(','));
      }
      assert.deepEqual(await accountsByIds.execute(db, { ids: ['pa', 'pb'], kind: 'group' }), []);
      assert.equal(
        (await accountsByIds.executeTakeFirst(db, { ids: ['pb', 'pc'], kind: 'person' }))?.id,
        'pb',
      );
    },
  },
  {
    name: 'prepared writes count their rows and return their RETURNING values within their transaction',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'wa');
      const { db } = database;
      const counts = await database.write(async (tx) => [
        await renameAccount.changes(tx.db, { id: 'wa', name: 'Renamed' }),
        await renameAccount.changes(tx.db, { id: 'nobody', name: 'x' }),
      ]);
      assert.deepEqual(counts, [1, 0]);
      const before = (
        await db.selectFrom('accounts').select('modseq').where('id', '=', 'wa').executeTakeFirst()
      )?.modseq;
      assert.ok(before !== undefined);
      const inside = await database.write(async (tx) => {
        const first = await bumpModseq.executeTakeFirst(tx.db, { id: 'wa', step: 2 });
        const second = await bumpModseq.executeTakeFirst(tx.db, { id: 'wa', step: 3 });
        return [first?.modseq, second?.modseq];
      });
      assert.deepEqual(inside, [before + 2, before + 5]);
      const row = await db
        .selectFrom('accounts')
        .select('display_name')
        .where('id', '=', 'wa')
        .executeTakeFirst();
      assert.equal(row?.display_name, 'Renamed');
      assert.equal((await rawCount.executeTakeFirst(db, { prefix: 'w%' }))?.count, 1);
    },
  },
  {
    name: 'a prepared insert writes every row given, and refuses rows without exactly its columns',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'ia');
      const row = (id: string) => ({ account_id: 'ia', email: `${id}@example.test`, created_at: 1 });
      const count = await database.write((tx) =>
        insertAliases.run(tx.db, [row('one'), row('two'), row('three')]),
      );
      assert.equal(count, 3);
      assert.equal(await database.write((tx) => insertAliases.run(tx.db, [row('four')])), 1);
      const aliases = await database.db
        .selectFrom('account_aliases')
        .select('email')
        .where('account_id', '=', 'ia')
        .orderBy('email')
        .execute();
      assert.deepEqual(
        aliases.map((r) => r.email),
        ['four@example.test', 'one@example.test', 'three@example.test', 'two@example.test'],
      );
      await assert.rejects(
        database.write((tx) =>
          insertAliases.run(tx.db, [{ account_id: 'ia', email: 'x@example.test' } as never]),
        ),
        /a row's columns are not/,
      );
      await assert.rejects(
        database.write((tx) =>
          insertAliases.run(tx.db, [{ ...row('five'), created_at: undefined } as never]),
        ),
        /no value for created_at/,
      );
    },
  },
  {
    name: 'a prepared statement that fails inside a write, even caught, rolls the whole write back',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'fa');
      const row = (email: string) => ({ account_id: 'fa', email, created_at: 1 });
      await database.write((tx) => insertAliases.run(tx.db, [row('taken@example.test')]));
      let isCaught = false;
      await assert.rejects(
        database.write(async (tx) => {
          await renameAccount.changes(tx.db, { id: 'fa', name: 'Never' });
          try {
            await insertAliases.run(tx.db, [row('taken@example.test')]);
          } catch {
            isCaught = true;
          }
        }),
      );
      assert.ok(isCaught, 'the duplicate alias failed inside the work');
      const account = await database.db
        .selectFrom('accounts')
        .select('display_name')
        .where('id', '=', 'fa')
        .executeTakeFirst();
      assert.notEqual(account?.display_name, 'Never');
      // The same statements in a write that does not fail commit: the reader sees them at once.
      await database.write((tx) => renameAccount.changes(tx.db, { id: 'fa', name: 'Later' }));
      assert.equal(
        (await accountsByIds.executeTakeFirst(database.db, { ids: ['fa'], kind: 'person' }))?.id,
        'fa',
      );
      const renamed = await database.db
        .selectFrom('accounts')
        .select('display_name')
        .where('id', '=', 'fa')
        .executeTakeFirst();
      assert.equal(renamed?.display_name, 'Later');
    },
  },
  {
    name: 'a prepared query whose build function leaves a parameter out is refused, not run without it',
    async run({ open }) {
      const database = await open();
      const careless = prepareQuery((db, _p: { id: string }) => db.selectFrom('accounts').select('id'));
      await assert.rejects(careless.execute(database.db, { id: 'x' }), /parameter id is not used/);
    },
  },
];
