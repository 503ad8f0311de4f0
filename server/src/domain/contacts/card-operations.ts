// Cards of one book, as CardDAV reaches them by resource name: put (create or replace, with If-Match /
// If-None-Match and one UID per book), delete, read some or all, groups and their members. What changed since
// a sync token is card-sync.ts.

import { randomUUID } from 'node:crypto';
import { ParseError } from '#core/errors';
import { parseVcard, VCARD_LIMITS, withUid, type ParsedCard } from '#formats/vcard';
import { checkResourceName, requireBook } from './book-operations.ts';
import { lockOwner } from './contacts-access.ts';
import type { ContactsContext } from './contacts-context.ts';
import { invalid, notFound, overLimit, preconditionFailed, tooBig, uidConflict } from './contacts-errors.ts';
import {
  CONTACT_LIMITS,
  type ContactCard,
  type ContactsActor,
  type PutCardResult,
  type WriteConditions,
} from './contacts-model.ts';
import {
  bookBytes,
  cardCount,
  cardEtag,
  cardRow,
  toContactCard,
  type BookRow,
  type CardRow,
  type Reader,
} from './contacts-rows.ts';
import { removeCard, storeCard } from './card-store.ts';

/** A card ready to store: its text (with the UID the server may have added) and what was extracted. */
export interface StorableCard {
  readonly text: string;
  readonly parsed: ParsedCard & { readonly uid: string };
}

/** Parse a card for storage; a card without UID gets one (RFC 6352 wants one; old exports lack it). */
export function parseForStorage(name: string, input: string): StorableCard {
  if (Buffer.byteLength(input, 'utf8') > VCARD_LIMITS.maxCardBytes)
    throw tooBig(name, VCARD_LIMITS.maxCardBytes);
  let parsed: ParsedCard;
  try {
    parsed = parseVcard(input);
  } catch (error) {
    if (error instanceof ParseError) throw invalid('card', name, error.code);
    throw error;
  }
  if (parsed.uid !== undefined) return { text: input, parsed: { ...parsed, uid: parsed.uid } };
  const uid = `urn:uuid:${randomUUID()}`;
  return { text: withUid(input, uid), parsed: { ...parsed, uid } };
}

function checkConditions(name: string, current: CardRow | undefined, conditions: WriteConditions): void {
  const etag = current === undefined ? undefined : cardEtag(Number(current.modseq));
  const { ifMatch, ifNoneMatch } = conditions;
  if (ifMatch !== undefined) {
    if (etag === undefined || (ifMatch !== '*' && !ifMatch.includes(etag)))
      throw preconditionFailed(name, 'ifMatch');
  }
  if (ifNoneMatch !== undefined && etag !== undefined) {
    if (ifNoneMatch === '*' || ifNoneMatch.includes(etag)) throw preconditionFailed(name, 'ifNoneMatch');
  }
}

/** The resource name of another card of the book with that UID, if any. */
export async function uidHolder(
  db: Reader,
  bookId: string,
  uid: string,
  except: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('contact_cards')
    .select('resource_name')
    .where('address_book_id', '=', bookId)
    .where('uid', '=', uid)
    .where('resource_name', '!=', except)
    .executeTakeFirst();
  return row?.resource_name;
}

export async function putCard(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  bookName: string,
  resourceName: string,
  vcard: string,
  conditions: WriteConditions = {},
): Promise<PutCardResult> {
  const name = checkResourceName('card', resourceName);
  const book = await requireBook(context, actor, ownerId, bookName);
  const { text, parsed } = parseForStorage(name, vcard);
  const result = await context.database.write(async (tx) => {
    await lockOwner(tx, ownerId);
    const fresh = await freshBook(tx.db, book);
    const existing = await cardRow(tx.db, fresh.id, name);
    checkConditions(name, existing, conditions);
    const holder = await uidHolder(tx.db, fresh.id, parsed.uid, name);
    if (holder !== undefined) throw uidConflict(name, holder);
    if (existing === undefined && (await cardCount(tx.db, fresh.id)) >= CONTACT_LIMITS.maxCardsPerBook)
      throw overLimit('card', name, 'tooManyCards', CONTACT_LIMITS.maxCardsPerBook);
    const bytes = (await bookBytes(tx.db, fresh.id)) - Number(existing?.size ?? 0) + Buffer.byteLength(text);
    if (bytes > CONTACT_LIMITS.maxBytesPerBook)
      throw overLimit('card', name, 'bookFull', CONTACT_LIMITS.maxBytesPerBook);
    const row = await storeCard(context, tx, { book: fresh, resourceName: name, text, parsed, existing });
    return { card: toContactCard(row), isNew: existing === undefined };
  });
  context.log.debug(
    { event: 'card.put', accountId: ownerId, cardId: result.card.id, isNew: result.isNew },
    'card stored',
  );
  return result;
}

export async function deleteCard(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  bookName: string,
  resourceName: string,
  conditions: WriteConditions = {},
): Promise<void> {
  const book = await requireBook(context, actor, ownerId, bookName);
  await context.database.write(async (tx) => {
    await lockOwner(tx, ownerId);
    const fresh = await freshBook(tx.db, book);
    const existing = await cardRow(tx.db, fresh.id, resourceName);
    checkConditions(resourceName, existing, conditions);
    if (existing === undefined) throw notFound('card', resourceName);
    await removeCard(context, tx, fresh, existing);
  });
}

/** The book again inside the transaction: it may have gone since it was looked up. */
async function freshBook(db: Reader, book: BookRow): Promise<BookRow> {
  const row = await db.selectFrom('address_books').selectAll().where('id', '=', book.id).executeTakeFirst();
  if (row === undefined) throw notFound('addressBook', book.resource_name);
  return row;
}

/** The cards among `resourceNames` that exist, in that order. */
export async function getCards(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  bookName: string,
  resourceNames: readonly string[],
): Promise<readonly ContactCard[]> {
  const book = await requireBook(context, actor, ownerId, bookName);
  const found = new Map<string, ContactCard>();
  const wanted = [...new Set(resourceNames)];
  // Chunks keep the IN list far below both databases' parameter limits.
  for (let start = 0; start < wanted.length; start += 500) {
    const rows = await context.database.db
      .selectFrom('contact_cards')
      .selectAll()
      .where('address_book_id', '=', book.id)
      .where('resource_name', 'in', wanted.slice(start, start + 500))
      .execute();
    for (const row of rows) found.set(row.resource_name, toContactCard(row));
  }
  return resourceNames.flatMap((name) => {
    const card = found.get(name);
    return card === undefined ? [] : [card];
  });
}

export async function listCards(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  bookName: string,
): Promise<readonly ContactCard[]> {
  const book = await requireBook(context, actor, ownerId, bookName);
  const rows = await context.database.db
    .selectFrom('contact_cards')
    .selectAll()
    .where('address_book_id', '=', book.id)
    .orderBy('resource_name')
    .execute();
  return rows.map(toContactCard);
}

/** The members of a group card that are in the same book (by UID, `urn:uuid:` prefix or not). */
export async function groupMembers(
  context: ContactsContext,
  actor: ContactsActor,
  ownerId: string,
  bookName: string,
  groupResourceName: string,
): Promise<readonly ContactCard[]> {
  const [group] = await getCards(context, actor, ownerId, bookName, [groupResourceName]);
  if (group === undefined || group.kind !== 'group') throw notFound('card', groupResourceName);
  const uids = group.members.map((member) => member.replace(/^urn:uuid:/i, ''));
  const all = await listCards(context, actor, ownerId, bookName);
  const wanted = new Set([...uids, ...group.members]);
  return all.filter((card) => wanted.has(card.uid) || wanted.has(card.uid.replace(/^urn:uuid:/i, '')));
}
