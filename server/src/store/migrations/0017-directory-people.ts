// Migration 17: the académie directory's people (issue 7). Establishments gain the fields a directory card shows
// (district, postal address, phone, website); `people` holds one row per person the HR source knows, linked to
// their account when they have one; `person_establishments` says where each works, in which role, and which post
// is their main one. Portable schema builder only.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  // Nullable: the HR source or the administrator fills them in when known.
  for (const column of ['district', 'street', 'postal_code', 'phone', 'website']) {
    await db.schema.alterTable('establishments').addColumn(column, 'text').execute();
  }

  await db.schema
    .createTable('people')
    .addColumn('id', 'text', (c) => c.primaryKey())
    // The HR source's stable identifier (employee number, LDAP uid): what makes a re-import an update.
    .addColumn('hr_id', 'text', (c) => c.notNull())
    // A person without an account (no address in a served domain) is still in the directory; deleting the
    // account keeps the directory entry, which the next import may link again.
    .addColumn('account_id', 'text', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    // Professional address, lower case; null when HR has none.
    .addColumn('email', 'text')
    // The function as HR words it: "Professeur des écoles", "Secrétaire de direction".
    .addColumn('title', 'text')
    .addColumn('profile_category', 'text', (c) => c.notNull())
    // JSON array of discipline names, in the source's order.
    .addColumn('disciplines', 'text', (c) => c.notNull())
    .addColumn('phone', 'text')
    // listed | optedOut: the person's own choice, which an import never overrides.
    .addColumn('listing', 'text', (c) => c.notNull())
    // present | departed (gone from a complete import), with when.
    .addColumn('hr_status', 'text', (c) => c.notNull())
    .addColumn('departed_at', 'bigint')
    // csv | ldap | manual | demo: where the entry last came from.
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('people_hr_id_key', ['hr_id'])
    .addUniqueConstraint('people_account_id_key', ['account_id'])
    .addUniqueConstraint('people_email_key', ['email'])
    .execute();
  // The directory lists present people by name; the import reads present people to find departures.
  await db.schema
    .createIndex('people_status_name_idx')
    .on('people')
    .columns(['hr_status', 'family_name', 'given_name'])
    .execute();

  await db.schema
    .createTable('person_establishments')
    .addColumn('person_id', 'text', (c) => c.notNull().references('people.id').onDelete('cascade'))
    // No cascade: removing an establishment people still work in is refused (directory-service.ts counts them).
    .addColumn('establishment_uai', 'text', (c) => c.notNull().references('establishments.uai'))
    // enseignant, direction, secretariat, vie-scolaire, gestion, technique, inspection, autre.
    .addColumn('role', 'text', (c) => c.notNull())
    // 1 for the person's main post (exactly one per person who has any), else 0.
    .addColumn('is_primary', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('person_establishments_pkey', ['person_id', 'establishment_uai'])
    .execute();
  // "Who works at X": the directory by establishment, and the foreign key check when X is removed.
  await db.schema
    .createIndex('person_establishments_uai_idx')
    .on('person_establishments')
    .column('establishment_uai')
    .execute();
}

export const directoryPeople: Migration = { version: 17, name: 'directory-people', up };
