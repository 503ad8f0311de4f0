// Migration 18: personal address books (issue 7, docs/contacts.md): each account's books, the cards in them
// (the client's vCard text is the truth, with extracted columns for listing, search and CardDAV queries), the
// addresses of every card (so "is this correspondent already known?" is one indexed lookup when mail is sent),
// and the tombstones of removed cards, which WebDAV sync-collection (RFC 6578) reports as removed resources.
// Portable schema builder only, as 0009 and 0011.

import type { Kysely } from 'kysely';
import type { Migration } from './run-migrations.ts';

async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('address_books')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // The last URL segment under the account's CardDAV home; unique per account, never changed.
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text', (c) => c.notNull())
    // 'default' (the "Contacts" book) or 'collected' (addresses collected from sent mail); null for others.
    .addColumn('role', 'text')
    .addColumn('sort_order', 'integer', (c) => c.notNull())
    // The modseq of the last change to the book or its cards: the CardDAV sync-token and CTag.
    .addColumn('modseq', 'bigint', (c) => c.notNull())
    // Sync tokens below this are refused (valid-sync-token): the book's creation, then the pruned tombstones.
    .addColumn('sync_floor_modseq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('address_books_account_resource_key', ['account_id', 'resource_name'])
    .execute();

  await db.schema
    .createTable('contact_cards')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('address_book_id', 'text', (c) =>
      c.notNull().references('address_books.id').onDelete('cascade'),
    )
    // The vCard UID (RFC 6350 §6.7.6); unique per book (CardDAV no-uid-conflict, RFC 6352 §6.3.2.1).
    .addColumn('uid', 'text', (c) => c.notNull())
    // The DAV resource name (the last path segment, e.g. 1234.vcf); unique per book.
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .addColumn('vcard', 'text', (c) => c.notNull())
    // individual | group (vCard 4 KIND, or Apple's X-ADDRESSBOOKSERVER-KIND).
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('full_name', 'text', (c) => c.notNull())
    .addColumn('given_name', 'text', (c) => c.notNull())
    .addColumn('family_name', 'text', (c) => c.notNull())
    // JSON arrays of strings, as the card gives them (emails lower-cased).
    .addColumn('emails', 'text', (c) => c.notNull())
    .addColumn('phones', 'text', (c) => c.notNull())
    .addColumn('organization', 'text', (c) => c.notNull())
    // JSON array of the member URIs of a group (urn:uuid:…); [] for an individual.
    .addColumn('members', 'text', (c) => c.notNull())
    // UTF-8 bytes of the vCard text.
    .addColumn('size', 'integer', (c) => c.notNull())
    // The modseq of the card's last write: its ETag and its place in sync-collection.
    .addColumn('modseq', 'bigint', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .addUniqueConstraint('contact_cards_book_resource_key', ['address_book_id', 'resource_name'])
    .addUniqueConstraint('contact_cards_book_uid_key', ['address_book_id', 'uid'])
    .execute();
  // sync-collection reads a book's cards changed after a modseq.
  await db.schema
    .createIndex('contact_cards_book_modseq_idx')
    .on('contact_cards')
    .columns(['address_book_id', 'modseq'])
    .execute();

  // One row per address of a card: collected addresses ask whether an address is known in any of the books.
  await db.schema
    .createTable('contact_card_emails')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    // Lower case.
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('card_id', 'text', (c) => c.notNull().references('contact_cards.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('contact_card_emails_pkey', ['account_id', 'email', 'card_id'])
    .execute();
  await db.schema
    .createIndex('contact_card_emails_card_id_idx')
    .on('contact_card_emails')
    .column('card_id')
    .execute();

  // A removed card, reported by sync-collection until the prune job removes it with the change log's retention.
  await db.schema
    .createTable('contact_card_tombstones')
    .addColumn('address_book_id', 'text', (c) =>
      c.notNull().references('address_books.id').onDelete('cascade'),
    )
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .addColumn('modseq', 'bigint', (c) => c.notNull())
    .addColumn('removed_at', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('contact_card_tombstones_pkey', ['address_book_id', 'resource_name'])
    .execute();
  await db.schema
    .createIndex('contact_card_tombstones_removed_at_idx')
    .on('contact_card_tombstones')
    .column('removed_at')
    .execute();
}

export const addressBooks: Migration = { version: 18, name: 'address-books', up };
