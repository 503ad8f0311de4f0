// ContactCard/set (RFC 9610 §3.6): create, update (a PatchObject over the JSContact properties) and destroy,
// each card on its own, through the contacts module: the card is stored as vCard, with the account's next
// modseq and its change-log row, and its ETag changes, exactly as a CardDAV PUT (so a phone syncing the book
// sees the change). An update patches the stored vCard: the properties JSContact does not model (photos, X-
// properties) stay. A card is in exactly one book: `addressBookIds` names one (the default book when absent);
// two books, or a move to another book, is invalidProperties. `uid` is immutable once created.

import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';
import type { AddressBook, ContactCard } from '#domain/contacts';
import { jscontactToVcard, type JsCard } from '#formats/jscontact';
import { defineMethod, type MethodContext } from '../../method-context.ts';
import { setErrorFor } from '../../method-error.ts';
import { requireAccount } from '../../standard/arguments.ts';
import { applySet, InvalidProperties, setArguments } from '../../standard/set-arguments.ts';
import { notAsSent } from '../../standard/set-fields.ts';
import { CONTACTS, contactsState, startContactsSet } from '../contacts-changes.ts';
import { applyPatch } from './card-patch.ts';
import { CARD_FIELDS } from './card-schema.ts';
import { jmapContactCard, SERVER_SET, utcDate } from './contact-card-object.ts';

/** Writes retried when the card changed between its read and the write (another client's PUT). */
const MAX_ATTEMPTS = 3;

export const contactCardSet = defineMethod({
  capability: CONTACTS,
  schema: z.strictObject(setArguments),
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const actor = { accountId };
    const { contacts, contactsJmap } = context.services;
    const oldState = await startContactsSet(args, 'ContactCard', context);
    let books: readonly AddressBook[] | undefined;
    const booksNow = async () => (books ??= await contacts.listBooks(actor, accountId));
    const cardOf = async (id: string): Promise<ContactCard> => {
      const [card] = await contactsJmap.cardsByIds(actor, accountId, [id]);
      if (card === undefined)
        throw new DomainError('notFound', `no card ${id}`, { details: { subject: 'card', name: id } });
      return card;
    };
    const bookOf = async (id: string) => (await booksNow()).find((book) => book.id === id);

    const results = await applySet(args, {
      async create(creationId, input) {
        const fields = checkedFields(input, Object.keys(input));
        for (const property of SERVER_SET)
          if (Object.hasOwn(input, property))
            throw new InvalidProperties([property], `${property} is set by the server`);
        const book = await chosenBook(fields.addressBookIds, context, booksNow);
        const card = cardFrom({ ...fields, uid: fields.uid ?? `urn:uuid:${randomUUID()}` });
        const text = jscontactToVcard(card, { rev: utcDate(new Date()) });
        const stored = await contacts.putCard(
          actor,
          accountId,
          book.resourceName,
          `${randomUUID()}.vcf`,
          text,
          {
            ifNoneMatch: '*',
          },
        );
        books = undefined;
        context.createdIds.set(creationId, stored.card.id);
        return notAsSent(jmapContactCard(stored.card), input, true);
      },
      async update(id, patch) {
        for (let attempt = 1; ; attempt++) {
          const current = await cardOf(id);
          const shown = jmapContactCard(current);
          const { object, touched } = applyPatch(shown as unknown as Record<string, unknown>, patch);
          const unchanged = ['uid', 'addressBookIds', ...SERVER_SET].filter(
            (property) =>
              touched.has(property) &&
              JSON.stringify(object[property]) !== JSON.stringify(shown[property as keyof typeof shown]),
          );
          if (unchanged.length > 0)
            throw new InvalidProperties(
              unchanged,
              `${unchanged.join(', ')}: immutable (a card stays in its book)`,
            );
          const fields = checkedFields(
            object,
            [...touched].filter((property) => !unchanged.includes(property)),
          );
          const book = await bookOf(current.addressBookId);
          if (book === undefined)
            throw new DomainError('notFound', `no card ${id}`, { details: { subject: 'card', name: id } });
          const text = jscontactToVcard(cardFrom({ ...fields, uid: current.uid }), {
            existing: current.vcard,
            rev: utcDate(new Date()),
          });
          try {
            const stored = await contacts.putCard(
              actor,
              accountId,
              book.resourceName,
              current.resourceName,
              text,
              {
                ifMatch: [current.etag],
              },
            );
            const changed = notAsSent(jmapContactCard(stored.card), object, false);
            return Object.keys(changed).length > 0 ? changed : null;
          } catch (error) {
            if (attempt >= MAX_ATTEMPTS || !isPreconditionFailed(error)) throw error;
          }
        }
      },
      async destroy(id) {
        const card = await cardOf(id);
        const book = await bookOf(card.addressBookId);
        if (book === undefined)
          throw new DomainError('notFound', `no card ${id}`, { details: { subject: 'card', name: id } });
        await contacts.deleteCard(actor, accountId, book.resourceName, card.resourceName);
      },
      refusal,
    });
    return { accountId, oldState, newState: await contactsState('ContactCard', context), ...results };
  },
});

type CardFields = Partial<{ [K in keyof typeof CARD_FIELDS]: z.output<(typeof CARD_FIELDS)[K]> }>;

/**
 * The card's properties by their schemas; those in `checked` must pass (a null is an absent property), the
 * others (unchanged by an update) are taken as the store gave them. Unknown ones are invalidProperties.
 */
function checkedFields(object: Readonly<Record<string, unknown>>, checked: readonly string[]): CardFields {
  const bad: string[] = [];
  const fields: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(object)) {
    if ((SERVER_SET as readonly string[]).includes(property)) continue;
    if (!Object.hasOwn(CARD_FIELDS, property)) {
      bad.push(property);
      continue;
    }
    if (value === null || value === undefined) continue;
    if (!checked.includes(property)) {
      fields[property] = value;
      continue;
    }
    const parsed = CARD_FIELDS[property as keyof typeof CARD_FIELDS].safeParse(value);
    if (parsed.success) fields[property] = parsed.data;
    else bad.push(property);
  }
  if (
    fields.members !== undefined &&
    Object.keys(fields.members as object).length > 0 &&
    fields.kind !== 'group'
  )
    bad.push('members');
  if (bad.length > 0) throw new InvalidProperties(bad, `cannot set ${bad.join(', ')}`);
  return fields as CardFields;
}

/** The one book of a new card: the default when none is named, else exactly one of the account's. */
async function chosenBook(
  ids: Readonly<Record<string, true>> | undefined,
  context: MethodContext,
  booksNow: () => Promise<readonly AddressBook[]>,
): Promise<AddressBook> {
  const books = await booksNow();
  const named = Object.keys(ids ?? {}).map((id) =>
    id.startsWith('#') ? (context.createdIds.get(id.slice(1)) ?? id) : id,
  );
  if (named.length === 0) {
    const fallback = books.find((book) => book.role === 'default');
    if (fallback !== undefined) return fallback;
  }
  const book = named.length === 1 ? books.find((candidate) => candidate.id === named[0]) : undefined;
  if (book === undefined)
    throw new InvalidProperties(
      ['addressBookIds'],
      "a card is in exactly one of the account's address books",
    );
  return book;
}

function cardFrom(fields: CardFields & { uid: string }): JsCard {
  const { addressBookIds: _books, ...rest } = fields;
  return { ...rest, '@type': 'Card', version: '1.0', kind: fields.kind ?? 'individual' } as JsCard;
}

function isPreconditionFailed(error: unknown): boolean {
  return error instanceof DomainError && error.details.reason === 'preconditionFailed';
}

function refusal(error: unknown, input: Readonly<Record<string, unknown>>): JmapSetError {
  if (error instanceof DomainError) {
    const { reason } = error.details;
    if (reason === 'tooManyCards' || reason === 'bookFull')
      return { type: 'overQuota', description: error.message };
    // The vCard the properties make is refused by the codec (too big once written, a bad UID).
    if (error.code === 'invalid' && reason === 'invalidUid')
      return { type: 'invalidProperties', description: error.message, properties: ['uid'] };
  }
  return setErrorFor(error, Object.keys(input));
}
