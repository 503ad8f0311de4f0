// Moving and copying a card to another of the person's books. A card is in exactly one book (docs/jmap.md
// "Contacts": a change of book is refused), so both create the card again there from its JSContact
// properties; a move then destroys the original, and only once the copy exists. A move keeps the UID (groups
// still find their member); a copy gets a new one, as the two cards may then evolve apart. What the server
// does not map to JSContact (a photo, X- properties) is not carried along.

import type { JmapClient } from '../jmap/jmap-client.ts';
import type { CardView } from './card-display.ts';
import { createCard, destroyCard } from './contacts-api.ts';

/** Set by the server, or naming the book: never sent back in a create. */
const NOT_COPIED = new Set(['id', 'addressBookIds', 'created', 'updated', '@type', 'version']);

export function copyCreate(card: CardView, addressBookId: string, keepUid: boolean): Record<string, unknown> {
  const create: Record<string, unknown> = { addressBookIds: { [addressBookId]: true } };
  for (const [property, value] of Object.entries(card))
    if (!NOT_COPIED.has(property) && value !== undefined && (keepUid || property !== 'uid'))
      create[property] = value;
  return create;
}

/** Copy the card into the book (moving it: then remove the original); the new card's id. */
export async function transferCard(
  client: Pick<JmapClient, 'accountId' | 'call'>,
  card: CardView,
  addressBookId: string,
  isMove: boolean,
): Promise<string> {
  const id = await createCard(client, copyCreate(card, addressBookId, isMove));
  if (isMove) await destroyCard(client, card.id);
  return id;
}
