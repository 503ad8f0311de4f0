// Conformance cases about the schema: migrations, every table's CRUD, constraints mapped to StoreError,
// and 64-bit integers surfacing as exact JavaScript numbers.

import assert from 'node:assert/strict';
import { StoreError } from '#core/errors';
import { MIGRATIONS } from '../migrations/migration-list.ts';
import type { DatabaseSchema } from '../schema.ts';
import type { Database } from '../store.ts';
import type { ConformanceCase } from './store-conformance.case.ts';
import { accountRow, addAccounts, TEST_DOMAIN_ID } from './test-accounts.ts';

const TABLES: readonly (keyof DatabaseSchema)[] = [
  'schema_migrations',
  'domains',
  'establishments',
  'accounts',
  'account_aliases',
  'account_roles',
  'change_log',
  'blobs',
];

const isStoreError = (code: StoreError['code']) => (error: unknown) => {
  assert.ok(error instanceof StoreError, `expected StoreError ${code}, got ${String(error)}`);
  assert.equal(error.code, code, error.message);
  return true;
};

async function migrationRows(database: Database) {
  return await database.db.selectFrom('schema_migrations').selectAll().orderBy('version').execute();
}

async function countRows(database: Database, table: keyof DatabaseSchema): Promise<number> {
  const row = await database.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

export const schemaCases: readonly ConformanceCase[] = [
  {
    name: 'opening a fresh database applies every migration once, and reopening applies none',
    async run({ open }) {
      const first = await open();
      const applied = await migrationRows(first);
      assert.deepEqual(
        applied.map(({ version, name }) => ({ version, name })),
        MIGRATIONS.map(({ version, name }) => ({ version, name })),
      );
      for (const table of TABLES.filter((t) => t !== 'schema_migrations')) {
        assert.equal(await countRows(first, table), 0, `${table} starts empty`);
      }
      const second = await open();
      assert.deepEqual(await migrationRows(second), applied);
    },
  },
  {
    name: 'several handles opened at once on a fresh database migrate it exactly once',
    async run({ open }) {
      const handles = await Promise.all(Array.from({ length: 5 }, () => open()));
      for (const handle of handles) {
        assert.equal((await migrationRows(handle)).length, MIGRATIONS.length);
      }
    },
  },
  {
    name: 'a database whose schema is newer than the program is refused with StoreError unavailable',
    async run({ open }) {
      const database = await open();
      await database.write(async ({ db }) => {
        await db
          .insertInto('schema_migrations')
          .values({ version: 9999, name: 'future', applied_at: 0 })
          .execute();
      });
      await database.close();
      await assert.rejects(open(), (error) => {
        isStoreError('unavailable')(error);
        assert.match((error as Error).message, /version 9999, newer than this program/);
        return true;
      });
    },
  },
  {
    name: 'every table supports insert, read, update and delete, and returns plain rows',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-crud');
      const rows = {
        establishments: {
          uai: '0380001A',
          name: 'Lycée Champollion',
          type: 'lycee',
          commune: 'Grenoble',
          department: '38',
          created_at: 1,
          updated_at: 1,
          district: null,
          street: null,
          postal_code: null,
          phone: null,
          website: 'https://champollion.example',
        },
        account_aliases: { email: 'alias@example.test', account_id: 'acc-crud', created_at: 2 },
        account_roles: { account_id: 'acc-crud', role: 'establishmentAdmin', scope: '0380001A' },
        change_log: {
          account_id: 'acc-crud',
          modseq: 7,
          type: 'Email',
          object_id: 'e1',
          kind: 'created',
          created_at: 3,
        },
        blobs: { id: 'a'.repeat(64), size: 10, refcount: 1, unreferenced_since: null, created_at: 4 },
      };
      await database.write(async ({ db }) => {
        await db.insertInto('establishments').values(rows.establishments).execute();
        await db.insertInto('account_aliases').values(rows.account_aliases).execute();
        await db.insertInto('account_roles').values(rows.account_roles).execute();
        await db.insertInto('change_log').values(rows.change_log).execute();
        await db.insertInto('blobs').values(rows.blobs).execute();
      });

      // Read: deepEqual against literals also proves rows are plain objects (node:sqlite's are not).
      const { db } = database;
      assert.deepStrictEqual(await db.selectFrom('domains').selectAll().execute(), [
        { id: TEST_DOMAIN_ID, name: 'example.test', created_at: 1_700_000_000_000 },
      ]);
      assert.deepStrictEqual(await db.selectFrom('accounts').selectAll().executeTakeFirst(), {
        ...accountRow('acc-crud'),
        used_bytes: 0,
        used_messages: 0,
        modseq: 0,
      });
      assert.deepStrictEqual(await db.selectFrom('establishments').selectAll().execute(), [
        rows.establishments,
      ]);
      assert.deepStrictEqual(await db.selectFrom('account_aliases').selectAll().execute(), [
        rows.account_aliases,
      ]);
      assert.deepStrictEqual(await db.selectFrom('account_roles').selectAll().execute(), [
        rows.account_roles,
      ]);
      assert.deepStrictEqual(await db.selectFrom('change_log').selectAll().execute(), [rows.change_log]);
      assert.deepStrictEqual(await db.selectFrom('blobs').selectAll().execute(), [rows.blobs]);

      // Update
      await database.write(async ({ db }) => {
        await db.updateTable('domains').set({ name: 'example.org' }).execute();
        await db
          .updateTable('accounts')
          .set({ status: 'suspended', establishment_uai: '0380001A' })
          .execute();
        await db.updateTable('establishments').set({ commune: 'Grenoble cedex' }).execute();
        await db.updateTable('account_aliases').set({ created_at: 20 }).execute();
        await db.updateTable('account_roles').set({ role: 'admin', scope: '' }).execute();
        await db.updateTable('change_log').set({ kind: 'updated' }).execute();
        await db.updateTable('blobs').set({ refcount: 0, unreferenced_since: 40 }).execute();
      });
      const account = await db
        .selectFrom('accounts')
        .select(['status', 'establishment_uai'])
        .executeTakeFirst();
      assert.deepStrictEqual(account, { status: 'suspended', establishment_uai: '0380001A' });
      assert.equal((await db.selectFrom('domains').select('name').executeTakeFirst())?.name, 'example.org');
      assert.equal(
        (await db.selectFrom('establishments').select('commune').executeTakeFirst())?.commune,
        'Grenoble cedex',
      );
      assert.equal(
        (await db.selectFrom('account_aliases').select('created_at').executeTakeFirst())?.created_at,
        20,
      );
      assert.deepStrictEqual(await db.selectFrom('account_roles').select(['role', 'scope']).execute(), [
        { role: 'admin', scope: '' },
      ]);
      assert.equal((await db.selectFrom('change_log').select('kind').executeTakeFirst())?.kind, 'updated');
      assert.deepStrictEqual(
        await db.selectFrom('blobs').select(['refcount', 'unreferenced_since']).execute(),
        [{ refcount: 0, unreferenced_since: 40 }],
      );

      // Delete: children first, then the parents they point at.
      await database.write(async ({ db }) => {
        await db.deleteFrom('blobs').execute();
        await db.deleteFrom('change_log').execute();
        await db.deleteFrom('account_roles').execute();
        await db.deleteFrom('account_aliases').execute();
        await db.deleteFrom('accounts').execute();
        await db.deleteFrom('establishments').execute();
        await db.deleteFrom('domains').execute();
      });
      for (const table of TABLES.filter((t) => t !== 'schema_migrations')) {
        assert.equal(await countRows(database, table), 0, `${table} is empty again`);
      }
    },
  },
  {
    name: 'deleting an account deletes its aliases, roles and change-log rows',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-gone', 'acc-kept');
      await database.write(async (tx) => {
        await tx.db
          .insertInto('account_aliases')
          .values({ email: 'x@example.test', account_id: 'acc-gone', created_at: 1 })
          .execute();
        await tx.db
          .insertInto('account_roles')
          .values({ account_id: 'acc-gone', role: 'admin', scope: '' })
          .execute();
        await tx.recordChange('acc-gone', 'Email', 'e1', 'created');
        await tx.recordChange('acc-kept', 'Email', 'e1', 'created');
      });
      await database.write(async ({ db }) => {
        await db.deleteFrom('accounts').where('id', '=', 'acc-gone').execute();
      });
      assert.equal(await countRows(database, 'account_aliases'), 0);
      assert.equal(await countRows(database, 'account_roles'), 0);
      const owners = await database.db.selectFrom('change_log').select('account_id').execute();
      assert.deepStrictEqual(owners, [{ account_id: 'acc-kept' }]);
    },
  },
  {
    name: 'a duplicate key or a missing parent fails the write with StoreError conflict and leaves nothing',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-1');
      const blob = (id: string) => ({ id, size: 1, refcount: 1, unreferenced_since: null, created_at: 1 });

      // Duplicate email (unique constraint), after a row that must not survive.
      await assert.rejects(
        database.write(async ({ db }) => {
          await db.insertInto('blobs').values(blob('b-before-duplicate')).execute();
          await db
            .insertInto('accounts')
            .values(accountRow('acc-2', { email: 'acc-1@example.test' }))
            .execute();
        }),
        isStoreError('conflict'),
      );
      // Duplicate primary key.
      await assert.rejects(
        database.write(async ({ db }) => {
          await db
            .insertInto('accounts')
            .values(accountRow('acc-1', { email: 'other@example.test' }))
            .execute();
        }),
        isStoreError('conflict'),
      );
      // Foreign key to a domain that does not exist.
      await assert.rejects(
        database.write(async ({ db }) => {
          await db
            .insertInto('accounts')
            .values(accountRow('acc-3', { domain_id: 'no-such-domain' }))
            .execute();
        }),
        isStoreError('conflict'),
      );
      assert.equal(await countRows(database, 'blobs'), 0);
      assert.equal(await countRows(database, 'accounts'), 1);
    },
  },
  {
    name: 'a write whose work swallows a failed statement still fails, and commits nothing',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-1');
      const blob = (id: string) => ({ id, size: 1, refcount: 1, unreferenced_since: null, created_at: 1 });
      await assert.rejects(
        database.write(async (tx) => {
          await tx.db.insertInto('blobs').values(blob('b-1')).execute();
          await tx.recordChange('acc-1', 'Blob', 'b-1', 'created');
          try {
            await tx.db.insertInto('blobs').values(blob('b-1')).execute();
          } catch {
            // The caller "handles" the conflict and carries on: the transaction must still not commit.
          }
          await tx.db.insertInto('blobs').values(blob('b-2')).execute();
        }),
        isStoreError('conflict'),
      );
      assert.equal(await countRows(database, 'blobs'), 0);
      assert.equal(await countRows(database, 'change_log'), 0);
    },
  },
  {
    name: '64-bit integers round-trip as exact JavaScript numbers',
    async run({ open }) {
      const database = await open();
      const big = 2 ** 40;
      const max = Number.MAX_SAFE_INTEGER;
      await addAccounts(database, 'acc-big');
      await database.write(async ({ db }) => {
        await db
          .updateTable('accounts')
          .set({ used_bytes: big, quota_bytes: max, used_messages: big + 3, modseq: big, created_at: max })
          .execute();
        await db
          .insertInto('blobs')
          .values({ id: 'big', size: max, refcount: big, unreferenced_since: big, created_at: big })
          .execute();
      });
      const modseq = await database.write((tx) => tx.recordChange('acc-big', 'Email', 'e1', 'created'));
      assert.equal(modseq, big + 1);

      const account = await database.db
        .selectFrom('accounts')
        .select(['used_bytes', 'quota_bytes', 'used_messages', 'modseq', 'created_at'])
        .executeTakeFirstOrThrow();
      assert.deepStrictEqual(account, {
        used_bytes: big,
        quota_bytes: max,
        used_messages: big + 3,
        modseq: big + 1,
        created_at: max,
      });
      const blob = await database.db.selectFrom('blobs').selectAll().executeTakeFirstOrThrow();
      assert.deepStrictEqual(blob, {
        id: 'big',
        size: max,
        refcount: big,
        unreferenced_since: big,
        created_at: big,
      });
      const change = await database.db.selectFrom('change_log').select('modseq').executeTakeFirstOrThrow();
      assert.equal(change.modseq, big + 1);
      // Aggregates too: count(*) is int8 in PostgreSQL.
      assert.strictEqual(await countRows(database, 'accounts'), 1);
      const found = await database.db.selectFrom('blobs').select('id').where('size', '=', max).execute();
      assert.deepStrictEqual(found, [{ id: 'big' }]);
    },
  },
  {
    name: 'the directory version moves with people, establishments and the accounts columns the directory shows',
    async run({ open }) {
      const database = await open();
      const version = async () =>
        (
          await database.db
            .selectFrom('directory_version')
            .select('version')
            .where('id', '=', 1)
            .executeTakeFirstOrThrow()
        ).version;
      const moves = async (label: string, work: Parameters<Database['write']>[0], expected: boolean) => {
        const before = await version();
        await database.write(work);
        assert.equal((await version()) > before, expected, label);
      };
      const before = await version();
      await addAccounts(database, 'dir-1');
      assert.ok((await version()) > before, 'an account created');
      await moves(
        'an account suspended',
        ({ db }) =>
          db.updateTable('accounts').set({ status: 'suspended' }).where('id', '=', 'dir-1').execute(),
        true,
      );
      await moves(
        'an account renamed',
        ({ db }) =>
          db.updateTable('accounts').set({ family_name: 'Durand' }).where('id', '=', 'dir-1').execute(),
        true,
      );
      await moves(
        'a login and a password rehash',
        ({ db }) =>
          db
            .updateTable('accounts')
            .set({ last_activity_at: 1, password_hash: 'x', updated_at: 2 })
            .where('id', '=', 'dir-1')
            .execute(),
        false,
      );
      await moves(
        'an establishment added',
        ({ db }) =>
          db
            .insertInto('establishments')
            .values({
              uai: '0380001A',
              name: 'Lycée Champollion',
              type: 'lycee',
              commune: 'Grenoble',
              department: '38',
              district: null,
              street: null,
              postal_code: null,
              phone: null,
              website: null,
              created_at: 1,
              updated_at: 1,
            })
            .execute(),
        true,
      );
      await moves(
        'a person added with a post',
        async ({ db }) => {
          await db
            .insertInto('people')
            .values({
              id: 'p1',
              hr_id: 'hr1',
              account_id: 'dir-1',
              given_name: 'Camille',
              family_name: 'Durand',
              display_name: 'Camille Durand',
              email: null,
              title: null,
              profile_category: 'enseignant',
              disciplines: '[]',
              phone: null,
              listing: 'listed',
              hr_status: 'present',
              departed_at: null,
              source: 'manual',
              created_at: 1,
              updated_at: 1,
            })
            .execute();
          await db
            .insertInto('person_establishments')
            .values({ person_id: 'p1', establishment_uai: '0380001A', role: 'enseignant', is_primary: 1 })
            .execute();
        },
        true,
      );
      await moves(
        'a person opted out',
        ({ db }) => db.updateTable('people').set({ listing: 'optedOut' }).where('id', '=', 'p1').execute(),
        true,
      );
      await moves(
        'a post removed',
        ({ db }) => db.deleteFrom('person_establishments').where('person_id', '=', 'p1').execute(),
        true,
      );
      await moves(
        'an account deleted',
        ({ db }) => db.deleteFrom('accounts').where('id', '=', 'dir-1').execute(),
        true,
      );
      await moves('a write elsewhere', ({ db }) => db.deleteFrom('blobs').execute(), false);
    },
  },
];
