// vCard import (a multi-card file into one book) and export (one book as a .vcf). Import matches cards by UID:
// a UID already in the book replaces that card (unless the text is the same), a new one is created. Cards
// that cannot be read are reported with their line and reason; the readable ones are written in one
// transaction, so a failure leaves the book as it was.

import { randomUUID } from 'node:crypto';
import { DomainError, ParseError } from '#core/errors';
import { splitVcards, type SplitResult } from '#formats/vcard';
import { requireBook } from './book-operations.ts';
import { lockOwner } from './contacts-access.ts';
import type { ContactsContext } from './contacts-context.ts';
import { invalid, notFound, overLimit } from './contacts-errors.ts';
import { CONTACT_LIMITS, type ContactsActor, type ImportReport } from './contacts-model.ts';
import { cardCount, type CardRow } from './contacts-rows.ts';
import { parseForStorage, type StorableCard } from './card-operations.ts';
import { storeCard } from './card-store.ts';

interface ReadCard extends StorableCard {
  readonly line: number;
}

/** The file's readable cards (first of each UID) and the refused ones with their line and reason. */
function readImportFile(
  bookName: string,
  file: string,
): { readable: ReadCard[]; rejected: ImportReport['rejected'][number][] } {
  let split: SplitResult;
  try {
    split = splitVcards(file);
  } catch (error) {
    if (error instanceof ParseError) throw invalid('import', bookName, error.code);
    throw error;
  }
  const rejected: { line: number; reason: string }[] = [];
  if (split.unterminatedAt !== undefined)
    rejected.push({ line: split.unterminatedAt, reason: 'unterminated' });
  const readable: ReadCard[] = [];
  const seen = new Set<string>();
  for (const card of split.cards) {
    try {
      const storable = parseForStorage(`line ${card.line}`, card.text);
      // A file that repeats a UID: the first card wins, the others are reported.
      if (seen.has(storable.parsed.uid)) {
        rejected.push({ line: card.line, reason: 'duplicateUid' });
        continue;
      }
      seen.add(storable.parsed.uid);
      readable.push({ line: card.line, ...storable });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      rejected.push({ line: card.line, reason: String(error.details.reason ?? error.code) });
    }
  }
  return { readable, rejected };
}

export async function importVcards(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  bookName: string,
  file: string,
): Promise<ImportReport> {
  const book = await requireBook(context, actor, ownerId, bookName);
  const { readable, rejected } = readImportFile(bookName, file);

  const counts = await context.database.write(async (tx) => {
    await lockOwner(tx, ownerId);
    const fresh = await tx.db
      .selectFrom('address_books')
      .selectAll()
      .where('id', '=', book.id)
      .executeTakeFirst();
    if (fresh === undefined) throw notFound('addressBook', bookName);
    const rows = await tx.db
      .selectFrom('contact_cards')
      .selectAll()
      .where('address_book_id', '=', fresh.id)
      .execute();
    const existing = new Map<string, CardRow>(rows.map((row) => [row.uid, row]));
    const creating = readable.filter((card) => !existing.has(card.parsed.uid)).length;
    if ((await cardCount(tx.db, fresh.id)) + creating > CONTACT_LIMITS.maxCardsPerBook)
      throw overLimit('import', bookName, 'tooManyCards', CONTACT_LIMITS.maxCardsPerBook);
    // What the book will weigh: every card it keeps, with the imported ones in place of those they replace.
    const replaced = new Set(readable.map((card) => card.parsed.uid));
    const kept = rows.filter((row) => !replaced.has(row.uid)).reduce((sum, row) => sum + Number(row.size), 0);
    const incoming = readable.reduce((sum, card) => sum + Buffer.byteLength(card.text), 0);
    if (kept + incoming > CONTACT_LIMITS.maxBytesPerBook)
      throw overLimit('import', bookName, 'bookFull', CONTACT_LIMITS.maxBytesPerBook);
    let created = 0;
    let updated = 0;
    let unchanged = 0;
    for (const card of readable) {
      const current = existing.get(card.parsed.uid);
      if (current?.vcard === card.text) {
        unchanged += 1;
        continue;
      }
      await storeCard(context, tx, {
        book: fresh,
        resourceName: current?.resource_name ?? resourceNameFor(card.parsed.uid),
        text: card.text,
        parsed: card.parsed,
        existing: current,
      });
      if (current === undefined) created += 1;
      else updated += 1;
    }
    return { created, updated, unchanged };
  });
  context.log.info(
    {
      event: 'contacts.imported',
      accountId: ownerId,
      addressBookId: book.id,
      ...counts,
      rejected: rejected.length,
    },
    'vCards imported',
  );
  return { ...counts, rejected };
}

/** A resource name from the UID when it is a safe path segment, else a fresh one. */
function resourceNameFor(uid: string): string {
  const bare = uid.replace(/^urn:uuid:/i, '');
  return /^[A-Za-z0-9._@-]{1,200}$/.test(bare) ? `${bare}.vcf` : `${randomUUID()}.vcf`;
}

/** The whole book as one .vcf file (RFC 6350 §3.1: cards one after the other, CRLF line ends). */
export async function exportVcards(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  bookName: string,
): Promise<string> {
  const book = await requireBook(context, actor, ownerId, bookName);
  const rows = await context.database.db
    .selectFrom('contact_cards')
    .select('vcard')
    .where('address_book_id', '=', book.id)
    .orderBy('full_name')
    .orderBy('resource_name')
    .execute();
  return rows.map((row) => (/\r?\n$/.test(row.vcard) ? row.vcard : `${row.vcard}\r\n`)).join('');
}
