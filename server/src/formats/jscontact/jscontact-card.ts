// The JSContact Card (RFC 9553) the codec reads from and writes to vCard: the contract's ContactCard without
// what the store decides (id, address books, created, updated).

import type { JmapContactCard } from '@vercors/contract';

export type JsCard = Omit<JmapContactCard, 'id' | 'addressBookIds' | 'created' | 'updated'>;

/**
 * The prefix of the ids the codec gives each map's entries (`e1`, `e2`… in card order) when the vCard has no
 * PROP-ID parameter (RFC 9554 §4.6); an entry whose id is not the default one is written with PROP-ID, so the
 * client's ids come back.
 */
export const ID_PREFIXES = {
  nicknames: 'k',
  organizations: 'o',
  titles: 't',
  emails: 'e',
  phones: 'p',
  addresses: 'a',
  onlineServices: 's',
  links: 'l',
  notes: 'n',
  anniversaries: 'b',
} as const;

export type CardMap = keyof typeof ID_PREFIXES;

/**
 * The vCard properties the codec models: JSContact → vCard replaces them, and keeps every other property of the
 * existing card as it was (PHOTO, X- properties, CATEGORIES…). REV is rewritten at each write.
 */
export const MODELED_PROPERTIES: ReadonlySet<string> = new Set([
  'fn',
  'n',
  'kind',
  'x-addressbookserver-kind',
  'member',
  'x-addressbookserver-member',
  'nickname',
  'org',
  'title',
  'role',
  'email',
  'tel',
  'adr',
  'label',
  'url',
  'impp',
  'note',
  'bday',
  'anniversary',
  'deathdate',
  'rev',
]);
