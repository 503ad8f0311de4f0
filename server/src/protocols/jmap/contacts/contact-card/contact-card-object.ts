// The JMAP ContactCard object (RFC 9610 §3) from the contacts module's card: its JSContact properties read
// from the stored vCard (formats/jscontact), the one book it is in, and the times the store keeps.

import type { JmapContactCard } from '@vercors/contract';
import type { ContactCard } from '#domain/contacts';
import { vcardToJscontact, type JsCard } from '#formats/jscontact';

export const CONTACT_CARD_PROPERTIES = [
  'id',
  'addressBookIds',
  '@type',
  'version',
  'uid',
  'kind',
  'created',
  'updated',
  'name',
  'nicknames',
  'organizations',
  'titles',
  'emails',
  'phones',
  'addresses',
  'onlineServices',
  'links',
  'notes',
  'anniversaries',
  'members',
] as const;

/** Set by the server: a create or update naming them otherwise is invalidProperties. */
export const SERVER_SET = ['id', 'created', 'updated'] as const;

export function jmapContactCard(card: ContactCard): JmapContactCard {
  let properties: JsCard;
  try {
    properties = vcardToJscontact(card.vcard);
  } catch {
    // Every stored card was parsed when written; should one no longer parse, its columns still show it.
    properties = {
      '@type': 'Card',
      version: '1.0',
      uid: card.uid,
      kind: card.kind,
      name: { full: card.fullName },
    };
  }
  return {
    id: card.id,
    addressBookIds: { [card.addressBookId]: true },
    ...properties,
    uid: card.uid,
    created: utcDate(card.createdAt),
    updated: utcDate(card.updatedAt),
  };
}

/** RFC 8620 §1.4 UTCDate: milliseconds when not zero (so two writes in one second still differ). */
export function utcDate(date: Date): string {
  return date.toISOString().replace(/\.000Z$/, 'Z');
}
